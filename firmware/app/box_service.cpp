#include "app/box_service.hpp"

#include <filesystem>

#include "core/identity.hpp"
#include "core/pin.hpp"
#include "core/uuid.hpp"
#include "log/log.hpp"

namespace pickupbox::app {

using core::ErrorCode;
using core::fail;
using core::Result;

store::Change change_of(core::Transition t) {
  store::Change change;
  change.orders.push_back(std::move(t.order));
  if (t.locker) change.lockers.push_back(std::move(*t.locker));
  change.events = std::move(t.events);
  change.sms = std::move(t.sms);
  change.audit = std::move(t.audit);
  return change;
}

BoxService::BoxService(store::Store& store, const core::KeyedHasher& hasher, const Config& config,
                       core::Clock& clock, core::Random& random, DoorOpener& doors, EventSink publish)
    : store_(store),
      hasher_(hasher),
      config_(config),
      policies_(config.policies),
      clock_(clock),
      random_(random),
      doors_(doors),
      publish_(std::move(publish)) {}

void BoxService::start() {
  std::vector<core::Locker> layout;
  for (const auto& door : config_.doors) {
    core::Locker locker;
    locker.id = door.id;
    locker.board = door.board;
    locker.channel = door.channel;
    locker.size = door.size;
    layout.push_back(locker);
  }
  if (auto seeded = store_.seed_lockers(layout); !seeded) {
    throw std::runtime_error("cannot apply the door map to the database: " + seeded.error().message);
  }
  for (const auto& board : config_.boards) board_online_[board.address] = true;
  seed_staff();
  rearm_watches();
}

void BoxService::seed_staff() {
  if (config_.backend != BusBackend::sim && !config_.simulated_hardware) return;
  for (const auto& dev : config_.dev_staff) {
    auto existing = store_.staff_member(dev.id);
    if (existing && *existing) continue;
    store::Change change;
    change.staff.push_back(core::StaffMember{dev.id, dev.id, core::hash_pin(dev.pin, random_), true});
    change.audit.push_back(core::AuditEntry{"system", "staff_added", "", "", "development account " + dev.id});
    if (auto ok = commit(std::move(change)); !ok) {
      throw std::runtime_error("cannot add development staff account: " + ok.error().message);
    }
    log::warn("staff.development_account", {{"staff", dev.id}});
  }
}

// A restart loses the in-memory door watches; the database says which doors were
// mid-operation. The door must have been seen open (before or after the restart) and then
// closed to complete them, so a crash never turns an unopened door into a loaded or
// collected one.
void BoxService::rearm_watches() {
  auto lockers = store_.lockers();
  if (!lockers) throw std::runtime_error("cannot read lockers: " + lockers.error().message);
  for (const auto& locker : *lockers) {
    if (!locker.order_id) continue;
    auto order = store_.order(*locker.order_id);
    if (!order || !*order) continue;
    const auto& o = **order;
    // A door last seen open has been opened for this purpose: closing it completes it.
    const bool seen_open = locker.door == core::SensorReading::open;
    if (locker.occupancy == core::Occupancy::reserved && o.state == core::OrderState::awaiting_load) {
      watches_[locker.id] = DoorWatch{Purpose::load, o.id, "system", seen_open};
    } else if (o.state == core::OrderState::loaded && o.pickup_opened_at) {
      watches_[locker.id] = DoorWatch{Purpose::pickup, o.id, "citizen", seen_open};
    }
  }
}

Result<store::CommitReceipt> BoxService::commit(store::Change change) {
  auto receipt = store_.commit(change);
  if (!receipt) {  // the store has logged it
    if (receipt.error().code == ErrorCode::storage) storage_failure_ = receipt.error().message;
    return receipt;
  }
  storage_failure_.reset();
  if (committed_ && !receipt->outbox.empty()) committed_();
  for (const auto& row : receipt->outbox) {
    if (row.kind != store::OutboxKind::event) continue;  // SMS requests carry a code: never to the UI
    publish_(Json::parse(row.payload));
  }
  return receipt;
}

Result<core::Locker> BoxService::locker_by_id(const std::string& id) const {
  auto locker = store_.locker(id);
  if (!locker) return std::unexpected(locker.error());
  if (!*locker) return fail(ErrorCode::not_found, "no door '" + id + "' in this box; see 'boxctl lockers'");
  return **locker;
}

Result<core::Order> BoxService::order_by_id(const std::string& id) const {
  auto order = store_.order(id);
  if (!order) return std::unexpected(order.error());
  if (!*order) return fail(ErrorCode::not_found, "no order '" + id + "'; check the id with 'boxctl orders'");
  return **order;
}

Result<core::Digest> BoxService::identity_of(const std::string& date_of_birth) const {
  return core::hash_date_of_birth(hasher_, date_of_birth);
}

Result<Json> BoxService::create_order(const core::NewOrder& request, const std::optional<std::string>& date_of_birth) {
  core::NewOrder order = request;
  if (date_of_birth) {
    auto identity = identity_of(*date_of_birth);
    if (!identity) return std::unexpected(identity.error());
    order.identity_hash = *identity;
  }
  if (!order.reference.empty()) {
    auto existing = store_.order_by_reference(order.reference);
    if (!existing) return std::unexpected(existing.error());
    if (*existing && !core::is_final((*existing)->state)) {
      return fail(ErrorCode::invalid_argument, "an open order with reference '" + order.reference +
                                                   "' already exists (" + (*existing)->id + "); cancel it first");
    }
  }
  auto created = core::create_order(order, core::new_uuid(random_), clock_.now(), policies_);
  if (!created) return std::unexpected(created.error());
  const auto id = created->order.id;
  if (auto ok = commit(change_of(std::move(*created))); !ok) return std::unexpected(ok.error());
  log::info("order.created", {{"order", id}, {"reference", order.reference}});
  return Json{{"order_id", id}, {"state", "awaiting_load"}};
}

Result<Json> BoxService::health() const {
  auto lockers = store_.lockers();
  if (!lockers) return std::unexpected(lockers.error());
  std::map<std::string, int> counts{{"free", 0}, {"reserved", 0}, {"occupied", 0}, {"out_of_service", 0}};
  for (const auto& l : *lockers) counts[std::string(core::to_string(l.state()))]++;
  Json boards = Json::array();
  bool any_online = false;
  for (const auto& [address, online] : board_online_) {
    boards.push_back({{"board", address}, {"online", online}});
    any_online = any_online || online;
  }
  // With no door, or no lock board answering, no door can open: the kiosk turns citizens
  // away at once instead of after they typed their code.
  const bool out_of_order = lockers->empty() || (!board_online_.empty() && !any_online);
  return Json{{"lockers", counts}, {"boards", boards}, {"out_of_order", out_of_order}};
}

Result<Json> BoxService::status() const {
  auto result = health();
  if (!result) return result;
  auto outbox = store_.outbox_size();
  auto throttle = kiosk_throttle();
  (*result)["device_id"] = config_.device_id;
  (*result)["version"] = PICKUPBOX_VERSION;
  (*result)["outbox_pending"] = outbox ? *outbox : -1;
  (*result)["backoffice"] = link_status_ ? link_status_() : Json{{"configured", false}};
  if (throttle && throttle->blocked_until > clock_.now()) {
    const auto wait = std::chrono::duration_cast<std::chrono::seconds>(throttle->blocked_until - clock_.now());
    (*result)["kiosk_paused_s"] = wait.count();
  }
  // ok is about the last commit: SQLite may still fit a commit into pages it already has
  // when the filesystem is full, so free_bytes alone does not say whether writes fail.
  Json storage{{"ok", !storage_failure_}};
  if (storage_failure_) storage["error"] = *storage_failure_;
  // boxd's store keeps a space reserve (store::SpaceReserve); in-process tests may not.
  if (const auto* reserve = store_.space_reserve()) {
    // Used up by a commit on a full disk: pickups went on, new loads wait for room.
    const auto dir = reserve->file().parent_path();
    const bool held = reserve->held();
    storage["reserve_held"] = held;
    if (!held && !storage_failure_) {
      storage["ok"] = false;
      storage["error"] = "the space reserve " + reserve->file().string() +
                         " is used up (the disk was full): new loads are refused until there is room for it again; "
                         "free space in " + dir.string();
    }
    std::error_code failed;
    const auto space = std::filesystem::space(dir, failed);
    if (!failed) storage["free_bytes"] = space.available;
  }
  (*result)["storage"] = std::move(storage);
  return result;
}

Result<Json> BoxService::lockers() const {
  auto lockers = store_.lockers();
  if (!lockers) return std::unexpected(lockers.error());
  Json list = Json::array();
  for (const auto& l : *lockers) {
    list.push_back({{"id", l.id},
                    {"board", l.board},
                    {"channel", l.channel},
                    {"door_sensor", config_.has_door_sensor(l.board)},
                    {"size", core::to_string(l.size)},
                    {"state", core::to_string(l.state())},
                    {"block", core::to_string(l.block)},
                    {"door", core::to_string(l.door)}});
  }
  return Json{{"lockers", list}};
}

}  // namespace pickupbox::app
