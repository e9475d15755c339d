#pragma once
// The kiosk's backend objects, wired together and exposed to QML as the singletons of
// `PickupBox.Backend` (kiosk-ui/BACKEND.md). The app, the Qt Quick tests and the
// screenshot tool all build the UI through this, so they all run the same objects.
#include <QQmlEngine>
#include <QString>

#include "api_client.hpp"
#include "box_monitor.hpp"
#include "idle_monitor.hpp"
#include "language_switch.hpp"
#include "pickup_session.hpp"
#include "staff_session.hpp"

namespace pickupbox::kiosk {

struct KioskOptions {
  QString socket_path;
  int idle_timeout_ms = 60000;
  QString language = "da";
  bool simulator_controls = false;  // boxd runs --sim: offer "close the door" buttons for the simulated hands
};

class Kiosk {
 public:
  explicit Kiosk(const KioskOptions& options);

  // Registers the singletons and the screens' import path; call before loading any QML.
  void expose(QQmlEngine& engine);
  void start() { api.start(); }

  ApiClient api;
  BoxMonitor box;
  PickupSession pickup;
  StaffSession staff;
  LanguageSwitch language;
  IdleMonitor idle;

 private:
  bool simulator_controls_;  // boxd runs --sim: the screens offer "close door" (context property)
  QString initial_language_;
};

// Where the flow lives in the resources.
inline constexpr const char* main_qml_url = "qrc:/PickupBox/Kiosk/Main.qml";

}  // namespace pickupbox::kiosk
