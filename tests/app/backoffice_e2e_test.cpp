// The real boxd, its [backoffice] link and a real mosquitto: a raw MQTT client plays the back
// office (tests/mqtt/subscriber.hpp), sends commands on pickupbox/v1/<device>/cmd/<name> and
// watches everything the box publishes; the local API (BoxDriver) shows what changed.
//
// Waits are bounded (condition variables or deadlines). Where a test must show that something
// did NOT happen (a command that is not answered), it sends a marker command after it on the
// same path and waits for the marker's answer: the box handles its commands in order, so by
// then the first one has been dealt with.
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "box_driver.hpp"
#include "boxd_process.hpp"
#include "core/digest_hex.hpp"
#include "core/pin.hpp"
#include "core/secure_random.hpp"
#include "mosquitto_broker.hpp"
#include "provisioning/sms_code.hpp"
#include "subscriber.hpp"
#include "temp_dir.hpp"
#include "test_pki.hpp"

namespace pickupbox::e2e {
namespace {

using namespace std::chrono_literals;
using testing::MosquittoBroker;
using testing::MqttClientTls;
using testing::MqttMessage;
using testing::MqttSubscriber;
using testing::MqttSubscriberOptions;
using testing::PemFiles;
using testing::TempDir;
using testing::TestCa;
using testing::Validity;
using SteadyClock = std::chrono::steady_clock;

constexpr auto mqtt_timeout = 15s;  // generous: an ASan boxd on a busy machine
constexpr int keepalive_s = 5;

const std::string device = "box-e2e-1";
const std::string root = "pickupbox/v1/" + device + "/";

std::string box_config(std::uint16_t port, const std::string& backoffice_extra = "tls = false\n",
                       const std::string& device_id = device) {
  return "[box]\ndevice_id = " + device_id +
         "\n"
         "[bus]\nbackend = sim\nboards = 0 1\n"
         "[doors]\nA01 = 0 1 S\nA02 = 0 2 M\nA03 = 0 3 M\nA04 = 0 4 L\nB01 = 1 1 M\nB02 = 1 2 L\n"
         "[dev]\nstaff = desk1 1234\n"
         "[backoffice]\nbroker = 127.0.0.1:" +
         std::to_string(port) + "\n" + backoffice_extra + "keepalive_s = " + std::to_string(keepalive_s) +
         "\nheartbeat_s = 3600\nreconnect_initial_ms = 100\nreconnect_max_ms = 1000\n";
}

BoxdOptions with_config(std::string text) {
  BoxdOptions options;
  options.config_text = std::move(text);
  return options;
}

Json parsed(const MqttMessage& m) { return Json::parse(m.payload, nullptr, false); }

std::optional<std::int64_t> seq_of(const MqttMessage& m) {
  const auto j = parsed(m);
  if (!j.is_object() || !j.contains("seq") || !j["seq"].is_number_integer()) return std::nullopt;
  return j["seq"].get<std::int64_t>();
}

// `code` standing on its own (not inside a longer run of digits, such as a timestamp).
bool has_code(const std::string& text, const std::string& code) {
  const auto digit = [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; };
  for (auto at = text.find(code); at != std::string::npos; at = text.find(code, at + 1)) {
    const bool left = at == 0 || !digit(text[at - 1]);
    const bool right = at + code.size() >= text.size() || !digit(text[at + code.size()]);
    if (left && right) return true;
  }
  return false;
}

// boxd's pid (BoxdProcess keeps it to itself): our child whose command line names its socket.
pid_t child_pid_running(const std::filesystem::path& socket) {
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    const auto name = entry.path().filename().string();
    if (name.empty() || !std::isdigit(static_cast<unsigned char>(name[0]))) continue;
    std::ifstream stat(entry.path() / "stat");
    std::string line;
    std::getline(stat, line);
    const auto close = line.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream rest(line.substr(close + 2));
    char state = 0;
    pid_t parent = 0;
    rest >> state >> parent;
    if (parent != ::getpid()) continue;
    std::ifstream cmdline(entry.path() / "cmdline");
    const std::string args((std::istreambuf_iterator<char>(cmdline)), std::istreambuf_iterator<char>());
    if (args.find(socket.string()) != std::string::npos) return static_cast<pid_t>(std::stol(name));
  }
  return -1;
}

Json create_order_payload(const std::string& request_id, const std::string& reference) {
  return Json{{"schema", 1},         {"request_id", request_id}, {"reference", reference},
              {"document_kind", "passport"}, {"size", "M"},             {"phone", "+4512345678"},
              {"date_of_birth", "1990-05-17"}, {"language", "en"}};
}

class BackofficeE2E : public ::testing::Test {
 protected:
  void TearDown() override {
    if (boxd && boxd->running()) {
      EXPECT_EQ(boxd->stop(), 0) << "boxd did not exit 0 on SIGTERM; log tail:\n" << boxd->log_tail();
    }
  }

  // A plain broker, the back office subscribed to the whole tree, boxd online.
  void start_plain(MosquittoBroker::Options broker_options = {}) {
    broker = std::make_unique<MosquittoBroker>(std::move(broker_options));
    broker->start();
    office = std::make_unique<MqttSubscriber>(MqttSubscriberOptions{.port = broker->port()});
    // Thrown, not asserted: the tests go on to use what this sets up (gtest reports the throw).
    if (auto error = office->connect(); !error.empty()) throw std::runtime_error("back office: " + error);
    if (office->subscribe("pickupbox/v1/#") != 1) throw std::runtime_error("back office: SUBSCRIBE refused");
    boxd = std::make_unique<BoxdProcess>(with_config(box_config(broker->port())));
    boxd->start();
    if (!wait_status("online")) {
      throw std::runtime_error("boxd never said online; boxd log:\n" + boxd->log_tail() + "\nbroker log:\n" +
                               broker->log_tail());
    }
  }

