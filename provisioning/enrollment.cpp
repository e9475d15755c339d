#include "provisioning/enrollment.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <mosquitto.h>
#include <mqtt_protocol.h>
#include <netdb.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <map>
#include <memory>
#include <vector>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>

#include "backoffice/enrollment_messages.hpp"
#include "pki/x509_files.hpp"

namespace pickupbox::provisioning {

namespace {

namespace protocol = backoffice::enrollment;
using core::ErrorCode;
using core::fail;
using SteadyClock = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr int keepalive_s = 30;

std::string utc_now() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}


// A TCP connect within the deadline, before libmosquitto's own (blocking, unbounded) one.
core::Result<void> probe_tcp(const std::string& host, int port, SteadyClock::time_point deadline) {
  const std::string endpoint = host + ":" + std::to_string(port);
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (int rc = ::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found); rc != 0) {
    return fail(ErrorCode::hardware, "the broker's host name in --broker " + endpoint + " does not resolve (" +
                                         ::gai_strerror(rc) + "): check the name and DNS");
  }
  std::string last = "no address";
  for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
    const int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    int rc = ::connect(fd, a->ai_addr, a->ai_addrlen);
    int err = rc == 0 ? 0 : errno;
    if (err == EINPROGRESS) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SteadyClock::now());
      pollfd entry{fd, POLLOUT, 0};
      const int ready = ::poll(&entry, 1, static_cast<int>(std::max<long>(0, left.count())));
      if (ready == 1) {
        socklen_t len = sizeof err;
        ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
      } else {
        err = ETIMEDOUT;
      }
    }
    ::close(fd);
    if (err == 0) {
      ::freeaddrinfo(found);
      return {};
    }
    last = std::strerror(err);
  }
  ::freeaddrinfo(found);
  return fail(ErrorCode::hardware, "cannot reach the broker at " + endpoint + " (" + last +
                                       "): check --broker, the network, and that the broker runs");
}

// A one-shot, single-threaded libmosquitto client: every wait runs mosquitto_loop until its
// condition or the deadline.
class ClaimClient {
 public:
  ClaimClient() = default;
  ~ClaimClient() {
    if (mosq_ != nullptr) {
      if (connected_) {
        mosquitto_disconnect(mosq_);
        mosquitto_loop(mosq_, 100, 1);
      }
      mosquitto_destroy(mosq_);
    }
  }
  ClaimClient(const ClaimClient&) = delete;
  ClaimClient& operator=(const ClaimClient&) = delete;

  core::Result<void> connect(const EnrollSettings& s, const std::filesystem::path& ca, const std::string& client_id,
                             int protocol, SteadyClock::time_point deadline) {
    endpoint_ = s.host + ":" + std::to_string(s.port);
    mosq_ = mosquitto_new(client_id.c_str(), /*clean_session=*/true, this);
    if (mosq_ == nullptr) return fail(ErrorCode::internal, "cannot create an MQTT client: out of memory");
    mosquitto_int_option(mosq_, MOSQ_OPT_PROTOCOL_VERSION, protocol);
    mosquitto_connect_v5_callback_set(mosq_, &ClaimClient::on_connect);
    mosquitto_disconnect_v5_callback_set(mosq_, &ClaimClient::on_disconnect);
    mosquitto_subscribe_v5_callback_set(mosq_, &ClaimClient::on_subscribe);
    mosquitto_publish_v5_callback_set(mosq_, &ClaimClient::on_publish);
    mosquitto_message_v5_callback_set(mosq_, &ClaimClient::on_message);
    mosquitto_log_callback_set(mosq_, &ClaimClient::on_log);
    if (int rc = mosquitto_tls_set(mosq_, ca.c_str(), nullptr, s.claim_cert.c_str(), s.claim_key.c_str(), nullptr);
        rc != MOSQ_ERR_SUCCESS) {
      return fail(ErrorCode::invalid_argument, "the TLS files (--ca " + ca.string() + ", --claim-cert " +
                                                   s.claim_cert.string() + ", --claim-key " + s.claim_key.string() +
                                                   ") are not usable: " + mosquitto_strerror(rc));
    }
    // The broker's certificate and host name are verified; TLS 1.2 at least.
    if (int rc = mosquitto_tls_opts_set(mosq_, SSL_VERIFY_PEER, "tlsv1.2", nullptr); rc != MOSQ_ERR_SUCCESS) {
      return fail(ErrorCode::internal, std::string("TLS options: ") + mosquitto_strerror(rc));
    }
    if (auto reachable = probe_tcp(s.host, s.port, deadline); !reachable) return reachable;
    const int rc = mosquitto_connect(mosq_, s.host.c_str(), s.port, keepalive_s);
    if (rc != MOSQ_ERR_SUCCESS) return fail(ErrorCode::hardware, connection_failure(rc, "connecting"));
    if (auto done = run_until([&] { return connack_ >= 0; }, deadline); !done) {
      return fail(ErrorCode::hardware, done.error().message);
    }
    if (connack_ != 0) {
      return fail(ErrorCode::unauthorized,
                  "the broker at " + endpoint_ + " refused the claim certificate: " + mosquitto_reason_string(connack_) +
                      " (CONNACK " + std::to_string(connack_) +
                      "); check that --claim-cert is the claim certificate (CN claim) from the back office's CA");
    }
    connected_ = true;
    return {};
  }

