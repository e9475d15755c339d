#pragma once
// Orders and lockers in every state, built through the real transitions so that each
// scene is one the state machine can actually reach.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/keyed_hash.hpp"
#include "core/order_transitions.hpp"
#include "fake_clock.hpp"

namespace pickupbox::testing {

inline constexpr std::string_view typed_phone = "20 30 40 50";
inline constexpr std::string_view e164_phone = "+4520304050";
inline constexpr std::string_view date_of_birth = "1990-05-17";
inline constexpr std::string_view plain_code = "482913";

struct Scene {
  core::Order order;
  core::Locker locker;
};

class OrderTest : public ::testing::Test {
 public:
  FakeClock clock;
  core::Policies policies;
  core::KeyedHasher hasher{std::vector<std::uint8_t>(32, 0x5A)};
  std::string order_id = "0b7e5d2c-3f4a-4c1e-9d2b-6a8f1e2d3c4b";

  static core::Locker free_locker(std::string id = "A01", core::SizeClass size = core::SizeClass::M) {
    core::Locker locker;
    locker.id = std::move(id);
    locker.board = 0;
    locker.channel = 1;
    locker.size = size;
    locker.door = core::SensorReading::closed;
    return locker;
  }

  core::NewOrder request(bool with_identity = true) const {
    core::NewOrder r;
    r.reference = "TH-2026-0042";
    r.document_kind = "passport";
    r.size = core::SizeClass::M;
    r.phone = std::string(typed_phone);
    if (with_identity) r.identity_hash = identity();
    r.language = "en";
    return r;
  }

  core::Digest identity() const { return hasher.identity(date_of_birth); }
  core::GeneratedCode code() const { return {std::string(plain_code), hasher.code(plain_code)}; }

  Scene awaiting_unassigned(bool with_identity = true) {
    return {core::create_order(request(with_identity), order_id, clock.now(), policies).value().order,
            free_locker()};
  }

  Scene awaiting_reserved(bool with_identity = true) {
    Scene s = awaiting_unassigned(with_identity);
    auto t = core::start_load(s.order, s.locker, "staff:desk1", clock.now()).value();
    return {t.order, *t.locker};
  }

  Scene loaded(bool with_identity = true) {
    Scene s = awaiting_reserved(with_identity);
    auto t = core::confirm_load(s.order, s.locker, code(), clock.now(), policies).value();
    return {t.order, *t.locker};
  }

  Scene pickup_started() {
    Scene s = loaded();
    auto outcome = core::verify_identity(s.order, identity(), clock.now(), policies);
    EXPECT_TRUE(outcome.granted);
    return {outcome.order, s.locker};
  }

  Scene collected() {
    Scene s = pickup_started();
    auto t = core::complete_pickup(s.order, s.locker, clock.now()).value();
    return {t.order, *t.locker};
  }

  Scene expired() {
    Scene s = loaded();
    auto t = core::expire(s.order, *s.order.expires_at).value();
    return {t.order, s.locker};
  }

  Scene returned() {
    Scene s = expired();
    auto t = core::complete_return(s.order, s.locker, *s.order.expires_at).value();
    return {t.order, *t.locker};
  }

  // Cancelled while loaded: the document is still in its (occupied) locker.
  Scene cancelled_with_document() {
    Scene s = loaded();
    auto t = core::cancel(s.order, s.locker, "staff:desk1", clock.now()).value();
    return {t.order, s.locker};
  }

  Scene cancelled_before_loading() {
    Scene s = awaiting_unassigned();
    auto t = core::cancel(s.order, std::nullopt, "backoffice", clock.now()).value();
    return {t.order, s.locker};
  }
};

// Every event type and field, as the back office would receive them.
inline std::string serialised(const std::vector<core::Event>& events) {
  std::string text;
  for (const auto& event : events) {
    text += event.type + ":";
    for (const auto& [key, value] : event.fields) text += key + "=" + value + ";";
    text += "\n";
  }
  return text;
}

}  // namespace pickupbox::testing
