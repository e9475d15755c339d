#include "desk.hpp"

#include <time.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <chrono>
#include <stdexcept>
#include <thread>

#include "wait.hpp"

namespace pickupbox::soak {

namespace {

using namespace std::chrono_literals;

// Generous: boxd may be an ASan build on a 2-core machine that is also compiling.
constexpr auto flow_timeout = 20s;
// Back-office orders that are meant to expire: short enough to expire within a short run,
// long enough that staff can load them first.
constexpr auto expiring_after = 25s;
// Keep doors free for new work: with this many open orders, the step finishes old ones.
constexpr std::size_t busy_threshold = 10;

std::string utc_rfc3339(std::chrono::system_clock::time_point at) {
  const auto t = std::chrono::system_clock::to_time_t(at);
  struct tm parts{};
  ::gmtime_r(&t, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

std::int64_t now_unix_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

Desk::Desk(BoxRig& rig, Ledger& ledger, Tally& tally, Findings& findings, std::mt19937_64& random)
    : rig_(rig), ledger_(ledger), tally_(tally), findings_(findings), random_(random) {}

e2e::BoxDriver& Desk::box() {
  if (!driver_) {
    driver_.emplace(rig_.boxd().connect());
    driver_->login();
  }
  return *driver_;
}

void Desk::step() {
  const auto disruptions_before = rig_.disruptions();
  try {
    const auto open = open_orders();
    const auto work = possible_work(open);
    if (work.empty()) return;
    std::uniform_int_distribution<std::size_t> pick(0, work.size() - 1);
    run(work[pick(random_)]);
  } catch (const std::exception& e) {
    drop_connection();
    if (rig_.disruptions() != disruptions_before || rig_.degraded()) {
      ++tally_.steps_interrupted;  // boxd or the broker went away mid-step: the next step resumes
      return;
    }
    findings_.add(std::string("a driver step failed with no fault to explain it: ") + e.what());
  }
}

std::vector<Json> Desk::open_orders() {
  std::vector<Json> open;
  for (const char* state : {"awaiting_load", "loaded", "expired", "cancelled"}) {
    const auto listed = box().staff("staff.orders", Json{{"state", state}});
    for (const auto& order : listed.at("orders")) {
      if (std::string(state) == "cancelled" && !order.contains("locker_id")) continue;
      const auto id = order.at("order_id").get<std::string>();
      const auto reference = order.value("reference", std::string{});
      // An order whose answer was lost (boxd killed between commit and reply) is adopted
      // by the reference the driver sent; one nobody asked for is the checker's business.
      if (ledger_.find(id) == nullptr && ledger_.request_for(reference)) ledger_.learn(id, reference);
      if (ledger_.find(id) != nullptr) ledger_.told(id, state);
      open.push_back(order);
    }
  }
  return open;
}

std::vector<Desk::Work> Desk::possible_work(const std::vector<Json>& open) {
  std::vector<Work> work;
  for (const auto& order : open) {
    const auto id = order.at("order_id").get<std::string>();
    const auto* known = ledger_.find(id);
    if (known == nullptr) continue;  // not ours to touch
    const auto state = order.value("state", std::string{});
    const auto locker = order.value("locker_id", std::string{});
    if (state == "expired" || state == "cancelled") {
      work.push_back({Work::Kind::retrieve, id, locker});
    } else if (state == "loaded") {
      // A back-office order left to expire is not collected, unless its load came so late
      // that boxd gave it the full pickup window instead.
      const bool expires_soon = order.value("expires_at", std::int64_t{0}) < now_unix_ms() + 120'000;
      if (!(known->request.let_expire && expires_soon)) work.push_back({Work::Kind::pickup, id, locker});
    } else if (state == "awaiting_load") {
      work.push_back({locker.empty() ? Work::Kind::load_existing : Work::Kind::resume_load, id, locker});
    }
  }
  // The technician: a door taken out of service by a failed unlock (a jam, a board that
  // went away mid-unlock) goes back once no fault is active, or its document stays inside.
  if (!rig_.degraded()) {
    const auto lockers = box().ok("lockers");
    for (const auto& l : lockers.at("lockers")) {
      const auto block = l.value("block", std::string{"none"});
      if (block != "none" && block != "board_offline") {
        work.push_back({Work::Kind::return_to_service, {}, l.value("id", std::string{})});
      }
    }
  }
  if (open.size() < busy_threshold) {
    // New work twice as likely as any single old order, and one expiring order in four.
    work.push_back({Work::Kind::load_adhoc, {}, {}});
    work.push_back({Work::Kind::load_adhoc, {}, {}});
    work.push_back({Work::Kind::load_adhoc, {}, {}});
    work.push_back({Work::Kind::create_expiring, {}, {}});
  }
  return work;
}

void Desk::run(const Work& work) {
  switch (work.kind) {
    case Work::Kind::load_adhoc: {
      auto loaded = load_adhoc();
      if (!loaded) refused("staff.load", loaded.error(), {}, {}, {"no_free_locker", "hardware", "storage"});
      return;
    }
    case Work::Kind::create_expiring:
      return create_expiring();
    case Work::Kind::load_existing: {
      auto loaded = load_existing(work.order_id);
      if (!loaded) refused("staff.load", loaded.error(), work.order_id, {}, {"no_free_locker", "hardware", "storage"});
      return;
    }
    case Work::Kind::resume_load:
      return resume_load(work.order_id, work.locker_id);
    case Work::Kind::pickup: {
      auto collected = pickup(work.order_id);
      // hardware: a jammed door or a board off the bus; storage: a full disk.
      if (!collected) refused("pickup.verify", collected.error(), work.order_id, work.locker_id, {"hardware", "storage"});
      return;
    }
    case Work::Kind::return_to_service:
      box().staff("staff.out_of_service", Json{{"locker_id", work.locker_id}, {"on", false}});
      return;
    case Work::Kind::retrieve: {
      auto returned = retrieve(work.order_id);
      if (!returned) refused("staff.retrieve", returned.error(), work.order_id, work.locker_id, {"hardware", "storage"});
      return;
    }
  }
}

std::string Desk::new_reference(std::string_view prefix) {
  return std::string(prefix) + "-" + std::to_string(++references_) + "-" + std::to_string(random_() % 100000);
}

Request Desk::new_citizen(bool let_expire) {
  // Danish mobile numbers and dates of birth from 1940-2005: neither can be mistaken for a
  // timestamp, seq or port in a log line, so a hit in the leak check is a real leak.
  std::uniform_int_distribution<int> digits(10'000'000, 99'999'999);
  std::uniform_int_distribution<int> year(1940, 2005), month(1, 12), day(1, 28);
  char dob[16];
  std::snprintf(dob, sizeof dob, "%04d-%02d-%02d", year(random_), month(random_), day(random_));
  return Request{"+45" + std::to_string(digits(random_)), dob, let_expire};
}

std::expected<KnownOrder*, api::CallError> Desk::load_adhoc() {
  static constexpr std::array sizes{"S", "M", "L"};
  const auto reference = new_reference("SOAK");
  auto citizen = new_citizen(false);
  ledger_.requested(reference, citizen);
  auto& b = box();
  auto result = b.call("staff.load", Json{{"session", b.session()},
                                         {"phone", citizen.phone},
                                         {"date_of_birth", citizen.date_of_birth},
                                         {"document_kind", "passport"},
                                         {"size", sizes[random_() % sizes.size()]},
                                         {"language", random_() % 2 ? "da" : "en"},
                                         {"reference", reference}});
  if (!result) {
    if (result.error().code == "disconnected" || result.error().code == "timeout") {
      throw std::runtime_error("staff.load " + reference + ": " + e2e::describe(result.error()));
    }
    return std::unexpected(result.error());
  }
  const auto order_id = result->at("order_id").get<std::string>();
  const auto locker_id = result->at("locker_id").get<std::string>();
  auto& order = ledger_.learn(order_id, reference);
  order.locker_id = locker_id;
  ledger_.told(order_id, "awaiting_load");
  finish_load(order_id, locker_id);
  return &order;
}

std::expected<void, api::CallError> Desk::load_existing(const std::string& order_id) {
  auto& b = box();
  auto result = b.call("staff.load", Json{{"session", b.session()}, {"order_id", order_id}});
  if (!result) {
    if (result.error().code == "disconnected" || result.error().code == "timeout") {
      throw std::runtime_error("staff.load " + order_id + ": " + e2e::describe(result.error()));
    }
    return std::unexpected(result.error());
  }
  const auto locker_id = result->at("locker_id").get<std::string>();
  if (auto* order = ledger_.find(order_id)) order->locker_id = locker_id;
  finish_load(order_id, locker_id);
  return {};
}

void Desk::finish_load(const std::string& order_id, const std::string& locker_id) {
  hazard("load: door unlocked, document not yet inside");
  open_then_close(locker_id, "load", order_id);
  if (!reaches_state(order_id, "loaded")) {
    throw std::runtime_error("order " + order_id + " in door " + locker_id + " never became loaded after its door closed");
  }
  ledger_.told(order_id, "loaded");
  ++tally_.loads;
  hazard("load: committed, SMS queued");
  // The code: from the SMS the back office received, or still in the outbox.
  e2e::eventually([&] { return code_for(order_id).has_value(); }, flow_timeout);
}

void Desk::create_expiring() {
  const auto reference = new_reference("EXP");
  auto citizen = new_citizen(true);
  ledger_.requested(reference, citizen);
  const auto request_id = "soak-" + reference;
  Json command{{"schema", 1},
               {"request_id", request_id},
               {"reference", reference},
               {"document_kind", "id_card"},
               {"size", "S"},
               {"phone", citizen.phone},
               {"date_of_birth", citizen.date_of_birth},
               {"language", "da"},
               {"expires_at", utc_rfc3339(std::chrono::system_clock::now() + expiring_after)}};
  if (!rig_.office().publish_command("create-order", command.dump())) {
    throw std::runtime_error("the broker did not acknowledge cmd/create-order " + request_id);
  }
  const auto answer = rig_.office().answer(request_id, flow_timeout);
  if (!answer) throw std::runtime_error("no cmd-result for create-order " + request_id + " within 20 s");
  if (!answer->value("ok", false)) {
    const auto code = answer->value("error", Json::object()).value("code", std::string{});
    if (code == "storage") {
      ++tally_.refusals_expected;
      return;
    }
    findings_.add("create-order " + request_id + " was refused: " + answer->dump());
    return;
  }
  const auto order_id = answer->at("result").at("order_id").get<std::string>();
  ledger_.learn(order_id, reference);
  ledger_.told(order_id, "awaiting_load");
  auto loaded = load_existing(order_id);
  if (!loaded) refused("staff.load", loaded.error(), order_id, {}, {"no_free_locker", "hardware", "storage"});
}

std::expected<void, api::CallError> Desk::pickup(const std::string& order_id) {
  auto* order = ledger_.find(order_id);
  if (order == nullptr) throw std::logic_error("pickup of an order the ledger does not know: " + order_id);
  const auto code = code_for(order_id);
  if (!code) return {};  // the SMS is between the outbox and the back office; later
  auto result = box().call("pickup.verify", Json{{"code", *code}, {"identifier", order->request.date_of_birth}});
  if (!result) {
    if (result.error().code == "disconnected" || result.error().code == "timeout") {
      throw std::runtime_error("pickup.verify for " + order_id + ": " + e2e::describe(result.error()));
    }
    return std::unexpected(result.error());
  }
  const auto locker_id = result->value("locker_id", std::string{});
  if (result->value("order_id", std::string{}) != order_id || (!order->locker_id.empty() && locker_id != order->locker_id)) {
    findings_.add("pickup.verify with the code of order " + order_id + " opened " + result->dump(), order_id, locker_id);
    return {};
  }
  hazard("pickup: door unlocked, document still inside");
  open_then_close(locker_id, "pickup", order_id);
  if (!reaches_state(order_id, "collected")) {
    throw std::runtime_error("order " + order_id + " in door " + locker_id + " was never collected after its door closed");
  }
  ledger_.told(order_id, "collected");
  ++tally_.pickups;
  const auto done = box().ok("pickup.done", Json{{"order_id", order_id}});
  if (!done.value("collected", false)) {
    findings_.add("pickup.done says not collected after order.collected: " + done.dump(), order_id, locker_id);
  }
  return {};
}

std::expected<void, api::CallError> Desk::retrieve(const std::string& order_id) {
  auto& b = box();
  auto result = b.call("staff.retrieve", Json{{"session", b.session()}, {"order_id", order_id}});
  if (!result) {
    if (result.error().code == "disconnected" || result.error().code == "timeout") {
      throw std::runtime_error("staff.retrieve " + order_id + ": " + e2e::describe(result.error()));
    }
    return std::unexpected(result.error());
  }
  const auto locker_id = result->value("locker_id", std::string{});
  hazard("retrieve: door unlocked");
  open_then_close(locker_id, "retrieve", order_id);
  const auto* order = ledger_.find(order_id);
  const bool was_expired = order != nullptr && order->told == "expired";
  if (!reaches_state(order_id, "returned") && !reaches_state(order_id, "cancelled")) {
    throw std::runtime_error("order " + order_id + " in door " + locker_id + " was never returned after its door closed");
  }
  ledger_.told(order_id, "returned");
  if (was_expired) ++tally_.expiries_retrieved;
  return {};
}

void Desk::resume_load(const std::string& order_id, const std::string& locker_id) {
  // A load that was under way when boxd died. A real door that was open stays open through
  // a power cut; the simulated boards come back with every door shut, so the staff member's
  // open door is played again (open, then shut), which is what completes the load for boxd.
  auto& b = box();
  if (b.locker(locker_id).value("door", std::string{}) != "open") {
    b.sim_door(locker_id, "open");
    e2e::eventually([&] { return b.locker(locker_id).value("door", std::string{}) == "open"; }, flow_timeout);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  b.sim_door(locker_id, "close");
  e2e::eventually([&] {
    for (const auto& order : open_orders()) {
      if (order.value("order_id", "") == order_id) {
        return order.value("state", "") != "awaiting_load" || !order.contains("locker_id");
      }
    }
    return true;
  }, 5s);
}

void Desk::open_then_close(const std::string& locker_id, std::string_view flow, const std::string& order_id) {
  auto& b = box();
  std::string reading;
  const bool opened = e2e::eventually(
      [&] {
        reading = b.locker(locker_id).value("door", std::string{});
        return reading == "open";
      },
      flow_timeout);
  if (!opened) {
    throw std::runtime_error(std::string(flow) + " of order " + order_id + ": door " + locker_id +
                             " was unlocked but still reads '" + reading + "'");
  }
  // Someone takes or puts the document; the door is open for a moment.
  std::this_thread::sleep_for(std::chrono::milliseconds(50 + random_() % 200));
  b.sim_door(locker_id, "close");
}

bool Desk::reaches_state(const std::string& order_id, const std::string& state) {
  return e2e::eventually(
      [&] {
        const auto listed = box().staff("staff.orders", Json{{"state", state}});
        const auto& orders = listed.at("orders");
        return std::any_of(orders.begin(), orders.end(),
                           [&](const Json& o) { return o.value("order_id", std::string{}) == order_id; });
      },
      flow_timeout);
}

std::optional<std::string> Desk::code_for(const std::string& order_id) {
  if (auto* order = ledger_.find(order_id); order != nullptr && !order->code.empty()) return order->code;
  auto code = rig_.office().code_for(order_id);
  if (!code) {
    // Not at the back office yet (broker away): still in the outbox, where the simulator shows it.
    try {
      code = box().sms_code(order_id);
    } catch (const std::runtime_error&) {
      return std::nullopt;
    }
  }
  ledger_.code_seen(order_id, *code);
  return code;
}

void Desk::refused(std::string_view flow, const api::CallError& error, const std::string& order_id,
                   const std::string& locker_id, std::initializer_list<std::string_view> explained) {
  if (std::find(explained.begin(), explained.end(), error.code) != explained.end()) {
    ++tally_.refusals_expected;
    return;
  }
  // The session may have gone with a restarted boxd.
  if (error.code == "unauthorized") {
    drop_connection();
    return;
  }
  findings_.add(std::string(flow) + " refused: " + e2e::describe(error), order_id, locker_id);
}

}  // namespace pickupbox::soak
