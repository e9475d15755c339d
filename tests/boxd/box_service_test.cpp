// BoxService driven in-process against a real SQLite file and the simulated boards over
// the real Kerong bus master, with a fake clock: every policy edge without sleeping.
#include <gtest/gtest.h>

#include <regex>

#include "app/box_service.hpp"
#include "core/pin.hpp"
#include "fake_clock.hpp"
#include "kerong/bus_master.hpp"
#include "seeded_random.hpp"
#include "sim/sim_bank.hpp"
#include "temp_dir.hpp"

namespace pickupbox::app {
namespace {

using namespace std::chrono_literals;

constexpr const char* kPhone = "+4512345678";
constexpr const char* kBirth = "1990-05-17";

// Opens doors synchronously: the test is the event loop.
class SyncDoorOpener final : public DoorOpener {
 public:
  explicit SyncDoorOpener(kerong::BusMaster& bus) : bus_(bus) {}
  void open(int board, int channel, std::function<void(core::Result<void>)> done) override {
    auto result = bus_.unlock_and_confirm(board, channel, 200ms);
    done(result ? core::Result<void>{} : std::unexpected(result.error()));
  }

 private:
  kerong::BusMaster& bus_;
};

Config test_config() {
  auto config = parse_config(
      "[bus]\nboards = 0 1\n[doors]\nA01 = 0 1 S\nA02 = 0 2 M\nA03 = 0 3 M\nB01 = 1 1 L\n", "test");
  if (!config) throw std::runtime_error(config.error().message);
  return *config;
}

std::vector<sim::SimBoardOptions> sim_boards() {
  sim::SimBoardOptions a;
  a.address = 0;
  sim::SimBoardOptions b;
  b.address = 1;
  return {a, b};
}

kerong::BusSettings bus_settings() {
  kerong::BusSettings settings;
  settings.reply_timeout = 20ms;
  settings.retries = 0;
  settings.poll_interval = 1ms;
  settings.boards = {kerong::BoardConfig{0, true, true}, kerong::BoardConfig{1, true, true}};
  return settings;
}

class BoxServiceTest : public ::testing::Test {
 protected:
  BoxServiceTest()
      : store_(open_store()),
        bank_(sim_boards(), sim::TimeoutMode::immediate),
        bus_(bank_.transport(), bus_settings()),
        opener_(bus_),
        service_(make_service()) {
    store::Change change;
    change.staff.push_back(core::StaffMember{"desk1", "Desk 1", core::hash_pin("1234", random_, 1000), true});
    EXPECT_TRUE(store_.commit(change).has_value());
    service_->start();
    poll();
  }
  store::Store open_store() {
    auto store = store::Store::open(dir_.path() / "box.db", clock_, random_);
    if (!store) throw std::runtime_error(store.error().message);
    return std::move(*store);
  }
  std::unique_ptr<BoxService> make_service() {
    return std::make_unique<BoxService>(store_, hasher_, config_, clock_, random_, opener_,
                                        [this](const Json& event) { published_.push_back(event); });
  }

  void poll() {
    for (int board : {0, 1}) service_->on_board_status(board, bus_.status(board));
  }

  // Runs an asynchronous service call whose reply comes back before it returns here.
  template <class Call>
  core::Result<Json> await(Call call) {
    std::optional<core::Result<Json>> result;
    call([&result](core::Result<Json> r) { result = std::move(r); });
    if (!result) return std::unexpected(core::Error{core::ErrorCode::internal, "no reply"});
    return *result;
  }

  std::string login() {
    auto session = service_->staff_login("desk1", "1234");
    EXPECT_TRUE(session.has_value());
    return session ? (*session)["session"].get<std::string>() : "";
  }

  core::Result<Json> load(const std::string& session, core::SizeClass size = core::SizeClass::M) {
    LoadRequest request;
    request.phone = kPhone;
    request.document_kind = "passport";
    request.size = size;
    request.date_of_birth = kBirth;
    request.language = "en";
    return await([&](Reply r) { service_->staff_load(session, request, std::move(r)); });
  }

  void close_door(const std::string& locker_id) {
    const auto locker = store_.locker(locker_id).value().value();
    ASSERT_TRUE(bank_.close_door(locker.board, locker.channel).has_value());
    poll();
  }

  core::Order order(const std::string& id) { return store_.order(id).value().value(); }
  core::Locker locker(const std::string& id) { return store_.locker(id).value().value(); }