  // The next status (from message index `after` on) with this state. The box subscribes to
  // its commands before it publishes online, so after this commands reach it.
  std::optional<Json> wait_status(const std::string& state, std::size_t after = 0,
                                  std::chrono::milliseconds timeout = mqtt_timeout) {
    std::optional<Json> found;
    std::size_t checked = after;
    office->wait_for(
        [&](const std::vector<MqttMessage>& all) {
          for (; checked < all.size(); ++checked) {
            if (all[checked].topic != root + "status") continue;
            auto j = parsed(all[checked]);
            if (j.value("state", "") == state) {
              found = j;
              return true;
            }
          }
          return false;
        },
        timeout);
    return found;
  }

  // Publishes a command and waits for its answer on cmd-result/<request_id>.
  Json command(const std::string& name, const Json& payload) {
    const auto request_id = payload.value("request_id", std::string{});
    const auto before = office->messages_on(root + "cmd-result/" + request_id).size();
    publish_command(name, payload.dump());
    return answer(request_id, before + 1);
  }
  void publish_command(const std::string& name, const std::string& payload, const std::string& to = root) {
    const auto acked = office->publish(to + "cmd/" + name, payload);
    ASSERT_TRUE(acked.has_value()) << "the broker did not acknowledge cmd/" << name;
  }
  // The n-th answer to request_id.
  Json answer(const std::string& request_id, std::size_t n = 1) {
    const auto result_topic = root + "cmd-result/" + request_id;
    std::optional<MqttMessage> found;
    office->wait_for(
        [&](const std::vector<MqttMessage>& all) {
          std::size_t seen = 0;
          for (const auto& m : all) {
            if (m.topic == result_topic && ++seen == n) {
              found = m;
              return true;
            }
          }
          return false;
        },
        mqtt_timeout);
    if (!found) {
      ADD_FAILURE() << "no answer #" << n << " on " << result_topic << "; boxd log:\n" << boxd->log_tail();
      return Json::object();
    }
    return parsed(*found);
  }

  // The first event of `type` (on .../events) that `matches`.
  std::optional<Json> wait_event(const std::string& type, const std::function<bool(const Json&)>& matches = nullptr) {
    auto m = office->wait_message(root + "events", mqtt_timeout, [&](const MqttMessage& msg) {
      const auto j = parsed(msg);
      return j.value("type", "") == type && (!matches || matches(j));
    });
    if (!m) return std::nullopt;
    return parsed(*m);
  }

  std::set<std::int64_t> seqs_seen() const {
    std::set<std::int64_t> seqs;
    for (const auto& m : office->messages()) {
      if (m.topic != root + "events" && m.topic != root + "sms") continue;
      if (auto s = seq_of(m)) seqs.insert(*s);
    }
    return seqs;
  }

  BoxDriver driver() { return BoxDriver(boxd->connect()); }

  std::size_t order_count(BoxDriver& box) { return box.staff("staff.orders").at("orders").size(); }

  std::int64_t outbox_pending(BoxDriver& box) { return box.ok("status").value("outbox_pending", std::int64_t{-1}); }

  bool outbox_drains(BoxDriver& box) {
    return eventually([&] { return outbox_pending(box) == 0; }, mqtt_timeout);
  }

  // Loads an order at the desk and returns it with the code from the SMS request on MQTT.
  LoadedOrder load_order(BoxDriver& box, const Citizen& citizen = {}) {
    auto order = box.start_load(citizen);
    box.wait_door(order.locker_id, "open");
    box.sim_door(order.locker_id, "close");
    box.wait_order_event("order.loaded", order.order_id);
    const auto sms = office->wait_message(root + "sms", mqtt_timeout, [&](const MqttMessage& m) {
      return parsed(m).value("order_id", "") == order.order_id;
    });
    if (!sms) throw std::runtime_error("no SMS request on MQTT for order " + order.order_id);
    const auto code = provisioning::pickup_code_in(parsed(*sms).value("text", ""));
    if (!code) throw std::runtime_error("the SMS request has no code: " + sms->payload);
    order.code = *code;
    return order;
  }

