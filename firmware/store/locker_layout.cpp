#include "store/locker_layout.hpp"

#include <map>
#include <set>

namespace pickupbox::store {
namespace {

bool holds_order(const core::Locker& locker) {
  return locker.order_id.has_value() || locker.occupancy != core::Occupancy::free;
}

bool same_place(const core::Locker& a, const core::Locker& b) {
  return a.board == b.board && a.channel == b.channel && a.size == b.size;
}

}  // namespace

LayoutPlan plan_layout(const std::vector<core::Locker>& existing, const std::vector<core::Locker>& layout) {
  LayoutPlan plan;
  std::map<std::string, const core::Locker*> known;
  for (const auto& locker : existing) known.emplace(locker.id, &locker);

  std::set<std::string> wanted;
  for (const auto& target : layout) {
    if (!wanted.insert(target.id).second) {
      plan.duplicates.push_back(target.id);
      continue;
    }
    const auto it = known.find(target.id);
    if (it == known.end()) {
      plan.added.push_back(target);
    } else if (!same_place(*it->second, target)) {
      core::Locker moved = *it->second;  // what it holds and its sensors stay
      moved.board = target.board;
      moved.channel = target.channel;
      moved.size = target.size;
      plan.updated.push_back(std::move(moved));
    }
  }
  for (const auto& locker : existing) {
    if (wanted.contains(locker.id)) continue;
    plan.removed.push_back(locker.id);
    if (holds_order(locker)) plan.still_in_use.push_back(locker.id);
  }
  return plan;
}

}  // namespace pickupbox::store
