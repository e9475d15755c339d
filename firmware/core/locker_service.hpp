#pragma once
// Choosing a door for a document, and taking doors out of service and back.
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/locker.hpp"
#include "core/transition.hpp"

namespace pickupbox::core {

// A usable free locker of exactly that size, else of the smallest larger size; the
// lowest id among equals, so the choice is repeatable. no_free_locker names the size.
Result<Locker> choose_locker(const std::vector<Locker>& lockers, SizeClass size);

// Blocks the door (event "locker.out_of_service" with the reason). A staff block is never
// replaced by a board fault, so a board coming back cannot clear what staff decided;
// blocking again for the same reason changes nothing and emits nothing.
// reason none is invalid_argument. actor as in AuditEntry ("staff:desk1", "system").
Result<LockerChange> set_out_of_service(Locker locker, ServiceBlock reason, std::string actor = "system");

// Clears the block (event "locker.in_service"). A board fault clears only that same
// fault; staff (reason staff) may clear any block, having looked at the door. Clearing a
// usable locker changes nothing; a board fault trying to clear another block is
// invalid_transition.
Result<LockerChange> clear_block(Locker locker, ServiceBlock reason, std::string actor = "system");

}  // namespace pickupbox::core