  std::unique_ptr<MosquittoBroker> broker;
  std::unique_ptr<MqttSubscriber> office;
  std::unique_ptr<BoxdProcess> boxd;
};

// --- every command's happy path -------------------------------------------------------------

TEST_F(BackofficeE2E, CreateOrderIsAnsweredAndTheOrderExistsInTheBox) {
  start_plain();
  const auto result = command("create-order", create_order_payload("r-create-1", "REF-CREATE-1"));
  ASSERT_TRUE(result.value("ok", false)) << result.dump();
  EXPECT_EQ(result.value("schema", 0), 1);
  EXPECT_EQ(result.value("request_id", ""), "r-create-1");
  EXPECT_EQ(result.value("command", ""), "create-order");
  const auto order_id = result["result"].value("order_id", "");
  ASSERT_FALSE(order_id.empty()) << result.dump();
  EXPECT_EQ(result["result"].value("state", ""), "awaiting_load") << result.dump();

  auto box = driver();
  box.login();
  const auto summary = box.order_summary(order_id);
  EXPECT_EQ(summary.value("reference", ""), "REF-CREATE-1") << summary.dump();
  EXPECT_EQ(summary.value("state", ""), "awaiting_load") << summary.dump();
  EXPECT_EQ(summary.value("size", ""), "M") << summary.dump();
  EXPECT_EQ(summary.value("document_kind", ""), "passport") << summary.dump();
  const auto created = wait_event("order.created", [&](const Json& e) { return e.value("order_id", "") == order_id; });
  ASSERT_TRUE(created) << "no order.created event on MQTT";
  EXPECT_EQ(created->dump().find("+4512345678"), std::string::npos) << "personal data in an event: " << created->dump();
}

TEST_F(BackofficeE2E, CancelOrderByOrderIdAndByReference) {
  start_plain();
  const auto first = command("create-order", create_order_payload("r-c1", "REF-C1"));
  const auto second = command("create-order", create_order_payload("r-c2", "REF-C2"));
  ASSERT_TRUE(first.value("ok", false) && second.value("ok", false)) << first.dump() << second.dump();
  const auto first_id = first["result"].value("order_id", "");
  const auto second_id = second["result"].value("order_id", "");

  const auto by_id = command("cancel-order", Json{{"schema", 1}, {"request_id", "r-x1"}, {"order_id", first_id},
                                                  {"reason", "citizen moved"}});
  ASSERT_TRUE(by_id.value("ok", false)) << by_id.dump();
  EXPECT_EQ(by_id["result"].value("order_id", ""), first_id);
  EXPECT_EQ(by_id["result"].value("state", ""), "cancelled");
  const auto by_ref = command("cancel-order", Json{{"schema", 1}, {"request_id", "r-x2"}, {"reference", "REF-C2"}});
  ASSERT_TRUE(by_ref.value("ok", false)) << by_ref.dump();
  EXPECT_EQ(by_ref["result"].value("order_id", ""), second_id);
  const auto unknown = command("cancel-order", Json{{"schema", 1}, {"request_id", "r-x3"}, {"reference", "NOPE"}});
  EXPECT_FALSE(unknown.value("ok", true)) << unknown.dump();
  EXPECT_EQ(unknown["error"].value("code", ""), "not_found") << unknown.dump();

  auto box = driver();
  box.login();
  EXPECT_EQ(box.order_summary(first_id).value("state", ""), "cancelled");
  EXPECT_EQ(box.order_summary(second_id).value("state", ""), "cancelled");
  const auto cancelled = wait_event("order.cancelled", [&](const Json& e) { return e.value("order_id", "") == second_id; });
  ASSERT_TRUE(cancelled);
  EXPECT_EQ(cancelled->value("actor", ""), "backoffice") << cancelled->dump();
}

TEST_F(BackofficeE2E, RemoteOpenOpensTheDoorAndNamesTheOperator) {
  start_plain();
  auto box = driver();
  box.wait_settled();
  const auto opened = command("remote-open", Json{{"schema", 1},
                                                  {"request_id", "r-open-1"},
                                                  {"locker_id", "A03"},
                                                  {"reason", "citizen left a bag"},
                                                  {"operator", "alice"}});
  ASSERT_TRUE(opened.value("ok", false)) << opened.dump();
  EXPECT_EQ(opened["result"].value("locker_id", ""), "A03");
  box.wait_door("A03", "open");
  const auto event = wait_event("door.service_open", [](const Json& e) { return e.value("locker_id", "") == "A03"; });
  ASSERT_TRUE(event) << "no door.service_open on MQTT";
  EXPECT_EQ(event->value("actor", ""), "backoffice:alice") << event->dump();
  box.sim_door("A03", "close");
  box.wait_door("A03", "closed");

  // Without an operator the actor is the back office itself.
  const auto anonymous = command("remote-open", Json{{"schema", 1},
                                                     {"request_id", "r-open-2"},
                                                     {"locker_id", "A04"},
                                                     {"reason", "inspection"}});
  ASSERT_TRUE(anonymous.value("ok", false)) << anonymous.dump();
  box.wait_door("A04", "open");
  const auto second = wait_event("door.service_open", [](const Json& e) { return e.value("locker_id", "") == "A04"; });
  ASSERT_TRUE(second);
  EXPECT_EQ(second->value("actor", ""), "backoffice") << second->dump();
  box.sim_door("A04", "close");

  const auto missing = command("remote-open", Json{{"schema", 1},
                                                   {"request_id", "r-open-3"},
                                                   {"locker_id", "Z99"},
                                                   {"reason", "no such door"}});
  EXPECT_FALSE(missing.value("ok", true)) << missing.dump();
}

TEST_F(BackofficeE2E, SetOutOfServiceOnAndOff) {
  start_plain();
  auto box = driver();
  const auto on = command("set-out-of-service", Json{{"schema", 1},
                                                     {"request_id", "r-oos-1"},
                                                     {"locker_id", "A02"},
                                                     {"out_of_service", true},
                                                     {"reason", "broken hinge"}});
  ASSERT_TRUE(on.value("ok", false)) << on.dump();
  EXPECT_EQ(on["result"].value("state", ""), "out_of_service") << on.dump();
  EXPECT_EQ(box.locker("A02").value("state", ""), "out_of_service");
  const auto event = wait_event("locker.out_of_service", [](const Json& e) { return e.value("locker_id", "") == "A02"; });
  ASSERT_TRUE(event);
  EXPECT_EQ(event->value("actor", ""), "backoffice") << event->dump();

  const auto off = command("set-out-of-service", Json{{"schema", 1},
                                                      {"request_id", "r-oos-2"},
                                                      {"locker_id", "A02"},
                                                      {"out_of_service", false}});
  ASSERT_TRUE(off.value("ok", false)) << off.dump();
  EXPECT_EQ(off["result"].value("state", ""), "free") << off.dump();
  EXPECT_EQ(box.locker("A02").value("state", ""), "free");
  EXPECT_TRUE(wait_event("locker.in_service", [](const Json& e) { return e.value("locker_id", "") == "A02"; }));
}

TEST_F(BackofficeE2E, StaffCredentialsAddAMemberWhoCanLogInAndRemoveThem) {
  start_plain();
  core::OpenSslRandom random;
  const auto pin = core::hash_pin("4711", random);
  const Json upsert{{"schema", 1},
                    {"request_id", "r-staff-1"},
                    {"upsert", Json::array({Json{{"staff_id", "clerk7"},
                                                 {"display_name", "Clerk Seven"},
                                                 {"pin_hash", Json{{"salt", core::to_hex(pin.salt)},
                                                                   {"hash", core::to_hex(pin.hash)},
                                                                   {"iterations", pin.iterations}}}}})}};
  const auto added = command("staff-credentials", upsert);
  ASSERT_TRUE(added.value("ok", false)) << added.dump();
  EXPECT_EQ(added["result"].value("upserted", -1), 1) << added.dump();

  auto box = driver();
  const auto login = box.ok("staff.login", Json{{"staff_id", "clerk7"}, {"pin", "4711"}});
  EXPECT_EQ(login.value("staff_id", ""), "clerk7") << login.dump();
  EXPECT_EQ(box.refused("staff.login", Json{{"staff_id", "clerk7"}, {"pin", "1111"}}).code, "unauthorized");

  const auto removed =
      command("staff-credentials", Json{{"schema", 1}, {"request_id", "r-staff-2"}, {"remove", Json::array({"clerk7"})}});
  ASSERT_TRUE(removed.value("ok", false)) << removed.dump();
  EXPECT_EQ(removed["result"].value("removed", -1), 1) << removed.dump();
  const auto refusal = box.refused("staff.login", Json{{"staff_id", "clerk7"}, {"pin", "4711"}});
  EXPECT_EQ(refusal.code, "unauthorized") << describe(refusal);

  // A PIN in clear is refused and nothing changes.
  const auto clear = command("staff-credentials",
                             Json{{"schema", 1},
                                  {"request_id", "r-staff-3"},
                                  {"upsert", Json::array({Json{{"staff_id", "clerk8"}, {"pin", "1234"}}})}});
  EXPECT_FALSE(clear.value("ok", true)) << clear.dump();
  EXPECT_EQ(clear.dump().find("1234"), std::string::npos) << "the answer repeats the PIN: " << clear.dump();
  EXPECT_EQ(box.refused("staff.login", Json{{"staff_id", "clerk8"}, {"pin", "1234"}}).code, "unauthorized");
}

TEST_F(BackofficeE2E, ConfigChangesPoliciesTakesEffectAndIsKeptAcrossARestart) {
  start_plain();
  const auto changed =
      command("config", Json{{"schema", 1}, {"request_id", "r-cfg-1"}, {"policies", Json{{"attempts_per_order", 2}}}});
  ASSERT_TRUE(changed.value("ok", false)) << changed.dump();
  EXPECT_EQ(changed["result"]["policies"], (Json{{"attempts_per_order", 2}})) << changed.dump();
  EXPECT_TRUE(wait_event("config.changed"));

  {
    // In effect: two wrong dates of birth now block the order.
    auto box = driver();
    box.subscribe();
    box.login();
    const auto order = load_order(box);
    const auto first = box.refused("pickup.verify", Json{{"code", order.code}, {"identifier", "2001-01-01"}});
    EXPECT_EQ(first.code, "wrong_identity") << describe(first);
    const auto second = box.refused("pickup.verify", Json{{"code", order.code}, {"identifier", "2001-01-01"}});
    EXPECT_EQ(second.code, "order_blocked") << describe(second);
    EXPECT_TRUE(box.order_summary(order.order_id).value("blocked", false));
  }

  ASSERT_EQ(boxd->stop(), 0) << boxd->log_tail();
  const auto before_restart = office->message_count();
  boxd->start();
  ASSERT_TRUE(wait_status("online", before_restart)) << boxd->log_tail();
  {
    // Still in effect after the restart (restored from the database, over the file's policies).
    auto box = driver();
    box.subscribe();
    box.login();
    const auto order = load_order(box);
    EXPECT_EQ(box.refused("pickup.verify", Json{{"code", order.code}, {"identifier", "2001-01-01"}}).code,
              "wrong_identity");
    EXPECT_EQ(box.refused("pickup.verify", Json{{"code", order.code}, {"identifier", "2001-01-01"}}).code,
              "order_blocked");
  }
  const auto merged =
      command("config", Json{{"schema", 1}, {"request_id", "r-cfg-2"}, {"policies", Json{{"grace_reopen_s", 30}}}});
  ASSERT_TRUE(merged.value("ok", false)) << merged.dump();
  EXPECT_EQ(merged["result"]["policies"], (Json{{"attempts_per_order", 2}, {"grace_reopen_s", 30}})) << merged.dump();

  // A patch that core refuses changes nothing.
  const auto refused =
      command("config", Json{{"schema", 1}, {"request_id", "r-cfg-3"}, {"policies", Json{{"attempts_per_order", 0}}}});
  EXPECT_FALSE(refused.value("ok", true)) << refused.dump();
  const auto again =
      command("config", Json{{"schema", 1}, {"request_id", "r-cfg-4"}, {"policies", Json{{"code_digits", 7}}}});
  EXPECT_EQ(again["result"]["policies"], (Json{{"attempts_per_order", 2}, {"grace_reopen_s", 30}, {"code_digits", 7}}))
      << again.dump();
}

// --- idempotency and refusals ---------------------------------------------------------------

TEST_F(BackofficeE2E, DuplicateRequestIdMakesOneOrderAndTwoIdenticalAnswers) {
  start_plain();
  const auto payload = create_order_payload("r-dup-1", "REF-DUP-1");
  const auto first = command("create-order", payload);
  ASSERT_TRUE(first.value("ok", false)) << first.dump();
  const auto second = command("create-order", payload);
  // The same request id with another body still gets the first answer: the id is the key.
  auto changed = payload;
  changed["reference"] = "REF-DUP-2";
  const auto third = command("create-order", changed);

  const auto answers = office->messages_on(root + "cmd-result/r-dup-1");
  ASSERT_EQ(answers.size(), 3u);
  EXPECT_EQ(answers[0].payload, answers[1].payload);
  EXPECT_EQ(answers[0].payload, answers[2].payload);
  EXPECT_EQ(first, second);

  auto box = driver();
  box.login();
  const auto orders = box.staff("staff.orders").at("orders");
  ASSERT_EQ(orders.size(), 1u) << orders.dump();
  EXPECT_EQ(orders[0].value("reference", ""), "REF-DUP-1");
  std::size_t created = 0;
  for (const auto& m : office->messages_on(root + "events")) created += parsed(m).value("type", "") == "order.created";
  EXPECT_EQ(created, 1u);

  // The answer is kept in the database: after a restart the repeat still gets it.
  ASSERT_EQ(boxd->stop(), 0) << boxd->log_tail();
  const auto before_restart = office->message_count();
  boxd->start();
  ASSERT_TRUE(wait_status("online", before_restart)) << boxd->log_tail();
  command("create-order", payload);
  const auto after = office->messages_on(root + "cmd-result/r-dup-1");
  ASSERT_EQ(after.size(), 4u);
  EXPECT_EQ(after[3].payload, answers[0].payload);
  auto again = driver();
  again.login();
  EXPECT_EQ(order_count(again), 1u);
}

TEST_F(BackofficeE2E, BadCommandsAreRefusedOrIgnoredAndChangeNothing) {
  start_plain();
  auto box = driver();
  box.login();
  ASSERT_TRUE(wait_event("staff.login"));
  ASSERT_TRUE(outbox_drains(box));
  const auto lockers_before = box.ok("lockers");
  const auto seqs_before = seqs_seen();

  // Answered with an error: the request id is readable.
  auto wrong_types = create_order_payload("r-types", "REF-T");
  wrong_types["reference"] = 123;
  wrong_types["size"] = true;
  const auto typed = command("create-order", wrong_types);
  EXPECT_FALSE(typed.value("ok", true)) << typed.dump();
  EXPECT_EQ(typed["error"].value("code", ""), "invalid_argument") << typed.dump();
  EXPECT_NE(typed["error"].value("message", "").find("reference"), std::string::npos) << typed.dump();

  const auto unknown = command("launch-rocket", Json{{"schema", 1}, {"request_id", "r-unknown"}});
  EXPECT_FALSE(unknown.value("ok", true)) << unknown.dump();
  EXPECT_NE(unknown["error"].value("message", "").find("unknown command"), std::string::npos) << unknown.dump();

  auto future_schema = create_order_payload("r-schema", "REF-S");
  future_schema["schema"] = 2;
  const auto schema = command("create-order", future_schema);
  EXPECT_FALSE(schema.value("ok", true)) << schema.dump();

  // Not answered: nothing to answer on (no readable request id), or not this box's topic.
  publish_command("create-order", R"({"schema":1,"request_id":"r-malformed","reference":)");
  auto big = create_order_payload("r-oversized", "REF-BIG");
  big["padding"] = std::string(17 * 1024, 'x');
  publish_command("create-order", big.dump());
  auto anonymous = create_order_payload("", "REF-ANON");
  anonymous.erase("request_id");
  publish_command("create-order", anonymous.dump());
  publish_command("create-order", create_order_payload("r-other-box", "REF-OTHER").dump(), "pickupbox/v1/box-other/");

  // The marker: answered, so every command before it has been handled.
  const auto marker = command("create-order", Json{{"schema", 1}, {"request_id", "r-marker"}, {"colour", "blue"}});
  EXPECT_FALSE(marker.value("ok", true)) << marker.dump();

  std::set<std::string> answered;
  for (const auto& m : office->messages()) {
    if (m.topic.find("/cmd-result/") != std::string::npos) answered.insert(m.topic);
  }
  const std::set<std::string> expected{root + "cmd-result/r-types", root + "cmd-result/r-unknown",
                                       root + "cmd-result/r-schema", root + "cmd-result/r-marker"};
  EXPECT_EQ(answered, expected);
  for (const auto& m : office->messages()) {
    if (m.topic.find("/cmd-result/") == std::string::npos) continue;
    EXPECT_EQ(m.payload.find("+4512345678"), std::string::npos) << "an answer repeats the phone: " << m.payload;
  }

  EXPECT_EQ(order_count(box), 0u);
  EXPECT_EQ(box.ok("lockers"), lockers_before);
  // An event marker: the box's events reach the back office in seq order, so once this
  // login's event is in, any event a refused command had caused would be too.
  const auto logins_before = office->messages_on(root + "events").size();
  box.login();
  const auto marker_event = office->wait_message(root + "events", mqtt_timeout, [&](const MqttMessage& m) {
    return parsed(m).value("type", "") == "staff.login" &&
           !seqs_before.contains(seq_of(m).value_or(0));
  });
  ASSERT_TRUE(marker_event) << logins_before;
  auto expected_seqs = seqs_before;
  expected_seqs.insert(seq_of(*marker_event).value_or(0));
  EXPECT_EQ(seqs_seen(), expected_seqs) << "a refused command produced events";
  EXPECT_TRUE(outbox_drains(box));
  EXPECT_TRUE(boxd->running());
}

// --- personal data ----------------------------------------------------------------------------

TEST_F(BackofficeE2E, SmsRequestIsTheOnlyMessageWithTheCode) {
  start_plain();
  auto box = driver();
  box.subscribe();
  box.login();
  const Citizen citizen{"+4520304050", "1985-11-23", "M"};
  const auto order = load_order(box, citizen);
  ASSERT_TRUE(outbox_drains(box));
  // Marker: everything the box published before it has reached the back office.
  command("create-order", Json{{"schema", 1}, {"request_id", "r-sms-marker"}, {"colour", "blue"}});

  const auto sms = office->messages_on(root + "sms");
  std::size_t for_order = 0;
  for (const auto& m : sms) {
    const auto j = parsed(m);
    if (j.value("order_id", "") != order.order_id) continue;
    ++for_order;
    EXPECT_EQ(j.value("to", ""), "+4520304050") << m.payload;
    EXPECT_EQ(j.value("schema", 0), 1) << m.payload;
    EXPECT_TRUE(has_code(j.value("text", ""), order.code)) << m.payload;
  }
  EXPECT_EQ(for_order, 1u) << "SMS requests for the order: " << for_order;

  std::size_t scanned = 0;
  for (const auto& m : office->messages()) {
    if (m.topic == root + "sms") continue;
    ++scanned;
    EXPECT_FALSE(has_code(m.payload, order.code)) << "the code is on " << m.topic << ": " << m.payload;
    EXPECT_EQ(m.payload.find("20304050"), std::string::npos) << "the phone is on " << m.topic << ": " << m.payload;
    EXPECT_EQ(m.payload.find("1985-11-23"), std::string::npos) << "the date of birth is on " << m.topic;
  }
  EXPECT_GT(scanned, 5u) << "too few messages to make the check mean anything";
  const auto log = boxd->log_text();
  EXPECT_FALSE(has_code(log, order.code)) << "boxd logged the pickup code";
  EXPECT_EQ(log.find("20304050"), std::string::npos) << "boxd logged the phone";
  // The code still works: it was not spent or changed by the link.
  const auto verified = box.ok("pickup.verify", Json{{"code", order.code}, {"identifier", citizen.date_of_birth}});
  EXPECT_EQ(verified.value("order_id", ""), order.order_id);
  box.wait_door(order.locker_id, "open");
  box.sim_door(order.locker_id, "close");
  box.wait_order_event("order.collected", order.order_id);
}

// --- crashes ------------------------------------------------------------------------------------

TEST_F(BackofficeE2E, KilledBoxIsReportedOfflineByTheWillAndComesBackOnline) {
  start_plain();
  const auto killed_at = SteadyClock::now();
  const auto before = office->message_count();
  boxd->kill_hard();
  const auto limit = std::chrono::milliseconds(keepalive_s * 1500);
  const auto offline = wait_status("offline", before, limit + 2s);
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - killed_at);
  ASSERT_TRUE(offline) << "no offline status within " << (limit + 2s).count() << " ms; broker log:\n"
                       << broker->log_tail();
  std::printf("offline status %lld ms after SIGKILL (limit keepalive x 1.5 = %lld ms)\n",
              static_cast<long long>(took.count()), static_cast<long long>(limit.count()));
  EXPECT_LE(took, limit + 1s);
  EXPECT_EQ(offline->value("device_id", ""), device);
  EXPECT_EQ(offline->value("reason", ""), "connection lost") << offline->dump();

