#include "kerong/frame_decoder.hpp"

#include <gtest/gtest.h>

#include <random>

#include "hex_bytes.hpp"

namespace pickupbox::kerong {
namespace {

using testing::hex_bytes;
using Bytes = std::vector<std::uint8_t>;

const Frame unlock_0_1{0x00, Command::unlock, {}};
const Frame status_req_2{0x20, Command::status_request, {}};
const Frame reply_0{0x00, Command::status_reply, {0x0001, 0x8000}};

// 02 00 31 03 36 | 02 00 35 01 00 00 80 03 BB | 02 20 30 03 55
Bytes three_frames() { return hex_bytes("02 00 31 03 36 02 00 35 01 00 00 80 03 BB 02 20 30 03 55"); }
const std::vector<Frame> three_expected{unlock_0_1, reply_0, status_req_2};

struct Collected {
  std::vector<Frame> frames;
  std::vector<DecodeError> errors;
};

Collected feed_in_chunks(FrameDecoder& decoder, const Bytes& bytes, std::vector<std::size_t> cuts) {
  Collected all;
  std::size_t from = 0;
  cuts.push_back(bytes.size());
  for (auto to : cuts) {
    auto out = decoder.feed(std::span(bytes).subspan(from, to - from));
    all.frames.insert(all.frames.end(), out.frames.begin(), out.frames.end());
    all.errors.insert(all.errors.end(), out.errors.begin(), out.errors.end());
    from = to;
  }
  return all;
}

TEST(FrameDecoder, DecodesBackToBackFramesFedAtOnce) {
  FrameDecoder decoder;
  auto out = decoder.feed(three_frames());
  EXPECT_EQ(out.frames, three_expected);
  EXPECT_TRUE(out.errors.empty());
  EXPECT_EQ(decoder.pending(), 0U);
  EXPECT_EQ(decoder.stats().frames, 3U);
}

TEST(FrameDecoder, DecodesTheSameWhenSplitAtEveryPosition) {
  const auto bytes = three_frames();
  for (std::size_t cut = 0; cut <= bytes.size(); ++cut) {
    FrameDecoder decoder;
    auto got = feed_in_chunks(decoder, bytes, {cut});
    EXPECT_EQ(got.frames, three_expected) << "cut at " << cut;
    EXPECT_TRUE(got.errors.empty()) << "cut at " << cut;
  }
}

TEST(FrameDecoder, DecodesTheSameWhenFedOneByteAtATime) {
  const auto bytes = three_frames();
  std::vector<std::size_t> cuts;
  for (std::size_t i = 1; i < bytes.size(); ++i) cuts.push_back(i);
  FrameDecoder decoder;
  auto got = feed_in_chunks(decoder, bytes, cuts);
  EXPECT_EQ(got.frames, three_expected);
  EXPECT_TRUE(got.errors.empty());
}

TEST(FrameDecoder, BadChecksumIsReportedWithBothValuesAndTheNextFrameSurvives) {
  FrameDecoder decoder;
  auto out = decoder.feed(hex_bytes("02 00 35 01 00 00 80 03 BC 02 00 31 03 36"));
  ASSERT_EQ(out.errors.size(), 1U);
  EXPECT_EQ(out.errors[0].kind, DecodeErrorKind::bad_checksum);
  EXPECT_EQ(out.errors[0].command, 0x35);
  EXPECT_EQ(out.errors[0].expected, 0xBB);
  EXPECT_EQ(out.errors[0].actual, 0xBC);
  EXPECT_EQ(out.errors[0].describe(), "bad_checksum cmd=0x35 addr=0x00 expected=0xbb got=0xbc");
  EXPECT_EQ(out.frames, std::vector<Frame>{unlock_0_1});
  EXPECT_EQ(decoder.stats().errors, 1U);
}

TEST(FrameDecoder, BadEtxIsReportedAndTheNextFrameSurvives) {
  FrameDecoder decoder;
  auto out = decoder.feed(hex_bytes("02 00 31 04 37 02 20 30 03 55"));
  ASSERT_EQ(out.errors.size(), 1U);
  EXPECT_EQ(out.errors[0].kind, DecodeErrorKind::bad_etx);
  EXPECT_EQ(out.errors[0].expected, etx);
  EXPECT_EQ(out.errors[0].actual, 0x04);
  EXPECT_EQ(out.frames, std::vector<Frame>{status_req_2});
}

TEST(FrameDecoder, UnknownCommandIsReportedAndSkipped) {
  FrameDecoder decoder;
  auto out = decoder.feed(hex_bytes("02 00 39 03 3E 02 00 31 03 36"));
  ASSERT_EQ(out.errors.size(), 1U);
  EXPECT_EQ(out.errors[0].kind, DecodeErrorKind::unknown_command);
  EXPECT_EQ(out.errors[0].command, 0x39);
  EXPECT_EQ(out.frames, std::vector<Frame>{unlock_0_1});
}

TEST(FrameDecoder, TruncatedFrameWaitsSilentlyThenFailsWhenTheNextFrameArrives) {
  FrameDecoder decoder;
  auto first = decoder.feed(hex_bytes("02 00 35 01 00"));
  EXPECT_TRUE(first.frames.empty());
  EXPECT_TRUE(first.errors.empty());
  EXPECT_EQ(decoder.pending(), 5U);
  auto second = decoder.feed(hex_bytes("02 00 31 03 36"));
  ASSERT_EQ(second.errors.size(), 1U);
  EXPECT_EQ(second.errors[0].kind, DecodeErrorKind::bad_etx);
  EXPECT_EQ(second.frames, std::vector<Frame>{unlock_0_1});
}

TEST(FrameDecoder, ResetDropsAPartialFrame) {
  FrameDecoder decoder;
  (void)decoder.feed(hex_bytes("02 00 35 01"));
  decoder.reset();
  EXPECT_EQ(decoder.pending(), 0U);
  EXPECT_EQ(decoder.stats().discarded_bytes, 4U);
  auto out = decoder.feed(hex_bytes("00 80 03 BB 02 00 31 03 36"));  // the tail alone is garbage
  EXPECT_EQ(out.frames, std::vector<Frame>{unlock_0_1});
  ASSERT_EQ(out.errors.size(), 1U);
  EXPECT_EQ(out.errors[0].kind, DecodeErrorKind::garbage);
}

TEST(FrameDecoder, GarbageBeforeAndBetweenFramesCountsOncePerStretch) {
  FrameDecoder decoder;
  auto out = decoder.feed(hex_bytes("FF 00 41 02 00 31 03 36 10 20 02 20 30 03 55 7E"));
  EXPECT_EQ(out.frames, (std::vector<Frame>{unlock_0_1, status_req_2}));
  ASSERT_EQ(out.errors.size(), 3U);
  for (const auto& e : out.errors) EXPECT_EQ(e.kind, DecodeErrorKind::garbage);
  EXPECT_EQ(out.errors[0].actual, 0xFF);
  EXPECT_EQ(out.errors[1].actual, 0x10);
  EXPECT_EQ(out.errors[2].actual, 0x7E);
  EXPECT_EQ(decoder.stats().discarded_bytes, 6U);
}

TEST(FrameDecoder, SeveralFaultsInARowCountAsOneError) {
  FrameDecoder decoder;
  // bad ETX, then a bad checksum, then noise, with no good frame in between
  auto out = decoder.feed(hex_bytes("02 00 31 04 37 02 00 31 03 37 AA 02 00 31 03 36"));
  EXPECT_EQ(out.errors.size(), 1U);
  EXPECT_EQ(out.errors[0].kind, DecodeErrorKind::bad_etx);
  EXPECT_EQ(out.frames, std::vector<Frame>{unlock_0_1});
}

TEST(FrameDecoder, GoodFrameHiddenBehindAFalseStartIsStillFound) {
  // A stray STX whose 9-byte window covers the real frame, with an ETX in the right place.
  FrameDecoder decoder;
  auto out = decoder.feed(hex_bytes("02 AA 35 BB 02 00 31 03 36"));
  EXPECT_EQ(out.frames, std::vector<Frame>{unlock_0_1});
  ASSERT_EQ(out.errors.size(), 1U);
  EXPECT_EQ(out.errors[0].kind, DecodeErrorKind::bad_checksum);
}

TEST(FrameDecoder, RepeatedStxBeforeAFrameIsSkipped) {
  FrameDecoder decoder;
  auto out = decoder.feed(hex_bytes("02 02 02 00 31 03 36"));
  EXPECT_EQ(out.frames, std::vector<Frame>{unlock_0_1});
  EXPECT_EQ(out.errors.size(), 1U);
}

TEST(FrameDecoder, BufferStaysBoundedUnderEndlessNoise) {
  FrameDecoder decoder;
  std::mt19937 rng(7);
  Bytes noise(100'000);
  for (auto& b : noise) b = static_cast<std::uint8_t>(rng());
  (void)decoder.feed(noise);
  EXPECT_LT(decoder.pending(), max_frame_length);
  // and it still works afterwards
  decoder.reset();
  auto out = decoder.feed(hex_bytes("02 00 31 03 36"));
  EXPECT_EQ(out.frames, std::vector<Frame>{unlock_0_1});
}

TEST(FrameDecoder, RecoversEveryFrameFromARandomNoisyStream) {
  std::mt19937 rng(12345);
  auto byte = [&] { return static_cast<std::uint8_t>(rng()); };
  std::vector<Frame> expected;
  Bytes stream;
  for (int i = 0; i < 400; ++i) {
    const int noise = static_cast<int>(rng() % 6);
    for (int n = 0; n < noise; ++n) stream.push_back(byte());
    const int board = static_cast<int>(rng() % 16);
    Frame frame;
    switch (rng() % 3) {
      case 0: frame = make_unlock(board, 1 + static_cast<int>(rng() % 16)).value(); break;
      case 1: frame = make_status_request(board).value(); break;
      default: frame = make_status_reply(board, {static_cast<std::uint16_t>(rng()), static_cast<std::uint16_t>(rng())}).value();
    }
    expected.push_back(frame);
    auto bytes = encode(frame);
    stream.insert(stream.end(), bytes.begin(), bytes.end());
  }
  FrameDecoder decoder;
  std::vector<std::size_t> cuts;
  for (std::size_t at = 1 + rng() % 13; at < stream.size(); at += 1 + rng() % 13) cuts.push_back(at);
  auto got = feed_in_chunks(decoder, stream, cuts);
  EXPECT_EQ(got.frames, expected);
  EXPECT_GT(got.errors.size(), 0U);
  EXPECT_EQ(decoder.stats().frames, expected.size());
}

}  // namespace
}  // namespace pickupbox::kerong
