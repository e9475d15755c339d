#include "core/secure_random.hpp"

#include <openssl/rand.h>

#include <algorithm>
#include <climits>
#include <stdexcept>

namespace pickupbox::core {

void OpenSslRandom::fill(std::span<std::byte> out) {
  // RAND_bytes takes an int length; fill larger spans in chunks.
  while (!out.empty()) {
    const std::size_t chunk = std::min<std::size_t>(out.size(), INT_MAX);
    if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(chunk)) != 1) {
      throw std::runtime_error("RAND_bytes failed: the system random source is broken");
    }
    out = out.subspan(chunk);
  }
}

}  // namespace pickupbox::core
