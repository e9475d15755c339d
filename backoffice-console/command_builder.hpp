#pragma once
// Turns what an operator types (COMMAND, key=value pairs, optionally a raw --json object)
// into the JSON payload published on pickupbox/v1/<device>/cmd/<command>. Pure apart from
// the randomness for PIN salts; every mistake is an invalid_argument that names the field.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/random.hpp"

namespace pickupbox::console {

struct CommandRequest {
  std::string device;
  std::string command;                    // create-order, cancel-order, remote-open, ...
  std::vector<std::string> fields;        // "key=value"
  std::optional<std::string> raw_json;    // --json: a raw object; key=value pairs are added to it
  std::optional<std::string> request_id;  // --request-id
};

// {"schema":1,"request_id":…, <fields>}. The request id is --request-id, else the raw
// object's, else fallback_request_id. Field keys accept aliases (kind, dob, door, lang,
// expires, ref, order, name) and values are typed (integers, booleans, enum words).
// A raw --json object is passed on as given (schema included), so it can test the box's
// own validation; only the key=value pairs are checked.
core::Result<nlohmann::ordered_json> build_command_payload(const CommandRequest& request,
                                                           std::string_view fallback_request_id,
                                                           core::Random& random);

bool is_known_command(std::string_view name);

// One line per command with its syntax, for `help` and --help.
std::string command_help();

}  // namespace pickupbox::console
