#include "api/error_codes.hpp"

#include <gtest/gtest.h>

namespace pickupbox::api {
namespace {

using core::ErrorCode;

struct Named {
  ErrorCode code;
  std::string_view name;
};

// The wire spelling is a contract with every client: spelled out here on purpose.
constexpr Named domain_codes[] = {
    {ErrorCode::invalid_argument, "invalid_argument"}, {ErrorCode::not_found, "not_found"},
    {ErrorCode::invalid_transition, "invalid_transition"}, {ErrorCode::wrong_code, "wrong_code"},
    {ErrorCode::wrong_identity, "wrong_identity"}, {ErrorCode::identity_required, "identity_required"},
    {ErrorCode::order_blocked, "order_blocked"},
    {ErrorCode::kiosk_throttled, "kiosk_throttled"}, {ErrorCode::code_expired, "code_expired"},
    {ErrorCode::no_free_locker, "no_free_locker"}, {ErrorCode::unauthorized, "unauthorized"},
    {ErrorCode::hardware, "hardware"}, {ErrorCode::storage, "storage"},
    {ErrorCode::busy, "busy"}, {ErrorCode::internal, "internal"},
};

TEST(ErrorCodes, DomainCodesAreSpelledLikeTheirEnumerators) {
  for (const auto& [code, name] : domain_codes) EXPECT_EQ(wire_code(code), name);
}

TEST(ErrorCodes, DomainCodesMapBack) {
  for (const auto& [code, name] : domain_codes) EXPECT_EQ(core_code(name), code) << name;
}

TEST(ErrorCodes, TransportAndClientCodesMapToTheNearestDomainCode) {
  EXPECT_EQ(core_code("malformed_json"), ErrorCode::invalid_argument);
  EXPECT_EQ(core_code("invalid_request"), ErrorCode::invalid_argument);
  EXPECT_EQ(core_code("unknown_method"), ErrorCode::invalid_argument);
  EXPECT_EQ(core_code("line_too_long"), ErrorCode::invalid_argument);
  EXPECT_EQ(core_code("too_many_requests"), ErrorCode::busy);
  EXPECT_EQ(core_code("timeout"), ErrorCode::busy);
  EXPECT_EQ(core_code("disconnected"), ErrorCode::internal);
  EXPECT_EQ(core_code("bad_response"), ErrorCode::internal);
}

TEST(ErrorCodes, UnknownCodeHasNoMapping) {
  EXPECT_EQ(core_code("flux_capacitor_empty"), std::nullopt);
  EXPECT_EQ(core_code(""), std::nullopt);
  EXPECT_EQ(core_code("Wrong_Code"), std::nullopt);
}

}  // namespace
}  // namespace pickupbox::api
