#include "api/protocol.hpp"

#include <gtest/gtest.h>

namespace pickupbox::api {
namespace {

using nlohmann::json;

TEST(ParseRequest, ReadsAFullRequest) {
  auto request = parse_request(R"({"v":1,"id":"a1","method":"pickup.verify","params":{"code":"123456"}})");
  ASSERT_TRUE(request.has_value()) << request.error().message;
  EXPECT_EQ(request->id, "a1");
  EXPECT_EQ(request->method, "pickup.verify");
  EXPECT_EQ(request->params, (json{{"code", "123456"}}));
}

TEST(ParseRequest, ParamsDefaultToAnEmptyObjectAndVIsOptional) {
  auto request = parse_request(R"({"id":3,"method":"status"})");
  ASSERT_TRUE(request.has_value());
  EXPECT_EQ(request->id, 3);
  EXPECT_TRUE(request->params.is_object());
  EXPECT_TRUE(request->params.empty());
}

TEST(ParseRequest, ErrorsSayWhichFieldIsWrong) {
  auto missing = parse_request(R"({"id":1})");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, "invalid_request");
  EXPECT_EQ(missing.error().message, "field 'method' is required");
  EXPECT_EQ(missing.error().id, 1);

  auto params = parse_request(R"({"id":1,"method":"x","params":null})");
  ASSERT_FALSE(params.has_value());
  EXPECT_EQ(params.error().message, "field 'params' must be an object");
}

TEST(ParseRequest, IdIsNullWhenItCannotBeRead) {
  auto bad_id = parse_request(R"({"id":[1],"method":"x"})");
  ASSERT_FALSE(bad_id.has_value());
  EXPECT_TRUE(bad_id.error().id.is_null());
  EXPECT_EQ(bad_id.error().code, "invalid_request");
}

TEST(ParseRequest, NestingIsCappedAt64Levels) {
  // The request object and params are two levels; arrays make up the rest.
  auto nested = [](std::size_t depth) {
    return R"({"id":1,"method":"x","params":{"a":)" + std::string(depth - 2, '[') + std::string(depth - 2, ']') + "}}";
  };
  EXPECT_TRUE(parse_request(nested(max_nesting_depth)).has_value());
  auto deep = parse_request(nested(max_nesting_depth + 1));
  ASSERT_FALSE(deep.has_value());
  EXPECT_EQ(deep.error().code, "invalid_request");
  // A hostile line of brackets costs nothing more than a rejection.
  EXPECT_FALSE(parse_request(std::string(60000, '[') + std::string(60000, ']')).has_value());
}

TEST(Encode, ResponsesAreSingleLinesThatParseBack) {
  const std::string ok = encode_result("x", json{{"a", "line\nbreak"}});
  ASSERT_EQ(ok.back(), '\n');
  EXPECT_EQ(ok.find('\n'), ok.size() - 1);
  EXPECT_EQ(json::parse(ok), (json{{"id", "x"}, {"ok", true}, {"result", {{"a", "line\nbreak"}}}}));

  const json error = json::parse(encode_error(nullptr, "busy", "door in use"));
  EXPECT_EQ(error, (json{{"id", nullptr}, {"ok", false}, {"error", {{"code", "busy"}, {"message", "door in use"}}}}));

  EXPECT_EQ(json::parse(encode_event({{"type", "t"}})), (json{{"event", {{"type", "t"}}}}));
  EXPECT_EQ(json::parse(encode_request(5, "status", json())),
            (json{{"v", 1}, {"id", 5}, {"method", "status"}, {"params", json::object()}}));
}

TEST(Encode, InvalidUtf8IsRepairedInsteadOfThrowing) {
  const std::string line = encode_error(1, "unknown_method", "method '\xff' is not known");
  const json parsed = json::parse(line);
  EXPECT_EQ(parsed["error"]["message"], "method '\xEF\xBF\xBD' is not known");
}

}  // namespace
}  // namespace pickupbox::api