  std::vector<Json> outbox(store::OutboxKind kind) {
    std::vector<Json> rows;
    const auto rows_in_outbox = store_.outbox_pending(100'000).value();
    for (const auto& row : rows_in_outbox) {
      if (row.kind == kind) rows.push_back(Json::parse(row.payload));
    }
    return rows;
  }

  std::string code_for(const std::string& order_id) {
    for (const auto& sms : outbox(store::OutboxKind::sms)) {
      if (sms["order_id"] != order_id) continue;
      std::smatch match;
      const auto text = sms["text"].get<std::string>();
      if (std::regex_search(text, match, std::regex("\\b\\d{6}\\b"))) return match.str();
    }
    return "";
  }

  bool published(const std::string& type, const std::string& reason = "") const {
    for (const auto& e : published_) {
      if (e.value("type", "") == type && (reason.empty() || e.value("reason", "") == reason)) return true;
    }
    return false;
  }

  // Loads a passport into a door and closes it: returns {order_id, locker_id}.
  std::pair<std::string, std::string> loaded_order() {
    auto loaded = load(login());
    EXPECT_TRUE(loaded.has_value()) << (loaded ? "" : loaded.error().message);
    const auto order_id = (*loaded)["order_id"].get<std::string>();
    const auto locker_id = (*loaded)["locker_id"].get<std::string>();
    poll();
    close_door(locker_id);
    return {order_id, locker_id};
  }

  // A full disk inside SQLite: the file may not grow, and the room left in its pages is
  // used up, so no further event fits.
  void fill_database() {
    auto pages = store_.database().prepare("PRAGMA page_count", "test");
    ASSERT_TRUE(pages && pages->step().value());
    const auto full = "PRAGMA max_page_count = " + std::to_string(pages->int64(0));
    ASSERT_TRUE(store_.database().exec(full, "simulate a full disk"));
    for (std::size_t pad : {2000u, 200u, 20u, 1u}) {
      int written = 0;
      while (written++ < 10'000 &&
             store_.commit(store::Change{.events = {{"filler", {{"pad", std::string(pad, 'x')}}}}})) {
      }
      ASSERT_LT(written, 10'000);
    }
  }
  void free_database() {
    ASSERT_TRUE(store_.database().exec("PRAGMA max_page_count = 1073741823", "space is back"));
  }

  core::Result<Json> verify(const std::string& code, std::optional<std::string> birth = kBirth) {
    return await([&](Reply r) { service_->verify_pickup(code, birth, std::move(r)); });
  }

  testing::FakeClock clock_;
  testing::SeededRandom random_{7};
  core::KeyedHasher hasher_{std::vector<std::uint8_t>(32, 0x42)};
  Config config_ = test_config();
  testing::TempDir dir_{"boxsvc"};
  store::Store store_;
  sim::SimBank bank_;
  kerong::BusMaster bus_;
  SyncDoorOpener opener_;
  std::vector<Json> published_;
  std::unique_ptr<BoxService> service_;
};

TEST_F(BoxServiceTest, LoadThenPickupCollectsAndErasesPersonalData) {
  auto [order_id, locker_id] = loaded_order();
  EXPECT_EQ(locker_id, "A02");  // the first free M door
  EXPECT_EQ(order(order_id).state, core::OrderState::loaded);
  EXPECT_EQ(locker(locker_id).occupancy, core::Occupancy::occupied);
  const auto code = code_for(order_id);
  ASSERT_EQ(code.size(), 6u);

  auto granted = verify(code);
  ASSERT_TRUE(granted.has_value()) << granted.error().message;
  EXPECT_EQ((*granted)["locker_id"], locker_id);
  EXPECT_TRUE(bank_.channel(0, 2).value().door_open);
  poll();
  EXPECT_EQ(order(order_id).state, core::OrderState::loaded);  // collected only once the door closes
  close_door(locker_id);

  const auto collected = order(order_id);
  EXPECT_EQ(collected.state, core::OrderState::collected);
  EXPECT_FALSE(collected.phone.has_value());
  EXPECT_FALSE(collected.identity_hash.has_value());
  EXPECT_FALSE(collected.code_hash.has_value());
  EXPECT_EQ(locker(locker_id).occupancy, core::Occupancy::free);
  EXPECT_TRUE(published("order.collected"));
}

TEST_F(BoxServiceTest, NoPersonalDataInEventsOrAudit) {
  auto [order_id, locker_id] = loaded_order();
  const auto code = code_for(order_id);
  ASSERT_TRUE(verify("999999").error().code == core::ErrorCode::wrong_code);
  ASSERT_TRUE(verify(code, "1980-01-01").error().code == core::ErrorCode::wrong_identity);
  ASSERT_TRUE(verify(code).has_value());
  poll();
  close_door(locker_id);
  for (const auto& secret : {std::string("12345678"), code, std::string("1990"), std::string("17-05")}) {
    for (const auto& event : outbox(store::OutboxKind::event)) {
      EXPECT_EQ(event.dump().find(secret), std::string::npos) << event.dump();
    }
    const auto audit = store_.audit_entries().value();
    for (const auto& entry : audit) {
      EXPECT_EQ(entry.entry.detail.find(secret), std::string::npos);
    }
  }
  EXPECT_FALSE(outbox(store::OutboxKind::event).empty());
}

TEST_F(BoxServiceTest, WrongIdentityCountsDownThenBlocksUntilStaffResets) {
  auto [order_id, locker_id] = loaded_order();
  const auto code = code_for(order_id);
  for (int i = 1; i < config_.policies.attempts_per_order; ++i) {
    auto refused = verify(code, "2000-01-01");
    ASSERT_FALSE(refused.has_value());
    EXPECT_EQ(refused.error().code, core::ErrorCode::wrong_identity);
  }
  auto last = verify(code, "2000-01-01");
  ASSERT_FALSE(last.has_value());
  EXPECT_EQ(last.error().code, core::ErrorCode::order_blocked);
  EXPECT_EQ(verify(code).error().code, core::ErrorCode::order_blocked);  // even the right one
  EXPECT_TRUE(published("order.blocked"));

  ASSERT_TRUE(service_->staff_reset_attempts(login(), order_id).has_value());
  EXPECT_TRUE(verify(code).has_value());
}

TEST_F(BoxServiceTest, KioskPausesAfterUnknownCodesAndResumesAfterTheWait) {
  auto [order_id, locker_id] = loaded_order();
  const auto code = code_for(order_id);
  for (int i = 0; i < config_.policies.kiosk_failures_before_backoff; ++i) {
    EXPECT_EQ(verify("000000").error().code, core::ErrorCode::wrong_code);
  }
  EXPECT_EQ(verify(code).error().code, core::ErrorCode::kiosk_throttled);
  clock_.advance(config_.policies.kiosk_backoff_initial - 1ms);
  EXPECT_EQ(verify(code).error().code, core::ErrorCode::kiosk_throttled);
  clock_.advance(1ms);
  EXPECT_TRUE(verify(code).has_value());
}

TEST_F(BoxServiceTest, UncollectedDocumentExpiresAndStaffRetrievesIt) {
  auto [order_id, locker_id] = loaded_order();
  const auto code = code_for(order_id);
  clock_.advance(config_.policies.pickup_window);
  service_->housekeeping();
  EXPECT_EQ(order(order_id).state, core::OrderState::expired);
  EXPECT_EQ(verify(code).error().code, core::ErrorCode::wrong_code);  // no longer a live code

  auto retrieve = await([&](Reply r) { service_->staff_retrieve(login(), order_id, std::move(r)); });
  ASSERT_TRUE(retrieve.has_value()) << retrieve.error().message;
  poll();
  close_door(locker_id);
  EXPECT_EQ(order(order_id).state, core::OrderState::returned);
  EXPECT_FALSE(order(order_id).phone.has_value());
  EXPECT_EQ(locker(locker_id).occupancy, core::Occupancy::free);
}

TEST_F(BoxServiceTest, ReminderSmsCarriesNoCode) {
  auto [order_id, locker_id] = loaded_order();
  const auto code = code_for(order_id);
  clock_.advance(config_.policies.reminder_after);
  service_->housekeeping();
  std::vector<std::string> texts;
  for (const auto& sms : outbox(store::OutboxKind::sms)) {
    if (sms["order_id"] == order_id) texts.push_back(sms["text"]);
  }
  ASSERT_EQ(texts.size(), 2u);
  EXPECT_EQ(texts[1].find(code), std::string::npos);
  service_->housekeeping();  // only once
  EXPECT_EQ(outbox(store::OutboxKind::sms).size(), 2u);
}

TEST_F(BoxServiceTest, JammedDoorOnLoadRollsBackAndTakesTheDoorOutOfService) {
  ASSERT_TRUE(bank_.set_jammed(0, 2, true).has_value());
  const auto session = login();
  auto loaded = load(session);
  ASSERT_FALSE(loaded.has_value());
  EXPECT_EQ(loaded.error().code, core::ErrorCode::hardware);
  EXPECT_EQ(locker("A02").block, core::ServiceBlock::unlock_failed);
  EXPECT_EQ(locker("A02").occupancy, core::Occupancy::free);
  EXPECT_TRUE(published("door.fault"));
  auto waiting = service_->staff_orders(session, core::OrderState::awaiting_load).value();
  ASSERT_EQ(waiting["orders"].size(), 1u);
  EXPECT_FALSE(waiting["orders"][0].contains("locker_id"));

  // The next load goes to the next M door.
  auto again = await([&](Reply r) {
    LoadRequest request;
    request.order_id = waiting["orders"][0]["order_id"].get<std::string>();
    service_->staff_load(session, request, std::move(r));
  });
  ASSERT_TRUE(again.has_value()) << again.error().message;
  EXPECT_EQ((*again)["locker_id"], "A03");
}

TEST_F(BoxServiceTest, JammedDoorOnPickupKeepsTheDocumentAndLetsItExpire) {
  auto [order_id, locker_id] = loaded_order();
  ASSERT_TRUE(bank_.set_jammed(0, 2, true).has_value());
  auto refused = verify(code_for(order_id));
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, core::ErrorCode::hardware);
  EXPECT_EQ(locker(locker_id).block, core::ServiceBlock::unlock_failed);
  EXPECT_EQ(locker(locker_id).occupancy, core::Occupancy::occupied);
  EXPECT_FALSE(order(order_id).pickup_opened_at.has_value());
  clock_.advance(config_.policies.pickup_window);
  service_->housekeeping();
  EXPECT_EQ(order(order_id).state, core::OrderState::expired);
}

TEST_F(BoxServiceTest, SilentBoardTakesItsDoorsOutOfServiceUntilItAnswers) {
  ASSERT_TRUE(bank_.set_connected(1, false).has_value());
  poll();
  EXPECT_EQ(locker("B01").block, core::ServiceBlock::board_offline);
  EXPECT_EQ(locker("A01").block, core::ServiceBlock::none);
  EXPECT_TRUE(published("board.offline"));
  EXPECT_EQ(load(login(), core::SizeClass::L).error().code, core::ErrorCode::no_free_locker);

  ASSERT_TRUE(bank_.set_connected(1, true).has_value());
  poll();
  EXPECT_EQ(locker("B01").block, core::ServiceBlock::none);
  EXPECT_TRUE(published("board.online"));
}

TEST_F(BoxServiceTest, StaffBlockSurvivesBoardRecovery) {
  ASSERT_TRUE(service_->staff_set_out_of_service(login(), "B01", true).has_value());
  ASSERT_TRUE(bank_.set_connected(1, false).has_value());
  poll();
  ASSERT_TRUE(bank_.set_connected(1, true).has_value());
  poll();
  EXPECT_EQ(locker("B01").block, core::ServiceBlock::staff);
}

TEST_F(BoxServiceTest, DoorOpenedWithoutCommandRaisesAlarm) {
  ASSERT_TRUE(bank_.open_door(0, 1).has_value());
  poll();
  EXPECT_TRUE(published("door.alarm", "opened_without_command"));
}

TEST_F(BoxServiceTest, DoorLeftOpenRaisesOneAlarm) {
  auto loaded = load(login());
  ASSERT_TRUE(loaded.has_value());
  poll();
  clock_.advance(config_.policies.door_open_alarm_after);
  service_->housekeeping();
  service_->housekeeping();
  int alarms = 0;
  for (const auto& e : published_) alarms += e.value("reason", "") == "left_open";
  EXPECT_EQ(alarms, 1);
}

TEST_F(BoxServiceTest, StaffSessionTimesOut) {
  const auto session = login();
  EXPECT_TRUE(service_->staff_orders(session, std::nullopt).has_value());
  clock_.advance(config_.policies.staff_session_timeout);
  EXPECT_EQ(service_->staff_orders(session, std::nullopt).error().code, core::ErrorCode::unauthorized);
  EXPECT_EQ(service_->staff_login("desk1", "9999").error().code, core::ErrorCode::unauthorized);
  EXPECT_EQ(service_->staff_login("nobody", "1234").error().code, core::ErrorCode::unauthorized);
}

TEST_F(BoxServiceTest, RestartMidLoadCompletesWhenTheOpenDoorCloses) {
  auto loaded = load(login());
  ASSERT_TRUE(loaded.has_value());
  const auto order_id = (*loaded)["order_id"].get<std::string>();
  poll();  // the door reads open and that is stored
  service_ = make_service();  // boxd restarts: the in-memory watch is gone
  service_->start();
  close_door("A02");
  EXPECT_EQ(order(order_id).state, core::OrderState::loaded);
  EXPECT_FALSE(code_for(order_id).empty());
}

TEST_F(BoxServiceTest, GraceReopenAfterPickupOnlyWithinTheGracePeriod) {
  auto [order_id, locker_id] = loaded_order();
  ASSERT_TRUE(verify(code_for(order_id)).has_value());
  poll();
  close_door(locker_id);
  auto reopened = await([&](Reply r) { service_->reopen_pickup(order_id, std::move(r)); });
  ASSERT_TRUE(reopened.has_value()) << reopened.error().message;
  poll();
  close_door(locker_id);
  clock_.advance(config_.policies.grace_reopen + 1ms);
  auto late = await([&](Reply r) { service_->reopen_pickup(order_id, std::move(r)); });
  EXPECT_FALSE(late.has_value());
}

TEST_F(BoxServiceTest, FullDiskRefusesNewLoadsAndLosesNothing) {
  const auto session = login();
  auto loaded = load(session);
  ASSERT_TRUE(loaded.has_value());
  const auto order_id = (*loaded)["order_id"].get<std::string>();
  poll();

  ASSERT_NO_FATAL_FAILURE(fill_database());

  auto refused = load(session, core::SizeClass::S);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, core::ErrorCode::storage);
  EXPECT_NE(refused.error().message.find("disk full"), std::string::npos) << refused.error().message;
  close_door("A02");  // the load's door closes while nothing can be written
  service_->housekeeping();
  EXPECT_EQ(order(order_id).state, core::OrderState::awaiting_load);

