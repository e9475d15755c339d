#include "kerong/frame_decoder.hpp"

#include <algorithm>
#include <cstdio>
#include <variant>

namespace pickupbox::kerong {
namespace {

// Input is consumed in slices so the buffer stays small whatever the caller hands in.
constexpr std::size_t slice_size = 64;

struct NeedMore {};
struct Parsed {
  Frame frame;
  std::size_t length;
};
using Attempt = std::variant<NeedMore, Parsed, DecodeError>;

std::string hex(std::uint8_t b) {
  char text[5];
  std::snprintf(text, sizeof text, "0x%02x", b);
  return text;
}

StatusBits read_status_bits(std::span<const std::uint8_t> data) {
  auto word = [](std::uint8_t low, std::uint8_t high) {
    return static_cast<std::uint16_t>(low | (high << 8));
  };
  return {word(data[0], data[1]), word(data[2], data[3])};
}

// Tries to read one frame from bytes that start with STX.
Attempt parse_at_stx(std::span<const std::uint8_t> bytes) {
  if (bytes.size() < 3) return NeedMore{};
  const std::uint8_t address = bytes[1];
  const std::uint8_t command = bytes[2];
  const auto length = frame_length(command);
  if (!length) return DecodeError{DecodeErrorKind::unknown_command, address, command, 0, command};
  if (bytes.size() < *length) return NeedMore{};
  const std::uint8_t found_etx = bytes[*length - 2];
  if (found_etx != etx) return DecodeError{DecodeErrorKind::bad_etx, address, command, etx, found_etx};
  const std::uint8_t sum = checksum(bytes.first(*length - 1));
  const std::uint8_t found_sum = bytes[*length - 1];
  if (found_sum != sum) return DecodeError{DecodeErrorKind::bad_checksum, address, command, sum, found_sum};
  Frame frame{address, static_cast<Command>(command), {}};
  if (frame.command == Command::status_reply) frame.status = read_status_bits(bytes.subspan(3, 4));
  return Parsed{frame, *length};
}

}  // namespace

std::string_view to_string(DecodeErrorKind kind) {
  switch (kind) {
    case DecodeErrorKind::garbage: return "garbage";
    case DecodeErrorKind::unknown_command: return "unknown_command";
    case DecodeErrorKind::bad_etx: return "bad_etx";
    case DecodeErrorKind::bad_checksum: return "bad_checksum";
  }
  return "unknown";
}

std::string DecodeError::describe() const {
  std::string text{to_string(kind)};
  if (kind == DecodeErrorKind::garbage) return text + " first=" + hex(actual);
  text += " cmd=" + hex(command) + " addr=" + hex(address);
  if (kind == DecodeErrorKind::unknown_command) return text;
  return text + " expected=" + hex(expected) + " got=" + hex(actual);
}

DecodedChunk FrameDecoder::feed(std::span<const std::uint8_t> bytes) {
  DecodedChunk out;
  while (!bytes.empty()) {
    const auto slice = bytes.first(std::min(slice_size, bytes.size()));
    buffer_.insert(buffer_.end(), slice.begin(), slice.end());
    bytes = bytes.subspan(slice.size());
    process(out);
  }
  return out;
}

void FrameDecoder::process(DecodedChunk& out) {
  std::size_t pos = 0;
  while (pos < buffer_.size()) {
    const auto rest = std::span<const std::uint8_t>(buffer_).subspan(pos);
    if (rest[0] != stx) {
      report(DecodeError{DecodeErrorKind::garbage, 0, 0, stx, rest[0]}, out);
      ++stats_.discarded_bytes;
      ++pos;
      continue;
    }
    const auto attempt = parse_at_stx(rest);
    if (std::holds_alternative<NeedMore>(attempt)) break;
    if (const auto* parsed = std::get_if<Parsed>(&attempt)) {
      out.frames.push_back(parsed->frame);
      ++stats_.frames;
      resyncing_ = false;
      pos += parsed->length;
      continue;
    }
    // Only the STX is dropped: the next frame may start inside the bytes we just rejected.
    report(std::get<DecodeError>(attempt), out);
    ++stats_.discarded_bytes;
    ++pos;
  }
  buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(pos));
}

void FrameDecoder::report(const DecodeError& error, DecodedChunk& out) {
  if (resyncing_) return;
  resyncing_ = true;
  ++stats_.errors;
  out.errors.push_back(error);
}

void FrameDecoder::reset() {
  stats_.discarded_bytes += buffer_.size();
  buffer_.clear();
  resyncing_ = false;
}

}  // namespace pickupbox::kerong
