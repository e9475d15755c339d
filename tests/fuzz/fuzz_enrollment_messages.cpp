// libFuzzer target: the claim-enrolment messages (backoffice/enrollment_messages.hpp), which a
// box without a certificate and the back office's signer read from each other over MQTT.
// Input: byte 0 picks what the rest is: an enrolment request, an answer, or a topic / device id.
// Invariants (trap on violation, so libFuzzer records the input):
//   - no exception escapes the parsers; a refusal is invalid_argument with a non-empty message
//     that never repeats an id-like value the payload carried (device_id, nonce, csr, ...);
//   - a payload over max_payload_bytes is always refused;
//   - parse_request / parse_answer accept exactly what the header documents (schema 1, the
//     string fields, id and nonce syntax, the CSR's PEM marker, exactly one of certificate and
//     error), checked against a parse written out here;
//   - an accepted message written back with request_payload / answer_payload parses to itself;
//   - csr_topic / cert_topic throw invalid_argument iff the id is invalid, and
//     device_of_csr_topic inverts csr_topic and accepts nothing else.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "backoffice/enrollment_messages.hpp"
#include "core/device_id.hpp"

namespace {

namespace enrollment = pickupbox::backoffice::enrollment;
namespace core = pickupbox::core;
using Json = nlohmann::ordered_json;

void require(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "invariant violated: %s\n", what);
  __builtin_trap();
}

// Long enough, and mixing letters and digits, so that no message template contains it.
bool looks_like_an_id(std::string_view text) {
  const bool alnum = text.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
                     std::string_view::npos;
  return text.size() >= 8 && alnum && text.find_first_of("0123456789") != std::string_view::npos &&
         text.find_first_not_of("0123456789-_") != std::string_view::npos;
}

void check_refusal(const core::Error& error, const Json& document) {
  require(error.code == core::ErrorCode::invalid_argument, "refusals are invalid_argument");
  require(!error.message.empty() && error.message.find('\n') == std::string::npos, "one non-empty line");
  if (!document.is_object()) return;
  for (const auto& [key, value] : document.items()) {
    if (value.is_string() && looks_like_an_id(value.get_ref<const std::string&>())) {
      require(error.message.find(value.get_ref<const std::string&>()) == std::string::npos, "no value echoed");
    }
  }
}

Json parse_json(std::string_view payload) { return Json::parse(payload.begin(), payload.end(), nullptr, false); }

// The object with "schema":1, or nullopt: the part both messages share.
std::optional<Json> model_object(std::string_view payload) {
  if (payload.size() > enrollment::max_payload_bytes) return std::nullopt;
  Json json = parse_json(payload);
  if (json.is_discarded() || !json.is_object()) return std::nullopt;
  const auto schema = json.find("schema");
  const bool one = schema != json.end() && ((schema->is_number_unsigned() && schema->get<std::uint64_t>() == 1) ||
                                            (schema->is_number_integer() && schema->get<std::int64_t>() == 1));
  if (!one) return std::nullopt;
  return json;
}

