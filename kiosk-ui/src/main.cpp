// pickupbox-kiosk: the touchscreen app. A client of boxd's local API; it holds no state of
// its own that boxd could not rebuild, so it may crash or restart at any time.
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQuickWindow>
#include <QTimer>
#include <cstdio>

#include "kiosk.hpp"

namespace {

using pickupbox::kiosk::KioskOptions;

struct AppOptions {
  KioskOptions kiosk;
  bool windowed = false;
  bool report_first_frame = false;
  int quit_after_s = 0;
};

AppOptions parse(const QGuiApplication& app) {
  QCommandLineParser parser;
  parser.setApplicationDescription("Pickup Box kiosk: citizen pickup and staff screens, a client of boxd");
  parser.addHelpOption();
  parser.addVersionOption();
  const QString default_socket = qEnvironmentVariable("PICKUPBOX_SOCKET", "/run/pickupbox/api.sock");
  QCommandLineOption socket("socket", "boxd's API socket (env PICKUPBOX_SOCKET).", "path", default_socket);
  QCommandLineOption idle("idle-s", "Seconds without a touch before the kiosk returns to welcome.", "seconds", "60");
  QCommandLineOption language("language", "Start-up language: da or en.", "code", "da");
  QCommandLineOption windowed("windowed", "A 540x960 window instead of full screen (development).");
  QCommandLineOption first_frame("report-first-frame", "Print the milliseconds from start to the first frame.");
  QCommandLineOption sim_controls("simulator-controls",
                                  "Show buttons that close simulated doors (only with boxd --sim).");
  QCommandLineOption quit_after("quit-after-s", "Quit after this many seconds (benchmarks).", "seconds", "0");
  parser.addOptions({socket, idle, language, windowed, first_frame, sim_controls, quit_after});
  parser.process(app);

  AppOptions options;
  options.kiosk.socket_path = parser.value(socket);
  bool ok = false;
  const int idle_s = parser.value(idle).toInt(&ok);
  if (!ok || idle_s < 5 || idle_s > 3600) {
    std::fprintf(stderr, "pickupbox-kiosk: --idle-s '%s' is not a number of seconds from 5 to 3600\n",
                 qPrintable(parser.value(idle)));
    std::exit(2);
  }
  options.kiosk.idle_timeout_ms = idle_s * 1000;
  options.kiosk.language = parser.value(language);
  if (options.kiosk.language != "da" && options.kiosk.language != "en") {
    std::fprintf(stderr, "pickupbox-kiosk: --language '%s' is not da or en\n", qPrintable(options.kiosk.language));
    std::exit(2);
  }
  options.kiosk.simulator_controls = parser.isSet(sim_controls);
  options.windowed = parser.isSet(windowed);
  options.report_first_frame = parser.isSet(first_frame);
  options.quit_after_s = parser.value(quit_after).toInt();
  return options;
}

}  // namespace

int main(int argc, char* argv[]) {
  QElapsedTimer since_start;
  since_start.start();
  QGuiApplication app(argc, argv);
  QGuiApplication::setApplicationName("pickupbox-kiosk");
  QGuiApplication::setApplicationVersion(PICKUPBOX_VERSION);
  const auto options = parse(app);

  pickupbox::kiosk::Kiosk kiosk(options.kiosk);
  QQmlApplicationEngine engine;
  kiosk.expose(engine);
  QObject::connect(
      &engine, &QQmlApplicationEngine::objectCreationFailed, &app, [] { QCoreApplication::exit(1); },
      Qt::QueuedConnection);
  engine.load(QUrl(pickupbox::kiosk::main_qml_url));
  if (engine.rootObjects().isEmpty()) {
    std::fprintf(stderr, "pickupbox-kiosk: the screens (%s) failed to load; see the QML errors above\n",
                 pickupbox::kiosk::main_qml_url);
    return 1;
  }
  auto* window = qobject_cast<QQuickWindow*>(engine.rootObjects().first());
  if (!window) {
    std::fprintf(stderr, "pickupbox-kiosk: %s is not a Window\n", pickupbox::kiosk::main_qml_url);
    return 1;
  }
  if (options.windowed) {
    window->resize(540, 960);
    window->show();
  } else {
    window->showFullScreen();
  }
  if (options.report_first_frame) {
    QObject::connect(
        window, &QQuickWindow::frameSwapped, &app,
        [&since_start] {
          std::printf("first_frame_ms=%lld\n", static_cast<long long>(since_start.elapsed()));
          std::fflush(stdout);
        },
        Qt::SingleShotConnection);
  }
  if (options.quit_after_s > 0) QTimer::singleShot(options.quit_after_s * 1000, &app, &QCoreApplication::quit);
  kiosk.start();
  return app.exec();
}
