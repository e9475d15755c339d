#include "api/line_splitter.hpp"

#include <vector>

#include <gtest/gtest.h>

namespace pickupbox::api {
namespace {

using Status = LineSplitter::Status;

std::vector<std::string> drain(LineSplitter& splitter) {
  std::vector<std::string> lines;
  std::string line;
  while (splitter.next(line) == Status::line) lines.push_back(line);
  return lines;
}

TEST(LineSplitter, SplitsSeveralLinesFromOneAppend) {
  LineSplitter splitter(100);
  splitter.append("one\ntwo\r\nthree\n");
  EXPECT_EQ(drain(splitter), (std::vector<std::string>{"one", "two", "three"}));
}

TEST(LineSplitter, JoinsALineAcrossAppends) {
  LineSplitter splitter(100);
  std::string line;
  for (char c : std::string("hello\r")) {
    splitter.append(std::string(1, c));
    EXPECT_EQ(splitter.next(line), Status::incomplete);
  }
  splitter.append("\nwor");
  ASSERT_EQ(splitter.next(line), Status::line);
  EXPECT_EQ(line, "hello");
  EXPECT_EQ(splitter.next(line), Status::incomplete);
  EXPECT_EQ(splitter.buffered(), 3u);
}

TEST(LineSplitter, KeepsEmptyLinesAndOnlyStripsOneTrailingCr) {
  LineSplitter splitter(100);
  splitter.append("\n\r\na\r\r\n");
  EXPECT_EQ(drain(splitter), (std::vector<std::string>{"", "", "a\r"}));
}

TEST(LineSplitter, LineOfExactlyTheLimitPassesOneMoreDoesNot) {
  LineSplitter fits(4);
  fits.append("abcd\r\n");
  EXPECT_EQ(drain(fits), (std::vector<std::string>{"abcd"}));

  LineSplitter over(4);
  std::string line;
  over.append("abcde\n");
  EXPECT_EQ(over.next(line), Status::too_long);
}

TEST(LineSplitter, PartialLineOverTheLimitIsTooLongWithoutWaitingForTheEnd) {
  LineSplitter splitter(4);
  std::string line;
  splitter.append("abcd");
  EXPECT_EQ(splitter.next(line), Status::incomplete);
  splitter.append("\r");  // might still be "\r\n"
  EXPECT_EQ(splitter.next(line), Status::incomplete);
  splitter.append("x");
  EXPECT_EQ(splitter.next(line), Status::too_long);
}

TEST(LineSplitter, CompleteLinesBeforeAnOversizeOneAreStillDelivered) {
  LineSplitter splitter(4);
  splitter.append("ok\nwaytoolong");
  std::string line;
  ASSERT_EQ(splitter.next(line), Status::line);
  EXPECT_EQ(line, "ok");
  EXPECT_EQ(splitter.next(line), Status::too_long);
}

TEST(LineSplitter, OnceTooLongItStaysSpentAndHoldsNothing) {
  LineSplitter splitter(4);
  std::string line;
  splitter.append("abcdefgh");
  ASSERT_EQ(splitter.next(line), Status::too_long);
  splitter.append("fine\n");
  EXPECT_EQ(splitter.next(line), Status::too_long);
  EXPECT_EQ(splitter.buffered(), 0u);
}

}  // namespace
}  // namespace pickupbox::api