  int connack() const { return connack_; }

  core::Result<void> subscribe(const std::string& topic, SteadyClock::time_point deadline) {
    int mid = 0;
    if (int rc = mosquitto_subscribe(mosq_, &mid, topic.c_str(), 1); rc != MOSQ_ERR_SUCCESS) {
      return fail(ErrorCode::hardware, connection_failure(rc, "subscribing to " + topic));
    }
    if (auto done = run_until([&] { return subacks_.contains(mid); }, deadline); !done) return done;
    if (subacks_[mid] >= 0x80) {
      return fail(ErrorCode::unauthorized, "the broker refused the subscription to " + topic +
                                               " (its ACL must let user claim read pickupbox/v1/enroll/+/cert)");
    }
    return {};
  }

  core::Result<void> publish(const std::string& topic, const std::string& payload, SteadyClock::time_point deadline) {
    int mid = 0;
    if (int rc = mosquitto_publish(mosq_, &mid, topic.c_str(), static_cast<int>(payload.size()), payload.data(), 1,
                                   false);
        rc != MOSQ_ERR_SUCCESS) {
      return fail(ErrorCode::hardware, connection_failure(rc, "publishing to " + topic));
    }
    if (auto done = run_until([&] { return pubacks_.contains(mid); }, deadline); !done) return done;
    // MQTT 5: 0x10 "no matching subscribers" is a success code, but it says nobody signs.
    if (pubacks_[mid] >= 0x80) {
      return fail(ErrorCode::unauthorized, "the broker refused the request on " + topic + ": " +
                                               mosquitto_reason_string(pubacks_[mid]) +
                                               " (its ACL must let user claim write pickupbox/v1/enroll/+/csr)");
    }
    no_subscribers_ = pubacks_[mid] == MQTT_RC_NO_MATCHING_SUBSCRIBERS;
    return {};
  }
  bool no_subscribers() const { return no_subscribers_; }

  // The next message on topic (in arrival order); nullopt at the deadline.
  std::optional<std::string> next_message(const std::string& topic, SteadyClock::time_point deadline,
                                          std::string& error) {
    auto done = run_until([&] { return !messages_.empty(); }, deadline);
    if (!done) {
      if (done.error().code != ErrorCode::busy) error = done.error().message;
      return std::nullopt;
    }
    auto [message_topic, payload] = std::move(messages_.front());
    messages_.erase(messages_.begin());
    if (message_topic != topic) return next_message(topic, deadline, error);
    return payload;
  }

