// kiosk-screenshots: every kiosk screen, in Danish and English, rendered offscreen at the
// design size (1080x1920) against a real `boxd --sim`, saved as <out>/<lang>/<screen>[-<variant>].png.
// Exits non-zero if a screen cannot be shown, or if any PNG is missing or blank (one colour).
//
//   kiosk-screenshots [--boxd PATH] [--out DIR]      all screens (default out: ./screenshots)
//   kiosk-screenshots [--boxd PATH] --readme DIR      only the README's few, scaled to 540x960
#include <QCommandLineParser>
#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QGuiApplication>
#include <QHash>
#include <QQmlError>
#include <QImage>
#include <QQmlApplicationEngine>
#include <QQuickWindow>
#include <QTimer>
#include <cstdio>
#include <functional>
#include <vector>

#include "boxd_fixture.hpp"
#include "kiosk.hpp"

namespace {

using pickupbox::kiosk::Kiosk;
using pickupbox::kiosk::KioskOptions;
using pickupbox::kiosk::test::BoxdFixture;

struct Shot {
  QString screen;
  QString variant;  // "" for none
  QVariantMap props;
  QString file() const { return variant.isEmpty() ? screen : screen + "-" + variant; }
};

// Every screen with realistic values (a real locker id, boxd's figures).
std::vector<Shot> all_shots() {
  return {
      {"welcome", "", {}},
      {"code", "", {}},
      {"identity", "", {}},
      {"door", "", {{"lockerId", "A07"}}},
      {"thanks", "", {{"timeoutMs", 600000}}},
      {"error", "wrong_code", {{"kind", "wrong_code"}, {"attemptsLeft", 3}}},
      {"error", "wrong_identity", {{"kind", "wrong_identity"}, {"attemptsLeft", 2}}},
      {"error", "blocked", {{"kind", "blocked"}}},
      {"error", "throttled", {{"kind", "throttled"}, {"waitSeconds", 30}}},
      {"error", "door_failed", {{"kind", "door_failed"}, {"lockerId", "A07"}}},
      {"error", "expired", {{"kind", "expired"}}},
      {"error", "connection", {{"kind", "connection"}}},
      {"out_of_order", "", {}},
      {"staff_login", "", {}},
      {"staff_login", "pin", {{"step", "pin"}}},
      {"staff_home", "", {}},
      {"staff_orders", "", {{"orderState", "awaiting_load"}}},
      {"staff_adhoc", "", {{"phone", "+4512345678"}, {"documentKind", "passport"}, {"size", "M"}}},
      {"staff_door", "load", {{"lockerId", "A07"}, {"purpose", "load"}}},
      {"staff_door", "retrieve", {{"lockerId", "B03"}, {"purpose", "retrieve"}}},
      {"staff_expired", "", {{"orderState", "expired"}}},
      {"staff_service", "", {}},
      {"connecting", "", {}},
  };
}

struct ReadmeShot {
  QString lang;
  QString screen;
  QVariantMap props;
};

std::vector<ReadmeShot> readme_shots() {
  return {{"da", "welcome", {}},
          {"en", "code", {}},
          {"en", "door", {{"lockerId", "A07"}}},
          {"en", "staff_service", {}}};
}

bool wait_until(const std::function<bool()>& condition, int timeout_ms) {
  QDeadlineTimer deadline(timeout_ms);
  while (!condition()) {
    if (deadline.hasExpired()) return false;
    QEventLoop loop;
    QTimer::singleShot(10, &loop, &QEventLoop::quit);
    loop.exec();
  }
  return true;
}

// Renders the next frame and grabs it. frameSwapped says the scene was synced and drawn.
QImage frame(QQuickWindow& window) {
  bool swapped = false;
  auto connection = QObject::connect(&window, &QQuickWindow::frameSwapped, [&] { swapped = true; });
  window.requestUpdate();
  window.update();
  if (!wait_until([&] { return swapped; }, 5000)) {
    std::fprintf(stderr, "kiosk-screenshots: no frame within 5 s; grabbing anyway\n");
  }
  QObject::disconnect(connection);
  return window.grabWindow();
}

// Blank: every pixel the same colour (nothing drawn).
bool blank(const QImage& image) {
  if (image.isNull()) return true;
  const QImage rgb = image.convertToFormat(QImage::Format_RGB32);
  const QRgb first = rgb.pixel(0, 0);
  for (int y = 0; y < rgb.height(); ++y) {
    const auto* line = reinterpret_cast<const QRgb*>(rgb.constScanLine(y));
    for (int x = 0; x < rgb.width(); ++x) {
      if (line[x] != first) return false;
    }
  }
  return true;
}

// The share of the picture in its most common colour: a screen whose layout collapsed
// (say, its Theme failed to load) is a few specks of text on white.
double dominant_share(const QImage& image) {
  const QImage rgb = image.convertToFormat(QImage::Format_RGB32);
  QHash<QRgb, qint64> counts;
  for (int y = 0; y < rgb.height(); y += 2) {
    const auto* line = reinterpret_cast<const QRgb*>(rgb.constScanLine(y));
    for (int x = 0; x < rgb.width(); x += 2) ++counts[line[x]];
  }
  qint64 most = 0, total = 0;
  for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
    most = std::max(most, it.value());
    total += it.value();
  }
  return total > 0 ? double(most) / double(total) : 1.0;
}