  {
    MqttSubscriber fresh({.port = broker->port()});
    ASSERT_EQ(fresh.connect(), "");
    ASSERT_EQ(fresh.subscribe(root + "status"), 1);
    const auto retained = fresh.wait_message(root + "status", mqtt_timeout);
    ASSERT_TRUE(retained);
    EXPECT_TRUE(retained->retain);
    EXPECT_EQ(parsed(*retained).value("state", ""), "offline") << retained->payload;
  }

  const auto restarted = office->message_count();
  boxd->start();
  ASSERT_TRUE(wait_status("online", restarted)) << boxd->log_tail();
  MqttSubscriber later({.port = broker->port()});
  ASSERT_EQ(later.connect(), "");
  ASSERT_EQ(later.subscribe(root + "status"), 1);
  const auto retained = later.wait_message(root + "status", mqtt_timeout);
  ASSERT_TRUE(retained);
  EXPECT_EQ(parsed(*retained).value("state", ""), "online") << retained->payload;
}

TEST_F(BackofficeE2E, HungBoxIsReportedOfflineByKeepaliveAndRecovers) {
  start_plain();
  const pid_t pid = child_pid_running(boxd->socket());
  ASSERT_GT(pid, 0) << "cannot find boxd's pid";
  // SIGSTOP: the TCP connection stays open but nothing answers, as with a hung box or a
  // cut cable; only the broker's keepalive check can tell. mosquitto 2.0.11 drops a client
  // silent for more than keepalive * 3 / 2 whole seconds, but runs that check only about
  // every 6 s (src/keepalive.c: `last_keepalive_check + 5 < now`), so the will goes out
  // between 1.5 x keepalive and 1.5 x keepalive + 7 s (measured here: ~11 s for keepalive 5).
  struct Resume {
    pid_t pid;
    ~Resume() { ::kill(pid, SIGCONT); }
  } resume{pid};
  const auto before = office->message_count();
  const auto stopped_at = SteadyClock::now();
  ASSERT_EQ(::kill(pid, SIGSTOP), 0);
  const auto keepalive_limit = std::chrono::milliseconds(keepalive_s * 1500);
  const auto broker_check_period = 7s;
  const auto offline = wait_status("offline", before, keepalive_limit + broker_check_period + 5s);
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - stopped_at);
  ASSERT_TRUE(offline) << "no offline status; broker log:\n" << broker->log_tail();
  std::printf("offline status %lld ms after SIGSTOP (keepalive %d s: 1.5 x keepalive = %lld ms, + broker check period)\n",
              static_cast<long long>(took.count()), keepalive_s, static_cast<long long>(keepalive_limit.count()));
  EXPECT_EQ(offline->value("reason", ""), "connection lost") << offline->dump();
  EXPECT_GE(took, std::chrono::seconds(keepalive_s)) << "the broker cut a live connection before its keepalive";
  EXPECT_LE(took, keepalive_limit + broker_check_period + 1s) << "broker log:\n" << broker->log_tail(60);

  // Resumed, the box finds its connection gone and comes back by itself.
  const auto resumed = office->message_count();
  ASSERT_EQ(::kill(pid, SIGCONT), 0);
  ASSERT_TRUE(wait_status("online", resumed)) << boxd->log_tail();
  const auto result = command("create-order", create_order_payload("r-after-hang", "REF-HANG"));
  EXPECT_TRUE(result.value("ok", false)) << result.dump();
}