 private:
  template <class Condition>
  core::Result<void> run_until(Condition condition, SteadyClock::time_point deadline) {
    while (!condition()) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SteadyClock::now());
      if (left <= 0ms) return fail(ErrorCode::busy, "timed out");  // busy: the caller words the timeout
      const int rc = mosquitto_loop(mosq_, static_cast<int>(std::min<long>(left.count(), 200)), 1);
      if (rc != MOSQ_ERR_SUCCESS) return fail(ErrorCode::hardware, connection_failure(rc, "talking to"));
      if (disconnected_) return fail(ErrorCode::hardware, connection_failure(MOSQ_ERR_CONN_LOST, "talking to"));
    }
    return {};
  }

  std::string connection_failure(int rc, const std::string& doing) const {
    std::string text = "the connection to the broker at " + endpoint_ + " failed while " + doing + ": " +
                       (rc == MOSQ_ERR_ERRNO ? std::string(std::strerror(errno)) : mosquitto_strerror(rc));
    if (!tls_error_.empty()) text += " (" + tls_error_ + ")";
    if (tls_error_.find("certificate verify failed") != std::string::npos ||
        tls_error_.find("mismatch") != std::string::npos) {
      text += "; the broker's certificate is not from --ca or does not name " + endpoint_;
    } else if (tls_error_.find("alert") != std::string::npos || connack_ < 0) {
      text += "; check --claim-cert/--claim-key (a pair from the back office's CA) and --ca";
    }
    return text;
  }

  static ClaimClient& self(void* obj) { return *static_cast<ClaimClient*>(obj); }
  static void on_connect(mosquitto*, void* obj, int rc, int, const mosquitto_property*) { self(obj).connack_ = rc; }
  static void on_disconnect(mosquitto*, void* obj, int, const mosquitto_property*) { self(obj).disconnected_ = true; }
  static void on_subscribe(mosquitto*, void* obj, int mid, int count, const int* granted, const mosquitto_property*) {
    self(obj).subacks_[mid] = count > 0 ? granted[0] : 0x80;
  }
  static void on_publish(mosquitto*, void* obj, int mid, int reason, const mosquitto_property*) {
    self(obj).pubacks_[mid] = reason;
  }
  static void on_message(mosquitto*, void* obj, const mosquitto_message* m, const mosquitto_property*) {
    self(obj).messages_.emplace_back(
        m->topic, std::string(static_cast<const char*>(m->payload), static_cast<std::size_t>(m->payloadlen)));
  }
  static void on_log(mosquitto*, void* obj, int level, const char* text) {
    if ((level & MOSQ_LOG_ERR) != 0 && self(obj).tls_error_.empty()) self(obj).tls_error_ = text;
  }

  mosquitto* mosq_ = nullptr;
  std::string endpoint_;
  bool connected_ = false;
  bool disconnected_ = false;
  bool no_subscribers_ = false;
  int connack_ = -1;
  std::map<int, int> subacks_;
  std::map<int, int> pubacks_;
  std::vector<std::pair<std::string, std::string>> messages_;
  std::string tls_error_;
};

void init_library() {
  static std::once_flag once;
  std::call_once(once, [] { mosquitto_lib_init(); });
}

core::Result<void> write_marker(const IdentityFiles& files, const std::string& device_id, const std::string& broker) {
  const auto path = enrolled_marker(files);
  const auto tmp = path.string() + ".tmp";
  const nlohmann::ordered_json json{
      {"schema", 1}, {"device_id", device_id}, {"enrolled_at", utc_now()}, {"broker", broker}};
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << json.dump() << '\n';
    out.flush();
    if (!out) return fail(ErrorCode::storage, "cannot write " + tmp + " (disk full?)");
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return fail(ErrorCode::storage, "cannot rename " + tmp + " to " + path.string() + ": " + ec.message());
  return {};
}

}  // namespace

std::filesystem::path enrolled_marker(const IdentityFiles& files) { return files.state_dir / "enrolled.json"; }

namespace {

// What enrolment sends: the CSR of device.csr and the device id in it.
struct ReadyRequest {
  std::string device_id;
  std::string csr;
};

core::Result<ReadyRequest> ready_request(const IdentityFiles& files, const std::optional<std::string>& device_id) {
  std::error_code ec;
  if (std::filesystem::exists(enrolled_marker(files), ec)) {
    return fail(ErrorCode::invalid_transition,
                "this box was enrolled already (" + enrolled_marker(files).string() +
                    "); the claim certificate is used only once: renew the certificate with boxctl provision rotate "
                    "and install-cert, or factory-reset the box to enrol it again");
  }
  if (std::filesystem::exists(files.cert(), ec)) {
    auto cert = pki::read_certificate(files.cert(), "the device certificate");
    if (cert && pki::check_validity(cert->get(), "the device certificate", std::time(nullptr))) {
      return fail(ErrorCode::invalid_transition,
                  "a valid device certificate is installed already (" + files.cert().string() +
                      "): this box needs no claim enrolment; to renew it use boxctl provision rotate");
    }
  }
  auto csr = pki::read_text_file(files.csr(), "the certificate request");
  if (!csr) {
    return fail(ErrorCode::not_found, "there is no certificate request " + files.csr().string() +
                                          ": run boxctl provision init --device-id ID --broker HOST:PORT --ca FILE "
                                          "first (with the same --state-dir)");
  }
  auto id = csr_device_id(*csr);
  if (!id) return std::unexpected(id.error());
  if (device_id && *device_id != *id) {
    return fail(ErrorCode::invalid_argument, "--device-id '" + *device_id + "' is not the device id in " +
                                                 files.csr().string() + " ('" + *id +
                                                 "'): leave --device-id out, or run provision init --force for the "
                                                 "other id");
  }
  return ReadyRequest{std::move(*id), std::move(*csr)};
}

}  // namespace

core::Result<std::string> check_ready_to_enroll(const IdentityFiles& files,
                                                const std::optional<std::string>& device_id) {
  auto ready = ready_request(files, device_id);
  if (!ready) return std::unexpected(ready.error());
  return std::move(ready->device_id);
}

