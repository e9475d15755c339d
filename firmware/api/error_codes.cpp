#include "api/error_codes.hpp"

#include <array>
#include <utility>

namespace pickupbox::api {
namespace {

using core::ErrorCode;

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

// The wire spells domain codes exactly as core names them: one list, kept in core.
std::string_view wire_code(ErrorCode code) { return core::to_string(code); }

nlohmann::json details_of(const core::Error& error) {
  nlohmann::json details = nullptr;
  if (error.attempts_left) details["attempts_left"] = *error.attempts_left;
  if (error.retry_after_s) details["retry_after_s"] = *error.retry_after_s;
  return details;
}

std::optional<ErrorCode> core_code(std::string_view wire) {
  if (auto code = core::parse_error_code(wire)) return *code;
  for (const auto& [name, code] : transport_codes) {
    if (name == wire) return code;
  }
  return std::nullopt;
}

}  // namespace pickupbox::api
