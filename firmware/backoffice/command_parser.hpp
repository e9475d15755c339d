#pragma once
// Turns one MQTT command (topic leaf + payload bytes) into a Command, or a rejection the box
// answers on cmd-result/<request_id>. Pure: no I/O, no clock, no exceptions escape.
//
// Every refusal is invalid_argument with a message that names the field, says what was
// expected and what to do. Messages quote received text only where it is harmless (key
// names, enum words, at most 40 printable ASCII characters) and never quote phone or
// date_of_birth.
#include <expected>
#include <string>
#include <string_view>

#include "backoffice/command.hpp"
#include "core/error.hpp"

namespace pickupbox::backoffice {

struct CommandRejection {
  std::string request_id;  // empty when the payload had none usable
  core::Error error;
};

// name = the topic's last level; payload = the raw MQTT payload bytes.
std::expected<Command, CommandRejection> parse_command(std::string_view name, std::string_view payload);

// "create-order, cancel-order, remote-open, set-out-of-service, staff-credentials, config"
std::string_view known_command_names();

// 1..64 of [A-Za-z0-9._:-]: it becomes a topic level, so never '/', '+' or '#'.
bool is_valid_request_id(std::string_view id);

}  // namespace pickupbox::backoffice