core::Result<Enrolled> enroll(const EnrollSettings& settings) {
  init_library();
  const auto deadline = SteadyClock::now() + settings.timeout;
  auto ready = ready_request(settings.files, settings.device_id);
  if (!ready) return std::unexpected(ready.error());
  const std::string& device_id = ready->device_id;
  const std::string& csr = ready->csr;
  for (const auto& [path, option] : {std::pair{settings.claim_cert, "--claim-cert"}, std::pair{settings.claim_key, "--claim-key"}}) {
    if (!pki::read_text_file(path, option)) {
      return fail(ErrorCode::invalid_argument, std::string("cannot read ") + option + " '" + path.string() +
                                                   "': give the claim certificate and key the back office issued");
    }
  }
  const std::filesystem::path ca = settings.ca_file.empty() ? settings.files.ca() : settings.ca_file;
  if (!pki::read_text_file(ca, "the broker's CA")) {
    return fail(ErrorCode::invalid_argument, "cannot read the broker's CA '" + ca.string() +
                                                 "': give --ca, or run provision init (it copies the CA)");
  }

  const std::string nonce = protocol::new_nonce();
  const std::string cert_topic = protocol::cert_topic(device_id);
  const std::string csr_topic = protocol::csr_topic(device_id);
  const std::string client_id = "enroll-" + device_id;
  const std::string endpoint = settings.host + ":" + std::to_string(settings.port);

  // MQTT 5, or 3.1.1 when the broker does not speak 5.
  auto client = std::make_unique<ClaimClient>();
  auto connected = client->connect(settings, ca, client_id, MQTT_PROTOCOL_V5, deadline);
  if (!connected && (client->connack() == MQTT_RC_UNSUPPORTED_PROTOCOL_VERSION || client->connack() == 1)) {
    client = std::make_unique<ClaimClient>();
    connected = client->connect(settings, ca, client_id, MQTT_PROTOCOL_V311, deadline);
  }
  if (!connected) {
    if (connected.error().code == ErrorCode::busy || connected.error().message == "timed out") {
      return fail(ErrorCode::hardware, "no CONNACK from the broker at " + endpoint + " within " +
                                           std::to_string(settings.timeout.count()) + " s: check --broker and --ca");
    }
    return std::unexpected(connected.error());
  }
  // Subscribe before publishing, so the answer cannot come before we listen.
  auto timed_out = [&](const std::string& doing) {
    return fail(ErrorCode::hardware, "timed out after " + std::to_string(settings.timeout.count()) + " s " + doing +
                                         " at " + endpoint + ": the broker is slow or overloaded; try again");
  };
  if (auto subscribed = client->subscribe(cert_topic, deadline); !subscribed) {
    if (subscribed.error().code == ErrorCode::busy) return timed_out("waiting for SUBACK");
    return std::unexpected(subscribed.error());
  }
  const std::string request = protocol::request_payload({device_id, nonce, csr});
  if (auto published = client->publish(csr_topic, request, deadline); !published) {
    if (published.error().code == ErrorCode::busy) return timed_out("waiting for PUBACK");
    return std::unexpected(published.error());
  }

  for (;;) {
    std::string error;
    auto payload = client->next_message(cert_topic, deadline, error);
    if (!payload) {
      if (!error.empty()) return fail(ErrorCode::hardware, error + "; run provision enroll again");
      return fail(ErrorCode::hardware,
                  "no answer on " + cert_topic + " within " + std::to_string(settings.timeout.count()) + " s" +
                      (client->no_subscribers() ? " (the broker says nobody listens to " + csr_topic + ")" : "") +
                      ": is the back office's signer running (backoffice-console sign) with '" + device_id +
                      "' in its allow list? Run provision enroll again (a new request is made; nothing was installed)");
    }
    auto answer = protocol::parse_answer(*payload);
    if (!answer || answer->nonce != nonce) continue;  // not the answer to this request (another's, or stale)
    if (answer->error) {
      return fail(ErrorCode::unauthorized, "the back office refused to enrol '" + device_id + "': " +
                                               answer->error->message + " (" + answer->error->code + ")");
    }
    if (auto installed = install_certificate(settings.files, *answer->certificate); !installed) {
      return fail(installed.error().code, "the certificate the back office sent was not installed: " +
                                              installed.error().message);
    }
    break;
  }
  if (auto marked = write_marker(settings.files, device_id, endpoint); !marked) return std::unexpected(marked.error());

  Enrolled enrolled{device_id, settings.files.cert(), {}};
  if (auto cert = pki::read_certificate(settings.files.cert(), "the device certificate")) {
    enrolled.not_after = pki::time_text(X509_get0_notAfter(cert->get()));
  }
  return enrolled;
}

}  // namespace pickupbox::provisioning
