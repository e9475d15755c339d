// boxd: the pickup box daemon. Owns the database, the device secret, the lock boards
// and (later) the back-office link; serves the kiosk and boxctl over a Unix socket.
#include "app/daemon.hpp"

int main(int argc, char** argv) {
  pickupbox::app::DaemonOptions options;
  CLI::App cli{"boxd: the Pickup Box daemon (lock boards, state, local API)"};
  return pickupbox::app::daemon_main(cli, options, argc, argv,
                                     [](const auto& o) { return pickupbox::app::run_daemon(o); });
}
