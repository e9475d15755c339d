#pragma once
// Claim enrolment over MQTT (README "Back office (MQTT)" > "Enrolment"): the topics and the
// two payloads that a box without a certificate of its own (boxctl provision enroll, with the
// shared claim certificate, CN `claim`) and the back office's signer (backoffice-console sign)
// exchange.
//
//   pickupbox/v1/enroll/<device-id>/csr    box (claim identity) -> back office, QoS 1
//     {"schema":1,"device_id":"box-1","nonce":"<32 hex>","csr":"-----BEGIN CERTIFICATE REQUEST-----..."}
//   pickupbox/v1/enroll/<device-id>/cert   back office -> box (claim identity), QoS 1
//     {"schema":1,"nonce":"<the request's>","certificate":"-----BEGIN CERTIFICATE-----..."}
//     {"schema":1,"nonce":"<the request's>","error":{"code":"not_allowed","message":"..."}}
//
// `enroll` is one topic level where device topics have the device id, so device ids
// `enroll`, `claim` and `backoffice` are reserved (core::is_reserved_device_id): the ACL's
// patterns would otherwise let such a device write into the enrolment tree, or the
// claim user into a device's.
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace pickupbox::backoffice::enrollment {

inline constexpr std::string_view topic_prefix = "pickupbox/v1/enroll/";
inline constexpr std::string_view csr_filter = "pickupbox/v1/enroll/+/csr";
inline constexpr std::string_view cert_filter = "pickupbox/v1/enroll/+/cert";
inline constexpr std::size_t max_payload_bytes = 16 * 1024;
inline constexpr std::size_t nonce_hex_length = 32;  // 16 bytes from RAND_bytes

// The stable refusal codes of an error answer.
namespace refusal {
inline constexpr std::string_view invalid_request = "invalid_request";        // not JSON, wrong schema, missing field
inline constexpr std::string_view device_id_mismatch = "device_id_mismatch";  // payload device_id != topic's
inline constexpr std::string_view replayed_nonce = "replayed_nonce";          // this nonce was seen before
inline constexpr std::string_view replayed_key = "replayed_key";              // this public key was enrolled before
inline constexpr std::string_view already_enrolled = "already_enrolled";      // the device id has a certificate
inline constexpr std::string_view bad_csr = "bad_csr";                        // not a PEM CSR, or its signature fails
inline constexpr std::string_view cn_mismatch = "cn_mismatch";                // CSR CN != device id
inline constexpr std::string_view wrong_key_type = "wrong_key_type";          // not EC P-256
inline constexpr std::string_view not_allowed = "not_allowed";                // not in the signer's allow list
inline constexpr std::string_view internal = "internal";                      // the signer failed (ledger, OpenSSL)
}  // namespace refusal

// Throws std::invalid_argument for an id that is not a valid device id.
std::string csr_topic(std::string_view device_id);
std::string cert_topic(std::string_view device_id);
// The device id of pickupbox/v1/enroll/<id>/csr, or nullopt for any other topic.
std::optional<std::string> device_of_csr_topic(std::string_view topic);

// Exactly 32 lower-case hex characters.
bool is_valid_nonce(std::string_view nonce);
// 16 bytes from OpenSSL's RAND_bytes as 32 hex; throws std::runtime_error if RAND_bytes fails.
std::string new_nonce();

struct Request {
  std::string device_id;
  std::string nonce;
  std::string csr_pem;
};
std::string request_payload(const Request& request);
// Checks shape only (schema 1, the three strings, id and nonce syntax, size); not the CSR.
core::Result<Request> parse_request(std::string_view payload);

struct Refusal {
  std::string code;
  std::string message;
};
struct Answer {
  std::string nonce{};
  std::optional<std::string> certificate{};  // exactly one of certificate and error
  std::optional<Refusal> error{};
};
std::string answer_payload(const Answer& answer);
core::Result<Answer> parse_answer(std::string_view payload);

}  // namespace pickupbox::backoffice::enrollment
