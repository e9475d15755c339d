#pragma once
// Input no well-behaved client sends, from both sides boxd listens on: raw bytes on the
// local API socket, and bad commands on the box's MQTT command topic. Each must be refused
// with the documented code and change nothing (the checker's order rules catch a change).
#include <cstdint>

#include "box_rig.hpp"
#include "findings.hpp"
#include "ledger.hpp"

namespace pickupbox::soak {

// Not JSON, wrong envelopes, wrong types, an unknown method, an oversize line.
void send_malformed_api(BoxRig& rig, Findings& findings);

// Not JSON, an unknown command, wrong types, a wrong schema, unknown keys, oversize; the
// refusals must not repeat the phone number the bad order carried. `round` keeps request
// ids unique across the run. The phone and date of birth go into the ledger for the leak check.
void send_malformed_mqtt(BoxRig& rig, Ledger& ledger, Findings& findings, std::int64_t round);

}  // namespace pickupbox::soak
