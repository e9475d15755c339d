#include "kerong/transport.hpp"

#include <array>

namespace pickupbox::kerong {

void Transport::drain_input() {
  constexpr int max_reads = 64;
  std::array<std::uint8_t, 64> sink{};
  for (int i = 0; i < max_reads; ++i) {
    auto got = read(sink, std::chrono::milliseconds{0});
    if (!got || *got == 0) return;
  }
}

}  // namespace pickupbox::kerong
