#include "core/pin.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <algorithm>
#include <stdexcept>
#include <string>

namespace pickupbox::core {

std::vector<std::uint8_t> pbkdf2_hmac_sha256(std::string_view password, std::span<const std::uint8_t> salt,
                                             int iterations, std::size_t length) {
  if (iterations < 1 || length == 0) {
    throw std::invalid_argument("PBKDF2 needs iterations >= 1 and a length > 0, got iterations " +
                                std::to_string(iterations) + ", length " + std::to_string(length));
  }
  std::vector<std::uint8_t> out(length);
  const int ok = PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()), salt.data(),
                                   static_cast<int>(salt.size()), iterations, EVP_sha256(),
                                   static_cast<int>(out.size()), out.data());
  if (ok != 1) throw std::logic_error("PKCS5_PBKDF2_HMAC failed: the OpenSSL library is unusable");
  return out;
}

PinHash hash_pin(std::string_view pin, Random& random, int iterations) {
  PinHash result;
  result.salt.resize(pin_salt_size);
  random.fill(std::as_writable_bytes(std::span(result.salt)));
  result.hash = pbkdf2_hmac_sha256(pin, result.salt, iterations, pin_hash_size);
  result.iterations = iterations;
  return result;
}

bool verify_pin(std::string_view pin, const PinHash& stored) {
  if (stored.iterations < 1 || stored.salt.empty() || stored.hash.empty()) return false;
  std::vector<std::uint8_t> derived = pbkdf2_hmac_sha256(pin, stored.salt, stored.iterations, stored.hash.size());
  const bool equal = CRYPTO_memcmp(derived.data(), stored.hash.data(), derived.size()) == 0;
  OPENSSL_cleanse(derived.data(), derived.size());
  return equal;
}

bool is_acceptable_pin(std::string_view pin) {
  return pin.size() >= 4 && pin.size() <= 12 &&
         std::all_of(pin.begin(), pin.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace pickupbox::core
