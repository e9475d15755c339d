// The door map a layout template makes for the boards that answered.
#include <gtest/gtest.h>

#include "provisioning/layout_command.hpp"

namespace pickupbox::provisioning {
namespace {

ConfigFile parsed(std::string_view text) {
  auto file = ConfigFile::parse(text, "test");
  EXPECT_TRUE(file) << file.error().message;
  return *file;
}

TEST(Layout, EachBoardGetsAColumnAndEachChannelItsSize) {
  auto config = parsed("[box]\ndevice_id = box-1\n\n[doors]\n# door = board channel size\nX01 = 9 1 S\n\n[dev]\nstaff = a 1\n");
  const auto layout = parse_layout_template(parsed("[layout]\ncolumns = A B C\nsizes = S M L\n"), "t");
  ASSERT_TRUE(layout) << layout.error().message;
  ASSERT_TRUE(apply_layout(config, *layout, {2, 5}));
  EXPECT_EQ(config.get("bus", "boards"), "2 5");
  EXPECT_EQ(config.get("doors", "A01"), "2 1 S");
  EXPECT_EQ(config.get("doors", "A03"), "2 3 L");
  EXPECT_EQ(config.get("doors", "B02"), "5 2 M");
  EXPECT_FALSE(config.get("doors", "X01")) << "the old door map is replaced whole";
  EXPECT_FALSE(config.get("doors", "C01")) << "no column for a board that did not answer";
  EXPECT_NE(config.text().find("# door = board channel size"), std::string::npos) << "comments stay";
  EXPECT_EQ(config.get("dev", "staff"), "a 1") << "other sections stay";
}

TEST(Layout, RefusesBadTemplatesAndMoreBoardsThanColumns) {
  EXPECT_FALSE(parse_layout_template(parsed("[layout]\nsizes = S\n"), "t"));
  EXPECT_FALSE(parse_layout_template(parsed("[layout]\ncolumns = a\nsizes = S\n"), "t"));
  EXPECT_FALSE(parse_layout_template(parsed("[layout]\ncolumns = A\nsizes = S XL\n"), "t"));
  EXPECT_FALSE(parse_layout_template(parsed("[layout]\ncolumns = A\nsizes = S S S S S S S S S S S S S S S S S\n"), "t"))
      << "a board has at most 16 channels";

  auto config = parsed("");
  const auto layout = parse_layout_template(parsed("[layout]\ncolumns = A\nsizes = S\n"), "t");
  ASSERT_TRUE(layout);
  const auto too_many = apply_layout(config, *layout, {0, 1});
  ASSERT_FALSE(too_many);
  EXPECT_NE(too_many.error().message.find("2 boards answered"), std::string::npos) << too_many.error().message;
  const auto none = apply_layout(config, *layout, {});
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, core::ErrorCode::hardware);
}

}  // namespace
}  // namespace pickupbox::provisioning
