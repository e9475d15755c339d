#include "box_driver.hpp"

#include <stdexcept>

#include "provisioning/sms_code.hpp"

namespace pickupbox::e2e {

namespace {
constexpr std::chrono::seconds call_timeout{15};  // generous: an ASan boxd on a busy machine
}

std::string describe(const api::CallError& error) { return error.code + ": " + error.message; }

BoxDriver::BoxDriver(api::Client client) : client_(std::move(client)) {}

api::CallResult BoxDriver::call(std::string_view method, Json params) {
  return client_.call(method, std::move(params), call_timeout);
}

Json BoxDriver::ok(std::string_view method, Json params) {
  auto result = call(method, params);
  if (!result) {
    throw std::runtime_error(std::string(method) + " " + params.dump() + " failed: " + describe(result.error()));
  }
  return std::move(*result);
}

api::CallError BoxDriver::refused(std::string_view method, Json params) {
  auto result = call(method, params);
  if (result) {
    throw std::runtime_error(std::string(method) + " was expected to fail but returned " + result->dump());
  }
  return std::move(result.error());
}

void BoxDriver::login(const std::string& staff_id, const std::string& pin) {
  session_ = ok("staff.login", Json{{"staff_id", staff_id}, {"pin", pin}}).at("session").get<std::string>();
}

Json BoxDriver::staff(std::string_view method, Json params) {
  params["session"] = session_;
  return ok(method, std::move(params));
}

void BoxDriver::subscribe() {
  const auto result = ok("events.subscribe");
  if (result.value("subscribed", false) != true) throw std::runtime_error("events.subscribe: " + result.dump());
}

Json BoxDriver::wait_event(std::string_view type, const std::function<bool(const Json&)>& matches,
                           std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  auto fits = [&](const Json& e) { return e.value("type", std::string{}) == type && (!matches || matches(e)); };
  for (auto it = seen_events_.begin(); it != seen_events_.end(); ++it) {
    if (!fits(*it)) continue;
    Json found = std::move(*it);
    seen_events_.erase(it);
    return found;
  }
  for (;;) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    auto event = client_.next_event(left);
    if (!event) {
      if (event.error().code == "timeout") break;
      throw std::runtime_error("waiting for event " + std::string(type) + ": " + describe(event.error()));
    }
    if (fits(*event)) return std::move(*event);
    seen_events_.push_back(std::move(*event));
  }
  throw std::runtime_error("no event " + std::string(type) + " within " + std::to_string(timeout.count()) + " ms");
}

Json BoxDriver::wait_order_event(std::string_view type, const std::string& order_id) {
  return wait_event(type, [&](const Json& e) { return e.value("order_id", std::string{}) == order_id; });
}

Json BoxDriver::locker(const std::string& id) {
  const auto lockers = ok("lockers");
  for (const auto& l : lockers.at("lockers")) {
    if (l.value("id", std::string{}) == id) return l;
  }
  throw std::runtime_error("lockers has no door " + id);
}

void BoxDriver::wait_door(const std::string& locker_id, const std::string& reading) {
  std::string last;
  const bool reached = eventually([&] {
    last = locker(locker_id).value("door", std::string{});
    return last == reading;
  });
  if (!reached) throw std::runtime_error("door " + locker_id + " still reads '" + last + "', not '" + reading + "'");
}

void BoxDriver::wait_settled() {
  const bool settled = eventually([&] {
    const auto lockers = ok("lockers");
    for (const auto& l : lockers.at("lockers")) {
      if (l.value("door", std::string{}) == "unknown") return false;
    }
    return true;
  });
  if (!settled) throw std::runtime_error("some doors were never read: " + ok("lockers").dump());
}

void BoxDriver::sim_door(const std::string& locker_id, const std::string& action) {
  ok("sim.door", Json{{"locker_id", locker_id}, {"action", action}});
}

LoadedOrder BoxDriver::start_load(const Citizen& citizen) {
  Json params{{"session", session_},
              {"phone", citizen.phone},
              {"document_kind", "passport"},
              {"size", citizen.size},
              {"language", "en"}};
  if (!citizen.date_of_birth.empty()) params["date_of_birth"] = citizen.date_of_birth;
  const auto result = ok("staff.load", params);
  return LoadedOrder{result.at("order_id").get<std::string>(), result.at("locker_id").get<std::string>(), ""};
}

LoadedOrder BoxDriver::load_confirmed(const Citizen& citizen) {
  auto order = start_load(citizen);
  wait_door(order.locker_id, "open");
  sim_door(order.locker_id, "close");
  wait_order_event("order.loaded", order.order_id);
  order.code = sms_code(order.order_id);
  return order;
}

std::string BoxDriver::sms_code(const std::string& order_id) {
  const auto outbox = ok("sim.sms", Json{{"order_id", order_id}});
  for (const auto& sms : outbox.at("sms")) {
    if (sms.value("order_id", std::string{}) != order_id) continue;
    if (auto code = provisioning::pickup_code_in(sms.value("text", std::string{}))) return *code;
  }
  throw std::runtime_error("no SMS with a code for order " + order_id + ": " + outbox.dump());
}

Json BoxDriver::order_summary(const std::string& order_id) {
  const auto orders = staff("staff.orders");
  for (const auto& o : orders.at("orders")) {
    if (o.value("order_id", std::string{}) == order_id) return o;
  }
  throw std::runtime_error("staff.orders does not list order " + order_id);
}

}  // namespace pickupbox::e2e
