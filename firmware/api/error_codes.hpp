#pragma once
// Stable error codes on the wire. Clients (kiosk-ui, boxctl, scripts) switch on these strings,
// so they never change once shipped: a domain code is spelled exactly like its
// core::ErrorCode enumerator; the transport adds its own codes for requests it cannot route.
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/error.hpp"

namespace pickupbox::api {

namespace wire {
// Sent by the server for requests that never reach a handler.
inline constexpr std::string_view malformed_json = "malformed_json";
inline constexpr std::string_view invalid_request = "invalid_request";
inline constexpr std::string_view unknown_method = "unknown_method";
inline constexpr std::string_view line_too_long = "line_too_long";
inline constexpr std::string_view too_many_requests = "too_many_requests";
inline constexpr std::string_view internal = "internal";
// Produced by api::Client itself, never sent by the server.
inline constexpr std::string_view timeout = "timeout";
inline constexpr std::string_view disconnected = "disconnected";
inline constexpr std::string_view bad_response = "bad_response";
}  // namespace wire

// "wrong_code" for core::ErrorCode::wrong_code, and so on for every enumerator.
std::string_view wire_code(core::ErrorCode code);

// The domain code a wire code stands for: the enumerator of the same name, or for transport
// and client codes the nearest domain meaning (e.g. too_many_requests -> busy).
// nullopt for a code this build does not know (a newer server); callers treat it as internal.
std::optional<core::ErrorCode> core_code(std::string_view wire);

// The error's figures as wire fields ({"attempts_left":N,"retry_after_s":N}), or null when it has none.
nlohmann::json details_of(const core::Error& error);

}  // namespace pickupbox::api
