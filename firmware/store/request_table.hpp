#pragma once
// Answers to back-office commands by request id, so a command delivered twice (MQTT QoS 1
// is at least once) is done once and answered the same way both times.
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "store/database.hpp"

namespace pickupbox::store {

core::Result<std::optional<std::string>> find_processed_request(Database& db, std::string_view request_id);
// A request id already present keeps its first answer.
core::Result<void> insert_processed_request(Database& db, std::string_view request_id, std::string_view result,
                                            core::TimePoint at);

}  // namespace pickupbox::store