std::optional<std::string> string_of(const Json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

std::optional<enrollment::Request> model_request(std::string_view payload) {
  const auto json = model_object(payload);
  if (!json) return std::nullopt;
  auto device_id = string_of(*json, "device_id");
  auto nonce = string_of(*json, "nonce");
  auto csr = string_of(*json, "csr");
  if (!device_id || !nonce || !csr || !core::is_valid_device_id(*device_id) || !enrollment::is_valid_nonce(*nonce) ||
      !csr->contains("-----BEGIN CERTIFICATE REQUEST-----")) {
    return std::nullopt;
  }
  return enrollment::Request{*device_id, *nonce, *csr};
}

bool same(const enrollment::Request& a, const enrollment::Request& b) {
  return a.device_id == b.device_id && a.nonce == b.nonce && a.csr_pem == b.csr_pem;
}

void fuzz_request(std::string_view payload) {
  const auto got = enrollment::parse_request(payload);
  const auto want = model_request(payload);
  require(got.has_value() == want.has_value(), "accepted exactly as documented");
  if (!got) {
    check_refusal(got.error(), parse_json(payload));
    return;
  }
  require(same(*got, *want), "the fields of the payload");
  const auto again = enrollment::parse_request(enrollment::request_payload(*got));
  require(again.has_value() && same(*again, *got), "request_payload round trip");
}

std::optional<enrollment::Answer> model_answer(std::string_view payload) {
  const auto json = model_object(payload);
  if (!json) return std::nullopt;
  enrollment::Answer answer;
  auto nonce = string_of(*json, "nonce");
  if (!nonce) return std::nullopt;
  answer.nonce = *nonce;
  if (json->contains("certificate")) {
    answer.certificate = string_of(*json, "certificate");
    if (!answer.certificate) return std::nullopt;
  }
  if (const auto error = json->find("error"); error != json->end()) {
    if (!error->is_object()) return std::nullopt;
    auto code = string_of(*error, "code");
    auto message = string_of(*error, "message");
    if (!code || !message) return std::nullopt;
    answer.error = enrollment::Refusal{*code, *message};
  }
  if (answer.certificate.has_value() == answer.error.has_value()) return std::nullopt;
  return answer;
}

bool same(const enrollment::Answer& a, const enrollment::Answer& b) {
  const bool errors = a.error.has_value() == b.error.has_value() &&
                      (!a.error || (a.error->code == b.error->code && a.error->message == b.error->message));
  return a.nonce == b.nonce && a.certificate == b.certificate && errors;
}

void fuzz_answer(std::string_view payload) {
  const auto got = enrollment::parse_answer(payload);
  const auto want = model_answer(payload);
  require(got.has_value() == want.has_value(), "accepted exactly as documented");
  if (!got) {
    check_refusal(got.error(), parse_json(payload));
    return;
  }
  require(same(*got, *want), "the fields of the answer");
  require(got->certificate.has_value() != got->error.has_value(), "exactly one of certificate and error");
  const auto again = enrollment::parse_answer(enrollment::answer_payload(*got));
  require(again.has_value() && same(*again, *got), "answer_payload round trip");
}

template <class Make>
std::optional<std::string> topic_or_throw(Make make, std::string_view id) {
  try {
    return make(id);
  } catch (const std::invalid_argument& error) {
    require(std::string_view(error.what()).size() > 0, "the exception says why");
    return std::nullopt;
  }
}

void fuzz_topic(std::string_view text) {
  const bool valid = core::is_valid_device_id(text);
  const auto csr = topic_or_throw(enrollment::csr_topic, text);
  const auto cert = topic_or_throw(enrollment::cert_topic, text);
  require(csr.has_value() == valid && cert.has_value() == valid, "topics only for valid device ids");
  if (valid) {
    require(*csr == std::string(enrollment::topic_prefix) + std::string(text) + "/csr", "the csr topic");
    require(*cert == std::string(enrollment::topic_prefix) + std::string(text) + "/cert", "the cert topic");
    require(enrollment::device_of_csr_topic(*csr) == std::string(text), "device_of_csr_topic inverts csr_topic");
    require(!enrollment::device_of_csr_topic(*cert), "a cert topic is not a csr topic");
  }
  // As a topic: accepted iff it is exactly prefix + valid id + "/csr".
  const auto device = enrollment::device_of_csr_topic(text);
  std::optional<std::string> want;
  if (text.starts_with(enrollment::topic_prefix) && text.ends_with("/csr") &&
      text.size() >= enrollment::topic_prefix.size() + 4) {
    const auto id = text.substr(enrollment::topic_prefix.size(), text.size() - enrollment::topic_prefix.size() - 4);
    if (core::is_valid_device_id(id)) want = std::string(id);
  }
  require(device == want, "device_of_csr_topic accepts exactly prefix/<valid id>/csr");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const bool nonce_ok = enrollment::is_valid_nonce(enrollment::new_nonce());
  require(nonce_ok, "new_nonce is a valid nonce");
  if (size == 0) return 0;
  const std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  if (rest.size() > enrollment::max_payload_bytes) {
    require(!enrollment::parse_request(rest) && !enrollment::parse_answer(rest), "oversized payloads refused");
  }
  switch (data[0] % 3) {
    case 0: fuzz_request(rest); break;
    case 1: fuzz_answer(rest); break;
    default: fuzz_topic(rest); break;
  }
  return 0;
}
