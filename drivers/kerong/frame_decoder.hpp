#pragma once
// Streaming decoder: bytes arrive from the RS-485 bridge in arbitrary chunks, with noise
// from a floating bus or a board powering up. Complete frames come out; anything else is
// reported and skipped, resynchronising on the next STX.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kerong/frame.hpp"

namespace pickupbox::kerong {

enum class DecodeErrorKind {
  garbage,          // bytes outside a frame (not STX)
  unknown_command,  // STX followed by a command byte we do not know
  bad_etx,          // no ETX where the command says the frame ends (often a truncated frame)
  bad_checksum,     // frame complete but SUM does not match
};
std::string_view to_string(DecodeErrorKind kind);

struct DecodeError {
  DecodeErrorKind kind = DecodeErrorKind::garbage;
  std::uint8_t address = 0;   // as received (unknown_command, bad_etx, bad_checksum)
  std::uint8_t command = 0;   // as received (unknown_command, bad_etx, bad_checksum)
  std::uint8_t expected = 0;  // ETX or computed SUM (bad_etx, bad_checksum)
  std::uint8_t actual = 0;    // byte found instead; for garbage the first stray byte

  // One line for logs and diagnostics, e.g. "bad_checksum cmd=0x35 addr=0x10 expected=0x7f got=0x80".
  std::string describe() const;
};

struct DecodedChunk {
  std::vector<Frame> frames;
  std::vector<DecodeError> errors;
};

struct DecoderStats {
  std::uint64_t frames = 0;
  std::uint64_t errors = 0;
  std::uint64_t discarded_bytes = 0;
};

class FrameDecoder {
 public:
  // Feeds bytes; returns the frames they completed and the errors they revealed.
  // One error is reported per corrupted stretch between two good frames, so a single
  // burst of noise counts once however many false starts it contains. Resynchronisation
  // drops one byte at a time, so a good frame hidden behind a false STX is still found.
  DecodedChunk feed(std::span<const std::uint8_t> bytes);

  // Forgets a partial frame (the master does this before each request: a reply cut
  // off by a timeout will never be completed). Stats are kept.
  void reset();

  std::size_t pending() const { return buffer_.size(); }
  const DecoderStats& stats() const { return stats_; }

 private:
  void process(DecodedChunk& out);
  void report(const DecodeError& error, DecodedChunk& out);

  std::vector<std::uint8_t> buffer_;  // never holds more than a chunk plus one partial frame
  bool resyncing_ = false;
  DecoderStats stats_;
};

}  // namespace pickupbox::kerong
