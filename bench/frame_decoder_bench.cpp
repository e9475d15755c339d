// How many status replies per second the decoder handles, clean and with line noise:
// the bus runs at 19200 baud (~200 frames/s), so this is headroom, not a bottleneck.
#include <benchmark/benchmark.h>

#include "kerong/frame.hpp"
#include "kerong/frame_decoder.hpp"

namespace {

std::vector<std::uint8_t> replies(int count, bool noisy) {
  std::vector<std::uint8_t> bytes;
  for (int i = 0; i < count; ++i) {
    auto frame = pickupbox::kerong::make_status_reply(i % 16, {static_cast<std::uint16_t>(i), 0});
    auto encoded = pickupbox::kerong::encode(*frame);
    bytes.insert(bytes.end(), encoded.begin(), encoded.end());
    if (noisy && i % 4 == 0) {
      bytes.push_back(0x02);  // a false start
      bytes.push_back(0x55);
    }
  }
  return bytes;
}

void decode(benchmark::State& state, bool noisy) {
  const auto bytes = replies(1000, noisy);
  for (auto _ : state) {
    pickupbox::kerong::FrameDecoder decoder;
    auto chunk = decoder.feed(bytes);
    benchmark::DoNotOptimize(chunk);
  }
  state.SetItemsProcessed(state.iterations() * 1000);
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(bytes.size()));
}

void BM_DecodeCleanStatusReplies(benchmark::State& state) { decode(state, false); }
void BM_DecodeNoisyStatusReplies(benchmark::State& state) { decode(state, true); }
BENCHMARK(BM_DecodeCleanStatusReplies);
BENCHMARK(BM_DecodeNoisyStatusReplies);

}  // namespace
