#include "core/error.hpp"

#include <array>

namespace pickupbox::core {

namespace {
constexpr std::array all_error_codes{
    ErrorCode::invalid_argument, ErrorCode::not_found,      ErrorCode::invalid_transition,
    ErrorCode::wrong_code,       ErrorCode::wrong_identity, ErrorCode::identity_required, ErrorCode::order_blocked,
    ErrorCode::kiosk_throttled,  ErrorCode::code_expired,   ErrorCode::no_free_locker,
    ErrorCode::unauthorized,     ErrorCode::hardware,       ErrorCode::storage,
    ErrorCode::busy,             ErrorCode::internal,
};
}  // namespace

std::string_view to_string(ErrorCode code) {
  switch (code) {
    case ErrorCode::invalid_argument: return "invalid_argument";
    case ErrorCode::not_found: return "not_found";
    case ErrorCode::invalid_transition: return "invalid_transition";
    case ErrorCode::wrong_code: return "wrong_code";
    case ErrorCode::wrong_identity: return "wrong_identity";
    case ErrorCode::identity_required: return "identity_required";
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
  return "internal";  // only reachable through a cast from an out-of-range integer
}

Result<ErrorCode> parse_error_code(std::string_view text) {
  for (ErrorCode code : all_error_codes) {
    if (to_string(code) == text) return code;
  }
  return fail(ErrorCode::invalid_argument,
              "unknown error code '" + std::string(text) + "'; expected a snake_case name such as invalid_argument");
}

}  // namespace pickupbox::core