constexpr double max_dominant_share = 0.995;

QString verify(const QString& path, QSize expected) {
  QImage image;
  if (!QFileInfo::exists(path)) return "missing";
  if (!image.load(path)) return "not a readable PNG";
  if (image.size() != expected) {
    return QString("size %1x%2, expected %3x%4")
        .arg(image.width())
        .arg(image.height())
        .arg(expected.width())
        .arg(expected.height());
  }
  if (blank(image)) return "blank (one colour)";
  if (const double share = dominant_share(image); share > max_dominant_share) {
    return QString("nearly blank: %1% of it is one colour").arg(share * 100.0, 0, 'f', 1);
  }
  return {};
}

class Renderer {
 public:
  Renderer(Kiosk& kiosk, QQuickWindow& window) : kiosk_(kiosk), window_(window) {}

  // Shows a screen in a language and returns the frame; throws on an unknown screen.
  QImage render(const QString& lang, const QString& screen, const QVariantMap& props) {
    if (kiosk_.language.code() != lang && !kiosk_.language.set(lang)) {
      throw std::runtime_error("no translation for language " + lang.toStdString());
    }
    QVariant shown;
    if (!QMetaObject::invokeMethod(&window_, "show", Q_RETURN_ARG(QVariant, shown), Q_ARG(QVariant, screen),
                                   Q_ARG(QVariant, props)) ||
        !shown.toBool()) {
      throw std::runtime_error("Main.show(\"" + screen.toStdString() + "\") failed");
    }
    // The flow navigates with Qt.callLater: let it settle, then check we are where we asked.
    QCoreApplication::processEvents();
    const QString now = window_.property("screen").toString();
    if (now != screen) {
      throw std::runtime_error("asked for screen " + screen.toStdString() + ", Main.screen is " +
                               now.toStdString());
    }
    return frame(window_);
  }

 private:
  Kiosk& kiosk_;
  QQuickWindow& window_;
};

