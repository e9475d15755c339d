#include "core/keyed_hash.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <stdexcept>
#include <string>

namespace pickupbox::core {

namespace {
// The NUL ends the label so that no label/value pair can be read as another.
constexpr std::string_view code_label{"pickupbox/v1/pickup-code\0", 25};
constexpr std::string_view identity_label{"pickupbox/v1/identity\0", 22};
}  // namespace

KeyedHasher::KeyedHasher(std::vector<std::uint8_t> device_secret) : secret_(std::move(device_secret)) {
  if (secret_.size() < min_secret_size) {
    throw std::invalid_argument("device secret is " + std::to_string(secret_.size()) + " bytes; at least " +
                                std::to_string(min_secret_size) + " are needed (re-provision the device key)");
  }
}

KeyedHasher::~KeyedHasher() {
  if (!secret_.empty()) OPENSSL_cleanse(secret_.data(), secret_.size());
}

Digest KeyedHasher::code(std::string_view code) const { return labelled(code_label, code); }

Digest KeyedHasher::identity(std::string_view normalised_identifier) const {
  return labelled(identity_label, normalised_identifier);
}

Digest KeyedHasher::labelled(std::string_view label, std::string_view value) const {
  std::string message;
  message.reserve(label.size() + value.size());
  message.append(label).append(value);
  Digest digest{};
  unsigned int length = 0;
  const unsigned char* ok =
      HMAC(EVP_sha256(), secret_.data(), static_cast<int>(secret_.size()),
           reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest.data(), &length);
  if (ok == nullptr || length != digest.size()) {
    throw std::logic_error("HMAC-SHA256 failed: the OpenSSL library is unusable");
  }
  return digest;
}

bool constant_time_equal(const Digest& a, const Digest& b) {
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace pickupbox::core