  ASSERT_TRUE(store_.database().exec("PRAGMA max_page_count = 1073741823", "space is back"));
  poll();
  service_->housekeeping();
  EXPECT_EQ(order(order_id).state, core::OrderState::loaded);
  EXPECT_EQ(outbox(store::OutboxKind::sms).size(), 1u);
  int loaded_events = 0;
  for (const auto& event : outbox(store::OutboxKind::event)) loaded_events += event["type"] == "order.loaded";
  EXPECT_EQ(loaded_events, 1);
  EXPECT_EQ(store_.check_invariants().value(), std::vector<std::string>{});
}

// Unknown codes whose failures cannot be committed still pause the kiosk. Before, a full disk
// lifted the pause: every guess was checked, and "identity_required" for a right code (no
// commit needed) told it apart from the storage error of a wrong one, at full speed.
TEST_F(BoxServiceTest, FullDiskStillPausesTheKioskAndStatusSaysSo) {
  auto [order_id, locker_id] = loaded_order();
  const auto code = code_for(order_id);
  ASSERT_EQ(code.size(), 6u);
  EXPECT_EQ(service_->status().value()["storage"], (Json{{"ok", true}}));
  ASSERT_NO_FATAL_FAILURE(fill_database());

  std::string wrong = code;
  for (int i = 0; i < config_.policies.kiosk_failures_before_backoff; ++i) {
    wrong[0] = static_cast<char>('0' + (code[0] - '0' + 1 + i) % 10);
    auto refused = verify(wrong);
    ASSERT_FALSE(refused.has_value());
    EXPECT_EQ(refused.error().code, core::ErrorCode::storage) << refused.error().message;
  }
  const auto status = service_->status().value();
  EXPECT_EQ(status["storage"].value("ok", true), false) << status.dump();
  EXPECT_NE(status["storage"].value("error", "").find("disk full"), std::string::npos) << status.dump();
  EXPECT_GT(status.value("kiosk_paused_s", 0), 0) << status.dump();
  EXPECT_EQ(verify(code, std::nullopt).error().code, core::ErrorCode::kiosk_throttled);
  EXPECT_EQ(verify(code).error().code, core::ErrorCode::kiosk_throttled);

  ASSERT_NO_FATAL_FAILURE(free_database());
  clock_.advance(config_.policies.kiosk_backoff_initial);
  auto granted = verify(code);
  ASSERT_TRUE(granted.has_value()) << granted.error().message;
  EXPECT_EQ(service_->status().value()["storage"], (Json{{"ok", true}}));
  EXPECT_FALSE(service_->status().value().contains("kiosk_paused_s"));
}

}  // namespace
}  // namespace pickupbox::app
