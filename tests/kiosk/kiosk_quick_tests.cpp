// The kiosk's Qt Quick tests (tests/kiosk/tst_*.qml) against a real `boxd --sim`.
// Setup starts boxd, builds the kiosk's backend on its socket exactly as the app does
// (Kiosk::expose), and gives the tests `TestBox` for set-up through boxd's API.
//
// One test file per process (ctest passes -input tst_x.qml): the kiosk's singletons belong to
// one QML engine, and Qt Quick Test makes an engine per file. Each file gets its own boxd.
#include <QGuiApplication>
#include <QQmlContext>
#include <QQmlEngine>
#include <QtQuickTest>
#include <cstdio>
#include <memory>

#include "boxd_fixture.hpp"
#include "kiosk.hpp"
#include "test_box.hpp"

using pickupbox::kiosk::Kiosk;
using pickupbox::kiosk::KioskOptions;
using pickupbox::kiosk::test::BoxdFixture;
using pickupbox::kiosk::test::TestBox;

class Setup : public QObject {
  Q_OBJECT

 public slots:
  void qmlEngineAvailable(QQmlEngine* engine) {
    if (kiosk_) {
      qFatal("kiosk-quick-tests: run one test file per process (-input tst_x.qml); the kiosk's "
             "singletons are bound to the first file's QML engine");
    }
    try {
      boxd_ = std::make_unique<BoxdFixture>();
      boxd_->start();
    } catch (const std::exception& e) {
      qFatal("kiosk-quick-tests: cannot start boxd: %s", e.what());
    }
    kiosk_ = std::make_unique<Kiosk>(KioskOptions{boxd_->socketPath(), 60000, "da"});
    kiosk_->expose(*engine);
    kiosk_->start();
    test_box_ = std::make_unique<TestBox>(*boxd_, *engine);
    engine->rootContext()->setContextProperty("TestBox", test_box_.get());
  }

  void applicationAvailable() {
    // Qt Quick Test deletes the application before this object: release the kiosk (timers,
    // sockets) and stop boxd while the application still exists.
    instance_ = this;
    qAddPostRoutine([] {
      if (instance_) instance_->release();
    });
  }

  void cleanupTestCase() { release(); }

 private:
  void release() {
    test_box_.reset();
    // The Kiosk is left allocated on purpose: destroying it is a use-after-free in
    // kiosk-ui (ApiClient, its first member, is destroyed last; its socket's `disconnected`
    // in ~QLocalSocket runs on_disconnected, which restarts already-destroyed timers and
    // calls the pending requests' handlers of the destroyed Box/Pickup/Staff objects).
    (void)kiosk_.release();
    boxd_.reset();  // SIGTERM, wait, remove the temporary directory
  }

  static inline Setup* instance_ = nullptr;
  std::unique_ptr<BoxdFixture> boxd_;
  std::unique_ptr<Kiosk> kiosk_;
  std::unique_ptr<TestBox> test_box_;
};

QUICK_TEST_MAIN_WITH_SETUP(kiosk, Setup)

#include "kiosk_quick_tests.moc"
