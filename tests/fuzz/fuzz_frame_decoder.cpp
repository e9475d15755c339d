// libFuzzer target: the Kerong frame decoder fed arbitrary bytes in arbitrary chunks.
// Input: byte 0 picks the chunk sizes, the rest is the byte stream from the bus.
// Invariants (abort on violation, so libFuzzer records the input):
//   - every decoded frame re-encodes to a well-formed frame that decodes back to itself;
//   - the frames and statistics do not depend on how the stream was chunked;
//   - every byte is accounted for: in a frame, discarded, or pending (< one frame).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <vector>

#include "kerong/frame.hpp"
#include "kerong/frame_decoder.hpp"

namespace {

using pickupbox::kerong::DecodedChunk;
using pickupbox::kerong::Frame;
using pickupbox::kerong::FrameDecoder;

void require(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "invariant violated: %s\n", what);
  std::abort();
}

void check_reencodes(const Frame& frame) {
  namespace kerong = pickupbox::kerong;
  const auto bytes = kerong::encode(frame);
  const auto length = kerong::frame_length(static_cast<std::uint8_t>(frame.command));
  require(length.has_value() && bytes.size() == *length, "encoded length matches the command");
  require(bytes.front() == kerong::stx && bytes[bytes.size() - 2] == kerong::etx, "STX ... ETX framing");
  require(bytes.back() == kerong::checksum(std::span(bytes).first(bytes.size() - 1)), "checksum");
  FrameDecoder fresh;
  const auto again = fresh.feed(bytes);
  require(again.errors.empty() && again.frames.size() == 1 && again.frames[0] == frame, "round trip");
  require(fresh.pending() == 0, "nothing left after one whole frame");
}

std::vector<Frame> feed_in_chunks(FrameDecoder& decoder, std::span<const std::uint8_t> stream, std::uint8_t pattern) {
  std::vector<Frame> frames;
  std::size_t step = 0;
  while (!stream.empty()) {
    // Chunk sizes 1..16, varying with the pattern byte so that cuts fall everywhere.
    const std::size_t size = std::min<std::size_t>(stream.size(), ((pattern >> (step % 4) * 2) & 0x0F) + 1);
    ++step;
    DecodedChunk out = decoder.feed(stream.first(size));
    frames.insert(frames.end(), out.frames.begin(), out.frames.end());
    require(decoder.pending() < pickupbox::kerong::max_frame_length, "at most one partial frame pending");
    stream = stream.subspan(size);
  }
  return frames;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t pattern = data[0];
  const std::span<const std::uint8_t> stream(data + 1, size - 1);

  FrameDecoder chunked;
  const auto frames = feed_in_chunks(chunked, stream, pattern);
  FrameDecoder whole;
  const auto at_once = whole.feed(stream);

  require(frames == at_once.frames, "same frames whatever the chunking");
  require(chunked.stats().frames == whole.stats().frames && chunked.stats().errors == whole.stats().errors &&
              chunked.stats().discarded_bytes == whole.stats().discarded_bytes,
          "same statistics whatever the chunking");
  require(chunked.stats().frames == frames.size(), "frame count");

  std::size_t in_frames = 0;
  for (const auto& frame : frames) {
    check_reencodes(frame);
    in_frames += pickupbox::kerong::encode(frame).size();
  }
  require(in_frames + chunked.stats().discarded_bytes + chunked.pending() == stream.size(), "every byte accounted for");
  return 0;
}
