#include "api/error_codes.hpp"

#include <array>
#include <utility>

namespace pickupbox::api {
namespace {

using core::ErrorCode;

// Keep in step with core::ErrorCode: wire_code()'s switch warns about a missing enumerator,
// this list cannot, and core_code() relies on it.
constexpr std::array all_codes{
    ErrorCode::invalid_argument, ErrorCode::not_found,       ErrorCode::invalid_transition,
    ErrorCode::wrong_code,       ErrorCode::wrong_identity,  ErrorCode::order_blocked,
    ErrorCode::kiosk_throttled,  ErrorCode::code_expired,    ErrorCode::no_free_locker,
    ErrorCode::unauthorized,     ErrorCode::hardware,        ErrorCode::storage,
    ErrorCode::busy,             ErrorCode::internal,
};

constexpr std::array<std::pair<std::string_view, ErrorCode>, 9> transport_codes{{
    {wire::malformed_json, ErrorCode::invalid_argument},
    {wire::invalid_request, ErrorCode::invalid_argument},
    {wire::unknown_method, ErrorCode::invalid_argument},
    {wire::line_too_long, ErrorCode::invalid_argument},
    {wire::too_many_requests, ErrorCode::busy},
    {wire::internal, ErrorCode::internal},
    // core has no "unavailable" code; a timeout means "try again", a lost daemon is unexpected.
    {wire::timeout, ErrorCode::busy},
    {wire::disconnected, ErrorCode::internal},
    {wire::bad_response, ErrorCode::internal},
}};

}  // namespace

std::string_view wire_code(ErrorCode code) {
  switch (code) {
    case ErrorCode::invalid_argument: return "invalid_argument";
    case ErrorCode::not_found: return "not_found";
    case ErrorCode::invalid_transition: return "invalid_transition";
    case ErrorCode::wrong_code: return "wrong_code";
    case ErrorCode::wrong_identity: return "wrong_identity";
    case ErrorCode::order_blocked: return "order_blocked";
    case ErrorCode::kiosk_throttled: return "kiosk_throttled";
    case ErrorCode::code_expired: return "code_expired";
    case ErrorCode::no_free_locker: return "no_free_locker";
    case ErrorCode::unauthorized: return "unauthorized";
    case ErrorCode::hardware: return "hardware";
    case ErrorCode::storage: return "storage";
    case ErrorCode::busy: return "busy";
    case ErrorCode::internal: return "internal";
  }
  return "internal";  // an out-of-range value is a bug; never send an empty code
}

std::optional<ErrorCode> core_code(std::string_view wire) {
  for (ErrorCode code : all_codes) {
    if (wire_code(code) == wire) return code;
  }
  for (const auto& [name, code] : transport_codes) {
    if (name == wire) return code;
  }
  return std::nullopt;
}

}  // namespace pickupbox::api