int run(QGuiApplication& app) {
  QCommandLineParser parser;
  parser.setApplicationDescription("Renders every kiosk screen in Danish and English against a real boxd --sim");
  parser.addHelpOption();
  QCommandLineOption boxd_option("boxd", "boxd executable (default: env PICKUPBOX_BOXD).", "path");
  QCommandLineOption out_option("out", "Output directory for all screens.", "dir", "screenshots");
  QCommandLineOption readme_option("readme", "Write only the README images, 540x960, into this directory.", "dir");
  parser.addOptions({boxd_option, out_option, readme_option});
  parser.process(app);

  QElapsedTimer clock;
  clock.start();
  BoxdFixture boxd(parser.value(boxd_option));
  boxd.start();
  // Something for the staff lists: two orders awaiting loading, one loaded (occupies a door).
  const QString session = boxd.staffSession();
  for (const char* reference : {"2024-118734", "2024-118791"}) {
    boxd.call("orders.create", {{"session", session},
                                {"reference", reference},
                                {"document_kind", "passport"},
                                {"size", "M"},
                                {"phone", "+4512345678"},
                                {"date_of_birth", "1990-05-17"}});
  }
  boxd.loadAdHoc();

  // Never destroyed: see kiosk_quick_tests.cpp (destroying a Kiosk with requests in flight is
  // a use-after-free in kiosk-ui's ApiClient).
  Kiosk& kiosk = *new Kiosk(KioskOptions{boxd.socketPath(), 600000, "da"});
  auto& engine = *new QQmlApplicationEngine;  // outlives nothing it refers to: see above
  // Any QML warning (a type that failed, a binding on undefined) is a broken screen.
  QStringList qml_warnings;
  QObject::connect(&engine, &QQmlEngine::warnings, [&](const QList<QQmlError>& warnings) {
    for (const auto& w : warnings) {
      qml_warnings << w.toString();
      std::fprintf(stderr, "kiosk-screenshots: QML: %s\n", qPrintable(w.toString()));
    }
  });
  kiosk.expose(engine);
  kiosk.start();
  engine.load(QUrl(pickupbox::kiosk::main_qml_url));
  if (engine.rootObjects().isEmpty()) throw std::runtime_error("Main.qml did not load (see the QML errors above)");
  auto* window = qobject_cast<QQuickWindow*>(engine.rootObjects().constFirst());
  if (!window) throw std::runtime_error("Main.qml's root is not a window");
  window->resize(1080, 1920);
  window->show();

  if (!wait_until([&] { return kiosk.api.connected() && !kiosk.box.lockers().isEmpty(); }, 10000)) {
    throw std::runtime_error("the kiosk did not connect to boxd at " + boxd.socketPath().toStdString() +
                             " (or got no lockers) within 10 s");
  }
  // The staff screens as a logged-in member of the front desk sees them.
  kiosk.staff.login("desk1", "1234");
  if (!wait_until([&] { return kiosk.staff.logged_in(); }, 5000)) {
    throw std::runtime_error("the kiosk's staff login desk1/1234 did not succeed within 5 s");
  }
  kiosk.staff.refreshOrders("awaiting_load");
  wait_until([&] { return !kiosk.staff.busy() && !kiosk.staff.orders().isEmpty(); }, 5000);

  Renderer renderer(kiosk, *window);
  std::vector<std::pair<QString, QSize>> written;
  int failures = 0;

  if (parser.isSet(readme_option)) {
    const QDir out(parser.value(readme_option));
    QDir().mkpath(out.path());
    for (const auto& shot : readme_shots()) {
      const QImage image =
          renderer.render(shot.lang, shot.screen, shot.props).scaled(540, 960, Qt::KeepAspectRatio, Qt::SmoothTransformation);
      const QString path = out.filePath(shot.screen + "-" + shot.lang + ".png");
      if (!image.save(path)) std::fprintf(stderr, "kiosk-screenshots: cannot write %s\n", qPrintable(path));
      written.emplace_back(path, QSize(540, 960));
    }
  } else {
    const QDir out(parser.value(out_option));
    for (const QString lang : {"da", "en"}) {
      QDir().mkpath(out.filePath(lang));
      for (const auto& shot : all_shots()) {
        if (shot.screen.startsWith("staff_") && shot.screen != "staff_login" && !kiosk.staff.logged_in()) {
          kiosk.staff.login("desk1", "1234");  // a long run may outlive the session
          wait_until([&] { return kiosk.staff.logged_in(); }, 5000);
        }
        if (shot.screen == "staff_expired") {
          kiosk.staff.refreshOrders("expired");
          wait_until([&] { return !kiosk.staff.busy(); }, 5000);
        } else if (shot.screen == "staff_orders") {
          kiosk.staff.refreshOrders("awaiting_load");
          wait_until([&] { return !kiosk.staff.busy(); }, 5000);
        }
        const QString path = out.filePath(lang + "/" + shot.file() + ".png");
        try {
          const QImage image = renderer.render(lang, shot.screen, shot.props);
          if (!image.save(path)) std::fprintf(stderr, "kiosk-screenshots: cannot write %s\n", qPrintable(path));
        } catch (const std::exception& e) {
          std::fprintf(stderr, "kiosk-screenshots: %s/%s: %s\n", qPrintable(lang), qPrintable(shot.file()), e.what());
          ++failures;
        }
        written.emplace_back(path, QSize(1080, 1920));
      }
    }
  }

  for (const auto& [path, size] : written) {
    const QString problem = verify(path, size);
    if (problem.isEmpty()) continue;
    std::fprintf(stderr, "kiosk-screenshots: %s: %s\n", qPrintable(path), qPrintable(problem));
    ++failures;
  }
  if (!qml_warnings.isEmpty()) {
    std::fprintf(stderr, "kiosk-screenshots: %lld QML warning(s) while rendering; the screens are broken\n",
                 static_cast<long long>(qml_warnings.size()));
    failures += static_cast<int>(qml_warnings.size());
  }
  std::printf("kiosk-screenshots: %zu images, %d problem(s), %.1f s\n", written.size(), failures,
              static_cast<double>(clock.elapsed()) / 1000.0);
  kiosk.staff.logout();
  return failures == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  // Offscreen, software-rendered, unless the caller chose otherwise.
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  if (qEnvironmentVariableIsEmpty("QT_QUICK_BACKEND")) qputenv("QT_QUICK_BACKEND", "software");
  QGuiApplication app(argc, argv);
  try {
    return run(app);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "kiosk-screenshots: %s\n", e.what());
    return 1;
  }
}