TEST_F(BackofficeE2E, CommandSentWhileTheBoxIsDownIsAnsweredWhenItReturns) {
  start_plain();
  const auto before_stop = office->message_count();
  ASSERT_EQ(boxd->stop(), 0) << boxd->log_tail();
  const auto offline = wait_status("offline", before_stop);
  ASSERT_TRUE(offline) << "no offline status on SIGTERM";
  EXPECT_EQ(offline->value("reason", ""), "stopped") << offline->dump();

  // The box's session (MQTT 5, session_expiry_h) keeps its subscription: the broker queues this.
  publish_command("create-order", create_order_payload("r-queued", "REF-QUEUED").dump());
  boxd->start();
  const auto result = answer("r-queued");
  ASSERT_TRUE(result.value("ok", false)) << result.dump();
  auto box = driver();
  box.login();
  EXPECT_EQ(box.order_summary(result["result"].value("order_id", "")).value("reference", ""), "REF-QUEUED");
}

TEST_F(BackofficeE2E, KilledMidStreamEverySeqArrivesAfterTheRestart) {
  start_plain();
  constexpr int orders_total = 2000;
  constexpr int kill_after = 1000;
  const auto t0 = SteadyClock::now();
  int made = 0;
  {
    auto box = driver();
    box.login();
    for (; made < kill_after; ++made) {
      box.staff("orders.create", Json{{"reference", "K-" + std::to_string(made)},
                                      {"phone", "+4512345678"},
                                      {"document_kind", "id_card"},
                                      {"size", "S"}});
    }
    std::printf("outbox pending when boxd is killed: %lld\n", static_cast<long long>(outbox_pending(box)));
  }
  boxd->kill_hard();
  boxd->start();
  auto box = driver();
  box.login();
  for (; made < orders_total; ++made) {
    box.staff("orders.create", Json{{"reference", "K-" + std::to_string(made)},
                                    {"phone", "+4512345678"},
                                    {"document_kind", "id_card"},
                                    {"size", "S"}});
  }
  const auto last = wait_event("order.created", [&](const Json& e) {
    return e.contains("reference") ? e.value("reference", "") == "K-" + std::to_string(orders_total - 1) : false;
  });
  ASSERT_TRUE(outbox_drains(box)) << "outbox_pending " << outbox_pending(box) << "; status " << box.ok("status").dump();

  // Everything the box committed has been acknowledged by the broker; the last order's
  // event is the last or nearly the last seq. Wait until the back office has them all.
  std::int64_t highest = 0;
  std::set<std::int64_t> seqs;
  std::size_t event_messages = 0;
  const bool complete = eventually(
      [&] {
        seqs.clear();
        event_messages = 0;
        for (const auto& m : office->messages()) {
          if (m.topic != root + "events" && m.topic != root + "sms") continue;
          if (auto s = seq_of(m)) {
            seqs.insert(*s);
            ++event_messages;
          }
        }
        highest = seqs.empty() ? 0 : *seqs.rbegin();
        return highest > 0 && static_cast<std::int64_t>(seqs.size()) == highest && last.has_value();
      },
      mqtt_timeout);
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - t0);
  std::printf("boxd killed mid-stream: %d orders, seqs 1..%lld, %zu event messages, %zu duplicates, %lld ms\n",
              orders_total, static_cast<long long>(highest), event_messages, event_messages - seqs.size(),
              static_cast<long long>(took.count()));
  RecordProperty("duplicates", static_cast<int>(event_messages - seqs.size()));
  ASSERT_TRUE(last.has_value()) << "the last order's event never arrived";
  EXPECT_TRUE(complete) << seqs.size() << " distinct seqs up to " << highest;
  EXPECT_GE(highest, orders_total);
  std::vector<std::int64_t> missing;
  for (std::int64_t s = 1; s <= highest && missing.size() < 20; ++s) {
    if (!seqs.contains(s)) missing.push_back(s);
  }
  EXPECT_TRUE(missing.empty()) << "missing seqs, first: " << ::testing::PrintToString(missing);
  // And every order the API confirmed has its event at the back office.
  std::set<std::string> references;
  for (const auto& m : office->messages_on(root + "events")) {
    const auto j = parsed(m);
    if (j.value("type", "") == "order.created") references.insert(j.value("reference", ""));
  }
  for (int i = 0; i < orders_total; ++i) {
    EXPECT_TRUE(references.contains("K-" + std::to_string(i))) << "no order.created for K-" << i;
  }
  EXPECT_EQ(outbox_pending(box), 0);
}

