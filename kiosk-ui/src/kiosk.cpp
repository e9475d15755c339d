#include "kiosk.hpp"

#include <QQmlContext>

namespace pickupbox::kiosk {

Kiosk::Kiosk(const KioskOptions& options)
    : api(options.socket_path),
      box(api),
      pickup(api),
      staff(api),
      idle(options.idle_timeout_ms),
      simulator_controls_(options.simulator_controls),
      initial_language_(options.language) {}

void Kiosk::expose(QQmlEngine& engine) {
  constexpr const char* uri = "PickupBox.Backend";
  qmlRegisterSingletonInstance(uri, 1, 0, "Api", &api);
  qmlRegisterSingletonInstance(uri, 1, 0, "Box", &box);
  qmlRegisterSingletonInstance(uri, 1, 0, "Pickup", &pickup);
  qmlRegisterSingletonInstance(uri, 1, 0, "Staff", &staff);
  qmlRegisterSingletonInstance(uri, 1, 0, "Language", &language);
  qmlRegisterSingletonInstance(uri, 1, 0, "Idle", &idle);
  engine.addImportPath("qrc:/");
  engine.rootContext()->setContextProperty("kioskSimulatorControls", simulator_controls_);
  language.attach(engine);
  language.set(initial_language_);
}

}  // namespace pickupbox::kiosk
