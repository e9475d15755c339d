#pragma once
// Maps local API methods (firmware/api/METHODS.md) onto BoxService: parameter
// validation here, decisions in the service.
#include "api/server.hpp"
#include "app/box_service.hpp"
#include "app/config.hpp"
#include "app/lock_hardware.hpp"
#include "sim/sim_bank.hpp"

namespace pickupbox::app {

void bind_box_api(api::Server& server, BoxService& service);

// Diagnostics and sensorless doors: boards.scan, hardware, door.confirm_closed.
void bind_hardware_api(api::Server& server, LockHardware& hardware, const Config& config);

// Commissioning: hardware.selftest, and factory.reset's check and notice. `erase` runs once
// the notice is committed; it answers the request and stops boxd, which then erases its
// state directory.
using EraseState = std::function<void(Json prepared, api::Reply reply)>;
void bind_commissioning_api(api::Server& server, BoxService& service, EraseState erase);

// Only with --sim: lets a demo or test act as the citizen's hands and as the back office.
void bind_sim_api(api::Server& server, sim::SimBank& bank, const Config& config, store::Store& store);

}  // namespace pickupbox::app