// --- TLS ----------------------------------------------------------------------------------------

TEST_F(BackofficeE2E, TlsMutualAuthWithTheProjectAcl) {
  TempDir pki_dir{"boe2e-pki"};
  const TestCa ca;
  const auto ca_file = ca.write_cert(pki_dir.path(), "ca.crt");
  const auto broker_files = ca.issue_server().write(pki_dir.path(), "broker");
  const auto office_files = ca.issue_client("backoffice").write(pki_dir.path(), "backoffice");
  broker = std::make_unique<MosquittoBroker>(
      MosquittoBroker::Options{.tls = MosquittoBroker::Tls{ca_file, broker_files.cert, broker_files.key},
                               .allow_anonymous = false,
                               .use_project_acl = true});
  broker->start();
  office = std::make_unique<MqttSubscriber>(MqttSubscriberOptions{
      .port = broker->port(), .tls = MqttClientTls{ca_file, office_files.cert, office_files.key}});
  ASSERT_EQ(office->connect(), "") << broker->log_tail();
  ASSERT_EQ(office->subscribe("pickupbox/v1/#"), 1);

  // The state directory's default names: backoffice-ca.crt, device.crt, device.key.
  boxd = std::make_unique<BoxdProcess>(with_config(box_config(broker->port(), "tls = true\n")));
  std::filesystem::create_directories(boxd->state_dir());
  std::filesystem::permissions(boxd->state_dir(), std::filesystem::perms::owner_all);
  ca.write_cert(boxd->state_dir(), "backoffice-ca.crt");
  ca.issue_client(device).write(boxd->state_dir(), "device");
  boxd->start();

  const auto online = wait_status("online");
  ASSERT_TRUE(online) << "no online status over TLS; boxd log:\n" << boxd->log_tail() << "\nbroker log:\n"
                      << broker->log_tail();
  auto box = driver();
  const auto link = box.ok("status").at("backoffice");
  EXPECT_TRUE(link.value("connected", false)) << link.dump();
  EXPECT_TRUE(link.value("tls", false)) << link.dump();
  EXPECT_TRUE(link.value("configured", false)) << link.dump();
  // The ACL lets the box read its commands and answer them.
  const auto created = command("create-order", create_order_payload("r-tls-1", "REF-TLS-1"));
  EXPECT_TRUE(created.value("ok", false)) << created.dump();
  EXPECT_TRUE(outbox_drains(box));
}

