#include "core/pickup_code.hpp"

#include <algorithm>
#include <stdexcept>

namespace pickupbox::core {

namespace {

// 250 is the largest multiple of 10 a byte can hold; bytes at or above it are redrawn
// so that the reduction modulo 10 has no bias.
constexpr unsigned unbiased_limit = 250;

char random_digit(Random& random) {
  for (;;) {
    std::byte b{};
    random.fill(std::span(&b, 1));
    const auto value = std::to_integer<unsigned>(b);
    if (value < unbiased_limit) return static_cast<char>('0' + value % 10);
  }
}

}  // namespace

std::string generate_code(Random& random, int digits) {
  if (digits < min_code_digits || digits > max_code_digits) {
    throw std::invalid_argument("pickup codes have 6 to 8 digits, asked for " + std::to_string(digits));
  }
  std::string code;
  code.reserve(static_cast<std::size_t>(digits));
  for (int i = 0; i < digits; ++i) code.push_back(random_digit(random));
  return code;
}

Result<GeneratedCode> new_unique_code(Random& random, const KeyedHasher& hasher, int digits,
                                      const std::function<bool(const Digest&)>& hash_in_use, int max_tries) {
  if (max_tries < 1) {
    return fail(ErrorCode::invalid_argument, "max_tries must be at least 1, got " + std::to_string(max_tries));
  }
  for (int attempt = 0; attempt < max_tries; ++attempt) {
    GeneratedCode candidate{generate_code(random, digits), {}};
    candidate.hash = hasher.code(candidate.plaintext);
    if (!hash_in_use(candidate.hash)) return candidate;
  }
  return fail(ErrorCode::internal, "no unused " + std::to_string(digits) + "-digit pickup code found in " +
                                       std::to_string(max_tries) +
                                       " draws; check the random source, or raise code_digits if the box is full");
}

bool is_well_formed_code(std::string_view code, int digits) {
  return digits > 0 && code.size() == static_cast<std::size_t>(digits) &&
         std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace pickupbox::core
