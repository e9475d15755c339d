#include "backoffice/enrollment_messages.hpp"

#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "backoffice/topics.hpp"

namespace pickupbox::backoffice::enrollment {

namespace {

using Json = nlohmann::ordered_json;
using core::ErrorCode;
using core::fail;

constexpr std::string_view csr_leaf = "/csr";

core::Result<std::string> string_field(const Json& object, const char* key, std::string_view what) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_string()) {
    return fail(ErrorCode::invalid_argument,
                std::string(what) + " has no string \"" + key + "\": see README \"Enrolment\" for the payload");
  }
  return it->get<std::string>();
}

core::Result<Json> parse_object(std::string_view payload, std::string_view what) {
  if (payload.size() > max_payload_bytes) {
    return fail(ErrorCode::invalid_argument, std::string(what) + " is " + std::to_string(payload.size()) +
                                                 " bytes, over the limit of " + std::to_string(max_payload_bytes));
  }
  Json json = Json::parse(payload.begin(), payload.end(), nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) {
    return fail(ErrorCode::invalid_argument, std::string(what) + " is not a JSON object");
  }
  auto schema = json.find("schema");
  if (schema == json.end() || !schema->is_number_integer() || schema->get<long long>() != 1) {
    return fail(ErrorCode::invalid_argument, std::string(what) + " lacks \"schema\":1 (this version speaks schema 1)");
  }
  return json;
}

}  // namespace

std::string csr_topic(std::string_view device_id) {
  if (!is_valid_device_id(device_id)) {
    throw std::invalid_argument("device id '" + std::string(device_id) + "' is not 1..64 of letters, digits, '-' and '_'");
  }
  return std::string(topic_prefix) + std::string(device_id) + "/csr";
}

std::string cert_topic(std::string_view device_id) {
  if (!is_valid_device_id(device_id)) {
    throw std::invalid_argument("device id '" + std::string(device_id) + "' is not 1..64 of letters, digits, '-' and '_'");
  }
  return std::string(topic_prefix) + std::string(device_id) + "/cert";
}

std::optional<std::string> device_of_csr_topic(std::string_view topic) {
  if (!topic.starts_with(topic_prefix) || !topic.ends_with(csr_leaf)) return std::nullopt;
  if (topic.size() < topic_prefix.size() + csr_leaf.size()) return std::nullopt;
  auto id = topic.substr(topic_prefix.size(), topic.size() - topic_prefix.size() - csr_leaf.size());
  if (!is_valid_device_id(id)) return std::nullopt;
  return std::string(id);
}

bool is_valid_nonce(std::string_view nonce) {
  return nonce.size() == nonce_hex_length &&
         std::ranges::all_of(nonce, [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::string new_nonce() {
  std::array<unsigned char, nonce_hex_length / 2> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    throw std::runtime_error("RAND_bytes failed: the system has no working random source");
  }
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(nonce_hex_length);
  for (unsigned char b : bytes) {
    out += digits[b >> 4];
    out += digits[b & 0x0f];
  }
  return out;
}

std::string request_payload(const Request& request) {
  Json json;
  json["schema"] = 1;
  json["device_id"] = request.device_id;
  json["nonce"] = request.nonce;
  json["csr"] = request.csr_pem;
  return json.dump();
}

core::Result<Request> parse_request(std::string_view payload) {
  auto json = parse_object(payload, "the enrolment request");
  if (!json) return std::unexpected(json.error());
  Request request;
  for (auto [key, field] : {std::pair{"device_id", &request.device_id}, std::pair{"nonce", &request.nonce},
                            std::pair{"csr", &request.csr_pem}}) {
    auto value = string_field(*json, key, "the enrolment request");
    if (!value) return std::unexpected(value.error());
    *field = std::move(*value);
  }
  if (!is_valid_device_id(request.device_id)) {
    return fail(ErrorCode::invalid_argument,
                "the enrolment request's device_id is not 1..64 of letters, digits, '-' and '_'");
  }
  if (!is_valid_nonce(request.nonce)) {
    return fail(ErrorCode::invalid_argument, "the enrolment request's nonce is not 32 lower-case hex characters");
  }
  if (request.csr_pem.find("-----BEGIN CERTIFICATE REQUEST-----") == std::string::npos) {
    return fail(ErrorCode::invalid_argument, "the enrolment request's csr is not a PEM certificate request");
  }
  return request;
}

std::string answer_payload(const Answer& answer) {
  Json json;
  json["schema"] = 1;
  json["nonce"] = answer.nonce;
  if (answer.certificate) json["certificate"] = *answer.certificate;
  if (answer.error) json["error"] = Json{{"code", answer.error->code}, {"message", answer.error->message}};
  return json.dump();
}

core::Result<Answer> parse_answer(std::string_view payload) {
  auto json = parse_object(payload, "the enrolment answer");
  if (!json) return std::unexpected(json.error());
  Answer answer;
  auto nonce = string_field(*json, "nonce", "the enrolment answer");
  if (!nonce) return std::unexpected(nonce.error());
  answer.nonce = std::move(*nonce);
  if (auto it = json->find("certificate"); it != json->end()) {
    if (!it->is_string()) return fail(ErrorCode::invalid_argument, "the enrolment answer's certificate is not a string");
    answer.certificate = it->get<std::string>();
  }
  if (auto it = json->find("error"); it != json->end()) {
    if (!it->is_object()) return fail(ErrorCode::invalid_argument, "the enrolment answer's error is not an object");
    auto code = string_field(*it, "code", "the enrolment answer's error");
    if (!code) return std::unexpected(code.error());
    auto message = string_field(*it, "message", "the enrolment answer's error");
    if (!message) return std::unexpected(message.error());
    answer.error = Refusal{std::move(*code), std::move(*message)};
  }
  if (answer.certificate.has_value() == answer.error.has_value()) {
    return fail(ErrorCode::invalid_argument, "the enrolment answer must carry exactly one of certificate and error");
  }
  return answer;
}

}  // namespace pickupbox::backoffice::enrollment
