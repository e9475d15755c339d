#include "order_fixtures.hpp"

#include "core/digest_hex.hpp"

namespace pickupbox::testing {
namespace {

using core::ErrorCode;
using core::Occupancy;
using core::OrderState;
using core::SizeClass;
using namespace std::chrono_literals;

class OrderLoading : public OrderTest {};

TEST_F(OrderLoading, CreateNormalisesAndEmitsCreated) {
  auto t = core::create_order(request(), order_id, clock.now(), policies);
  ASSERT_TRUE(t) << t.error().message;
  const core::Order& o = t->order;
  EXPECT_EQ(o.id, order_id);
  EXPECT_EQ(o.state, OrderState::awaiting_load);
  EXPECT_EQ(o.phone, std::string(e164_phone));
  EXPECT_EQ(o.identity_hash, identity());
  EXPECT_EQ(o.reference, "TH-2026-0042");
  EXPECT_EQ(o.language, "en");
  EXPECT_EQ(o.created_at, clock.now());
  EXPECT_FALSE(o.locker_id);
  EXPECT_FALSE(o.code_hash);
  EXPECT_FALSE(o.expires_at);
  EXPECT_FALSE(t->locker);
  EXPECT_TRUE(t->sms.empty());
  ASSERT_EQ(t->events.size(), 1u);
  EXPECT_EQ(t->events[0], (core::Event{"order.created",
                                       {{"order_id", order_id},
                                        {"reference", "TH-2026-0042"},
                                        {"document_kind", "passport"},
                                        {"size", "M"}}}));
}

TEST_F(OrderLoading, CreateKeepsAnExpiryOverride) {
  auto r = request(false);
  r.expires_at = clock.now() + 3h;
  auto t = core::create_order(r, order_id, clock.now(), policies);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->order.expires_at, clock.now() + 3h);
  EXPECT_FALSE(t->order.identity_hash);
}

TEST_F(OrderLoading, CreateRejectsBadRequests) {
  struct Case {
    std::string name;
    std::function<void(core::NewOrder&, std::string&)> spoil;
  };
  const std::vector<Case> cases{
      {"id not a uuid", [](core::NewOrder&, std::string& id) { id = "order-1"; }},
      {"empty reference", [](core::NewOrder& r, std::string&) { r.reference.clear(); }},
      {"long reference", [](core::NewOrder& r, std::string&) { r.reference = std::string(65, 'R'); }},
      {"control character", [](core::NewOrder& r, std::string&) { r.reference = "TH\n42"; }},
      {"unknown kind", [](core::NewOrder& r, std::string&) { r.document_kind = "visa"; }},
      {"unknown language", [](core::NewOrder& r, std::string&) { r.language = "de"; }},
      {"bad phone", [](core::NewOrder& r, std::string&) { r.phone = "2030405"; }},
      {"expiry now", [this](core::NewOrder& r, std::string&) { r.expires_at = clock.now(); }},
      {"expiry past", [this](core::NewOrder& r, std::string&) { r.expires_at = clock.now() - 1ms; }},
  };
  for (const auto& c : cases) {
    auto r = request();
    std::string id = order_id;
    c.spoil(r, id);
    auto t = core::create_order(r, id, clock.now(), policies);
    ASSERT_FALSE(t) << c.name;
    EXPECT_EQ(t.error().code, ErrorCode::invalid_argument) << c.name;
    EXPECT_EQ(t.error().message.find("2030405"), std::string::npos) << c.name;
  }
  auto r = request();
  r.reference = std::string(64, 'R');
  EXPECT_TRUE(core::create_order(r, order_id, clock.now(), policies)) << "64 characters is the limit, not over it";
}

TEST_F(OrderLoading, StartLoadReservesTheLocker) {
  Scene s = awaiting_unassigned();
  auto t = core::start_load(s.order, s.locker, "staff:desk1", clock.now());
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(t->order.state, OrderState::awaiting_load);
  EXPECT_EQ(t->order.locker_id, "A01");
  ASSERT_TRUE(t->locker);
  EXPECT_EQ(t->locker->occupancy, Occupancy::reserved);
  EXPECT_EQ(t->locker->order_id, order_id);
  EXPECT_EQ(t->events, (std::vector<core::Event>{
                           {"order.load_started", {{"order_id", order_id}, {"locker_id", "A01"}, {"actor", "staff:desk1"}}}}));
  EXPECT_EQ(t->audit, (std::vector<core::AuditEntry>{{"staff:desk1", "load", "A01", order_id, ""}}));
}

TEST_F(OrderLoading, StartLoadNeedsAFreeUsableLargeEnoughLocker) {
  Scene s = awaiting_unassigned();
  core::Locker blocked = s.locker;
  blocked.block = core::ServiceBlock::board_offline;
  EXPECT_EQ(core::start_load(s.order, blocked, "staff:desk1", clock.now()).error().code, ErrorCode::invalid_transition);

  core::Locker taken = s.locker;
  taken.occupancy = Occupancy::occupied;
  taken.order_id = "someone-else";
  EXPECT_EQ(core::start_load(s.order, taken, "staff:desk1", clock.now()).error().code, ErrorCode::invalid_transition);

  auto small = core::start_load(s.order, free_locker("A02", SizeClass::S), "staff:desk1", clock.now());
  ASSERT_FALSE(small);
  EXPECT_EQ(small.error().code, ErrorCode::invalid_argument);
  EXPECT_NE(small.error().message.find("A02"), std::string::npos);

  EXPECT_TRUE(core::start_load(s.order, free_locker("A03", SizeClass::L), "staff:desk1", clock.now()));
  EXPECT_EQ(core::start_load(s.order, s.locker, "", clock.now()).error().code, ErrorCode::invalid_argument);
}

TEST_F(OrderLoading, ConfirmLoadSetsCodeDeadlinesAndSendsTheSms) {
  Scene s = awaiting_reserved();
  clock.advance(5min);
  auto t = core::confirm_load(s.order, s.locker, code(), clock.now(), policies);
  ASSERT_TRUE(t) << t.error().message;
  const core::Order& o = t->order;
  EXPECT_EQ(o.state, OrderState::loaded);
  EXPECT_EQ(o.code_hash, hasher.code(plain_code));
  EXPECT_EQ(o.loaded_at, clock.now());
  EXPECT_EQ(o.code_expires_at, clock.now() + policies.code_lifetime);
  EXPECT_EQ(o.expires_at, clock.now() + policies.pickup_window);
  ASSERT_TRUE(t->locker);
  EXPECT_EQ(t->locker->occupancy, Occupancy::occupied);
  EXPECT_EQ(t->locker->order_id, order_id);

  ASSERT_EQ(t->sms.size(), 1u);
  const core::SmsRequest& sms = t->sms[0];
  EXPECT_EQ(sms.order_id, order_id);
  EXPECT_EQ(sms.recipient, std::string(e164_phone));
  EXPECT_EQ(sms.language, "en");
  // Loaded 2026-01-01 00:05 UTC; 14 days later is 01:05 in Copenhagen (winter time).
  EXPECT_EQ(sms.text,
            "Your passport is ready at the town hall pickup box. Code: 482913. Collect it by 2026-01-15 01:05."
            " You will also be asked for your date of birth.");

  ASSERT_EQ(t->events.size(), 1u);
  EXPECT_EQ(t->events[0], (core::Event{"order.loaded",
                                       {{"order_id", order_id},
                                        {"locker_id", "A01"},
                                        {"reference", "TH-2026-0042"},
                                        {"document_kind", "passport"},
                                        {"size", "M"}}}));
}

TEST_F(OrderLoading, DanishSmsForDanishOrders) {
  auto r = request(false);
  r.language = "da";
  auto created = core::create_order(r, order_id, clock.now(), policies).value();
  auto started = core::start_load(created.order, free_locker(), "staff:desk1", clock.now()).value();
  auto t = core::confirm_load(started.order, *started.locker, code(), clock.now(), policies).value();
  EXPECT_EQ(t.sms.at(0).text,
            "Dit pas er klar i rådhusets afhentningsboks. Kode: 482913. Hent det senest 2026-01-15 kl. 01:00.");
}

TEST_F(OrderLoading, ExpiryOverrideWinsOnlyWhenStillAhead) {
  auto r = request();
  r.expires_at = clock.now() + std::chrono::days{30};
  auto created = core::create_order(r, order_id, clock.now(), policies).value();
  auto started = core::start_load(created.order, free_locker(), "staff:desk1", clock.now()).value();
  auto later = core::confirm_load(started.order, *started.locker, code(), clock.now(), policies).value();
  EXPECT_EQ(later.order.expires_at, clock.now() + std::chrono::days{30});

  r.expires_at = clock.now() + 1h;
  created = core::create_order(r, order_id, clock.now(), policies).value();
  started = core::start_load(created.order, free_locker(), "staff:desk1", clock.now()).value();
  clock.advance(1h);  // the override passed while the document waited at the desk
  auto passed = core::confirm_load(started.order, *started.locker, code(), clock.now(), policies).value();
  EXPECT_EQ(passed.order.expires_at, clock.now() + policies.pickup_window);
}

TEST_F(OrderLoading, ConfirmLoadChecksCodeAndLocker) {
  Scene s = awaiting_reserved();
  auto bad_code = core::confirm_load(s.order, s.locker, {"12345", hasher.code("12345")}, clock.now(), policies);
  ASSERT_FALSE(bad_code);
  EXPECT_EQ(bad_code.error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(bad_code.error().message.find("12345"), std::string::npos);

  core::Locker other = s.locker;
  other.order_id = "another-order";
  auto wrong = core::confirm_load(s.order, other, code(), clock.now(), policies);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, ErrorCode::invalid_transition);
  EXPECT_NE(wrong.error().message.find(order_id), std::string::npos);
}

TEST_F(OrderLoading, AbortLoadFreesTheLocker) {
  Scene s = awaiting_reserved();
  auto t = core::abort_load(s.order, s.locker, clock.now());
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(t->order.state, OrderState::awaiting_load);
  EXPECT_FALSE(t->order.locker_id);
  ASSERT_TRUE(t->locker);
  EXPECT_EQ(t->locker->occupancy, Occupancy::free);
  EXPECT_FALSE(t->locker->order_id);
  EXPECT_EQ(t->events, (std::vector<core::Event>{{"order.load_aborted", {{"order_id", order_id}, {"locker_id", "A01"}}}}));
  // And it can be loaded again.
  EXPECT_TRUE(core::start_load(t->order, *t->locker, "staff:desk1", clock.now()));
}

TEST_F(OrderLoading, CodeAppearsOnlyInTheSms) {
  Scene s = awaiting_reserved();
  auto t = core::confirm_load(s.order, s.locker, code(), clock.now(), policies).value();
  EXPECT_NE(t.sms.at(0).text.find(plain_code), std::string::npos);
  const std::string events = serialised(t.events);
  EXPECT_EQ(events.find(plain_code), std::string::npos) << events;
  EXPECT_EQ(events.find(core::to_hex(hasher.code(plain_code))), std::string::npos);
  EXPECT_EQ(events.find("20304050"), std::string::npos) << events;
  EXPECT_EQ(t.audit.size(), 0u);
}

}  // namespace
}  // namespace pickupbox::testing
