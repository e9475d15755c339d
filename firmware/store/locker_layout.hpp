#pragma once
// Reconciles the configured door layout with the lockers already in the state file.
#include <string>
#include <vector>

#include "core/locker.hpp"

namespace pickupbox::store {

struct LayoutPlan {
  std::vector<core::Locker> added;
  std::vector<core::Locker> updated;     // existing state kept, new board/channel/size
  std::vector<std::string> removed;      // ids no longer in the layout
  std::vector<std::string> still_in_use; // removed ids that hold an order: refuse the plan
  std::vector<std::string> duplicates;   // ids listed twice in the layout: refuse the plan

  bool empty() const { return added.empty() && updated.empty() && removed.empty(); }
};

LayoutPlan plan_layout(const std::vector<core::Locker>& existing, const std::vector<core::Locker>& layout);

}  // namespace pickupbox::store
