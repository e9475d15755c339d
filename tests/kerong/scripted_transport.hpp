#pragma once
// A fake bus peer in the style of mosquitto's client tests: each step names the exact
// bytes the master must send next and the chunks the peer answers with.
#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <optional>
#include <vector>

#include "hex_bytes.hpp"
#include "kerong/transport.hpp"

namespace pickupbox::testing {

class ScriptedTransport final : public kerong::Transport {
 public:
  using Bytes = std::vector<std::uint8_t>;

  // Expect `sent` as the next write; answer with `reply_chunks` (each read returns at most one chunk).
  void expect(std::string_view sent, std::vector<std::string_view> reply_chunks = {}) {
    Step step{hex_bytes(sent), {}};
    for (auto chunk : reply_chunks) step.replies.push_back(hex_bytes(chunk));
    script_.push_back(std::move(step));
  }
  // Bytes that are already waiting before the next request (a late reply).
  void push_unsolicited(std::string_view bytes) { readable_.push_back(hex_bytes(bytes)); }
  // Every read returns these bytes, forever (a babbling bus).
  void babble(std::string_view bytes) { babble_ = hex_bytes(bytes); }
  void fail_writes(core::Error error) { write_error_ = std::move(error); }

  core::Result<void> write(std::span<const std::uint8_t> bytes) override {
    if (write_error_) return std::unexpected(*write_error_);
    writes.emplace_back(bytes.begin(), bytes.end());
    if (script_.empty()) {
      ADD_FAILURE() << "unexpected write: " << to_hex(bytes);
      return {};
    }
    auto step = std::move(script_.front());
    script_.pop_front();
    EXPECT_EQ(to_hex(bytes), to_hex(step.sent)) << "write #" << writes.size();
    for (auto& chunk : step.replies) readable_.push_back(std::move(chunk));
    return {};
  }

  core::Result<std::size_t> read(std::span<std::uint8_t> out, std::chrono::milliseconds timeout) override {
    read_timeouts.push_back(timeout);
    if (babble_) return copy_out(*babble_, out);
    if (readable_.empty()) {
      ++timeouts;
      return std::size_t{0};
    }
    auto& chunk = readable_.front();
    const auto count = copy_out(chunk, out);
    chunk.erase(chunk.begin(), chunk.begin() + static_cast<std::ptrdiff_t>(count));
    if (chunk.empty()) readable_.pop_front();
    return count;
  }

  void drain_input() override {
    ++drains;
    readable_.clear();
  }

  bool script_done() const { return script_.empty(); }

  std::vector<Bytes> writes;
  std::vector<std::chrono::milliseconds> read_timeouts;
  int timeouts = 0;
  int drains = 0;

 private:
  struct Step {
    Bytes sent;
    std::vector<Bytes> replies;
  };
  static std::size_t copy_out(const Bytes& from, std::span<std::uint8_t> out) {
    const auto count = std::min(from.size(), out.size());
    std::copy_n(from.begin(), count, out.begin());
    return count;
  }

  std::deque<Step> script_;
  std::deque<Bytes> readable_;
  std::optional<Bytes> babble_;
  std::optional<core::Error> write_error_;
};

}  // namespace pickupbox::testing
