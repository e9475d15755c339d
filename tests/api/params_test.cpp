#include "api/params.hpp"

#include <gtest/gtest.h>

namespace pickupbox::api::params {
namespace {

using nlohmann::json;

void expect_invalid(const core::Error& error, std::string_view message) {
  EXPECT_EQ(error.code, core::ErrorCode::invalid_argument);
  EXPECT_EQ(error.message, message);
}

TEST(Params, RequiredStringPresentMissingWrongType) {
  const json params{{"locker", "A07"}, {"size", 2}, {"gone", nullptr}};
  EXPECT_EQ(required_string(params, "locker").value(), "A07");
  expect_invalid(required_string(params, "missing").error(), "field 'missing' is required");
  expect_invalid(required_string(params, "gone").error(), "field 'gone' is required");
  expect_invalid(required_string(params, "size").error(), "field 'size' must be a string");
}

TEST(Params, OptionalStringAbsentOrNullIsNullopt) {
  const json params{{"note", "x"}, {"gone", nullptr}, {"bad", 1}};
  EXPECT_EQ(optional_string(params, "note").value(), "x");
  EXPECT_EQ(optional_string(params, "absent").value(), std::nullopt);
  EXPECT_EQ(optional_string(params, "gone").value(), std::nullopt);
  expect_invalid(optional_string(params, "bad").error(), "field 'bad' must be a string");
}

TEST(Params, DigitsCheckCharactersAndLengthWithoutQuotingTheValue) {
  EXPECT_EQ(required_digits(json{{"code", "123456"}}, "code", 6, 8).value(), "123456");
  EXPECT_EQ(required_digits(json{{"code", "12345678"}}, "code", 6, 8).value(), "12345678");
  for (const json& bad : {json("12345"), json("123456789"), json("12345a"), json(" 123456"), json(123456)}) {
    auto result = required_digits(json{{"code", bad}}, "code", 6, 8);
    ASSERT_FALSE(result.has_value()) << bad;
    expect_invalid(result.error(), "field 'code' must be a string of 6-8 digits");
  }
  expect_invalid(required_digits(json{{"pin", "12"}}, "pin", 4, 4).error(), "field 'pin' must be a string of 4 digits");
  expect_invalid(required_digits(json::object(), "code", 6, 8).error(), "field 'code' is required");
}

TEST(Params, IntegersRejectFractionsStringsAndOutOfRange) {
  const json params{{"n", 5}, {"big", 18446744073709551615ull}, {"neg", -3}, {"frac", 2.5}, {"whole", 2.0}, {"s", "5"}};
  EXPECT_EQ(required_integer(params, "n").value(), 5);
  EXPECT_EQ(required_integer(params, "neg").value(), -3);
  expect_invalid(required_integer(params, "frac").error(), "field 'frac' must be an integer");
  expect_invalid(required_integer(params, "whole").error(), "field 'whole' must be an integer");
  expect_invalid(required_integer(params, "s").error(), "field 's' must be an integer");
  expect_invalid(required_integer(params, "big").error(), "field 'big' must be an integer");
  expect_invalid(required_integer(params, "n", 1, 3).error(), "field 'n' must be an integer between 1 and 3");
  expect_invalid(required_integer(params, "neg", 0).error(), "field 'neg' must be an integer of at least 0");
  EXPECT_EQ(optional_integer(params, "absent").value(), std::nullopt);
  EXPECT_EQ(optional_integer(params, "n", 0, 10).value(), 5);
  expect_invalid(optional_integer(params, "n", 0, 4).error(), "field 'n' must be an integer between 0 and 4");
}

TEST(Params, BooleansAndObjects) {
  const json params{{"yes", true}, {"num", 1}, {"obj", {{"a", 1}}}, {"arr", json::array()}};
  EXPECT_EQ(required_bool(params, "yes").value(), true);
  expect_invalid(required_bool(params, "num").error(), "field 'num' must be a boolean");
  EXPECT_EQ(optional_bool(params, "absent").value(), std::nullopt);
  EXPECT_EQ(required_object(params, "obj").value(), (json{{"a", 1}}));
  expect_invalid(required_object(params, "arr").error(), "field 'arr' must be an object");
  expect_invalid(required_object(params, "absent").error(), "field 'absent' is required");
  EXPECT_EQ(optional_object(params, "absent").value(), std::nullopt);
  EXPECT_EQ(optional_object(params, "obj").value(), (json{{"a", 1}}));
}

}  // namespace
}  // namespace pickupbox::api::params