TEST_F(BackofficeE2E, ExpiredDeviceCertificateKeepsTheBoxServingAndSaysWhy) {
  TempDir pki_dir{"boe2e-pki"};
  const TestCa ca;
  const auto ca_file = ca.write_cert(pki_dir.path(), "ca.crt");
  const auto broker_files = ca.issue_server().write(pki_dir.path(), "broker");
  const auto expired = ca.issue_client(device, Validity::expired()).write(pki_dir.path(), "device-expired");
  broker = std::make_unique<MosquittoBroker>(
      MosquittoBroker::Options{.tls = MosquittoBroker::Tls{ca_file, broker_files.cert, broker_files.key},
                               .allow_anonymous = false,
                               .use_project_acl = true});
  broker->start();
  boxd = std::make_unique<BoxdProcess>(with_config(box_config(broker->port(), "tls = true\nca_file = " + ca_file.string() + "\ncert_file = " +
                                                          expired.cert.string() + "\nkey_file = " + expired.key.string() +
                                                          "\n")));
  boxd->start();

  auto box = driver();
  const auto link = box.ok("status").at("backoffice");
  EXPECT_TRUE(link.value("configured", false)) << link.dump();
  EXPECT_FALSE(link.value("connected", true)) << link.dump();
  const auto why = link.value("last_error", "");
  EXPECT_NE(why.find(expired.cert.string()), std::string::npos) << why;
  EXPECT_NE(why.find("expired"), std::string::npos) << why;

  // Offline, the box still works, and its outbox keeps what happened.
  box.login();
  box.staff("orders.create", Json{{"reference", "OFFLINE-1"}, {"phone", "+4512345678"}, {"document_kind", "other"}, {"size", "S"}});
  EXPECT_EQ(order_count(box), 1u);
  EXPECT_GE(outbox_pending(box), 1);
  EXPECT_EQ(broker->log_text().find("New client connected"), std::string::npos) << broker->log_tail();
}

}  // namespace
}  // namespace pickupbox::e2e
