#include "provisioning/box_waits.hpp"

#include <thread>

namespace pickupbox::provisioning {

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::chrono::milliseconds poll_every{50};

std::string door_reading(const Json& lockers, std::string_view locker_id) {
  for (const auto& locker : lockers.value("lockers", Json::array())) {
    if (locker.value("id", std::string{}) == locker_id) return locker.value("door", std::string{"unknown"});
  }
  return "missing";
}

}  // namespace

Outcome<void> wait_for_door(BoxSession& box, std::string_view locker_id, std::string_view reading,
                            std::chrono::milliseconds timeout) {
  const std::string what = "wait for door " + std::string(locker_id) + " to read " + std::string(reading);
  const auto deadline = Clock::now() + timeout;
  std::string last;
  for (;;) {
    auto lockers = box.call(what, "lockers");
    if (!lockers) return std::unexpected(lockers.error());
    last = door_reading(*lockers, locker_id);
    if (last == reading) return {};
    if (Clock::now() >= deadline) break;
    std::this_thread::sleep_for(poll_every);
  }
  return std::unexpected(Failure{ExitCode::failed, what,
                                 "it still reads " + last + " after " + std::to_string(timeout.count()) + " ms",
                                 "timeout", ""});
}

Outcome<Json> wait_for_order_event(BoxSession& box, std::string_view type, std::string_view order_id,
                                   std::chrono::milliseconds timeout) {
  const std::string what = "wait for event " + std::string(type);
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) break;
    auto event = box.next_event(left);
    if (!event) return std::unexpected(event.error());
    if (!*event) break;
    const Json& e = **event;
    if (e.value("type", std::string{}) == type && e.value("order_id", std::string{}) == order_id) return e;
  }
  return std::unexpected(
      Failure{ExitCode::failed, what,
              "no such event for order " + std::string(order_id) + " within " + std::to_string(timeout.count()) + " ms",
              "timeout", ""});
}

}  // namespace pickupbox::provisioning
