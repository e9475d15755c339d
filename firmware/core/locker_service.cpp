#include "core/locker_service.hpp"

#include <tuple>

namespace pickupbox::core {

namespace {

bool is_board_fault(ServiceBlock block) {
  return block == ServiceBlock::board_offline || block == ServiceBlock::unlock_failed;
}

LockerChange changed(Locker locker, std::string_view event_type, std::string_view action, ServiceBlock reason,
                     std::string actor) {
  Event event{std::string(event_type),
              {{"locker_id", locker.id}, {"reason", std::string(to_string(reason))}, {"actor", actor}}};
  AuditEntry audit{std::move(actor), std::string(action), locker.id, locker.order_id.value_or(""),
                   std::string(to_string(reason))};
  return LockerChange{std::move(locker), {std::move(event)}, {std::move(audit)}};
}

Result<void> check_reason(const Locker& locker, ServiceBlock reason, std::string_view operation) {
  if (reason != ServiceBlock::none) return {};
  return fail(ErrorCode::invalid_argument, "cannot " + std::string(operation) + " locker " + locker.id +
                                               " with reason none; give staff, board_offline or unlock_failed");
}

}  // namespace

Result<Locker> choose_locker(const std::vector<Locker>& lockers, SizeClass size) {
  const Locker* best = nullptr;
  for (const Locker& candidate : lockers) {
    if (candidate.state() != LockerState::free || candidate.size < size) continue;
    if (best == nullptr || std::tie(candidate.size, candidate.id) < std::tie(best->size, best->id)) {
      best = &candidate;
    }
  }
  if (best == nullptr) {
    return fail(ErrorCode::no_free_locker, "no free locker of size " + std::string(to_string(size)) +
                                               " or larger; empty a locker or put one back in service");
  }
  return *best;
}

Result<LockerChange> set_out_of_service(Locker locker, ServiceBlock reason, std::string actor) {
  if (auto ok = check_reason(locker, reason, "take out of service"); !ok) return std::unexpected(ok.error());
  const bool keeps_staff_block = locker.block == ServiceBlock::staff && is_board_fault(reason);
  if (locker.block == reason || keeps_staff_block) return LockerChange{std::move(locker), {}, {}};
  locker.block = reason;
  return changed(std::move(locker), "locker.out_of_service", "out_of_service", reason, std::move(actor));
}

Result<LockerChange> clear_block(Locker locker, ServiceBlock reason, std::string actor) {
  if (auto ok = check_reason(locker, reason, "return to service"); !ok) return std::unexpected(ok.error());
  if (locker.block == ServiceBlock::none) return LockerChange{std::move(locker), {}, {}};
  if (reason != ServiceBlock::staff && reason != locker.block) {
    return fail(ErrorCode::invalid_transition, "locker " + locker.id + " is out of service for " +
                                                   std::string(to_string(locker.block)) + ", which " +
                                                   std::string(to_string(reason)) +
                                                   " cannot clear; staff must return it to service");
  }
  const ServiceBlock cleared = locker.block;
  locker.block = ServiceBlock::none;
  return changed(std::move(locker), "locker.in_service", "in_service", cleared, std::move(actor));
}

}  // namespace pickupbox::core
