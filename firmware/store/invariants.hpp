#pragma once
// Whole-database consistency rules, checked after the fact (tests, the soak checker,
// boxctl diagnostics). Each violation is one human-readable line; none means healthy.
#include <string>
#include <vector>

#include "core/error.hpp"
#include "store/database.hpp"

namespace pickupbox::store {

// Rules:
//  - no order is in two lockers;
//  - a locker's order exists, names that locker back, and is not final (except cancelled:
//    a cancelled document stays in its door until staff retrieve it);
//  - every loaded or expired order has a locker that holds it (and so does any other open
//    order that names a locker);
//  - no final order keeps personal data (phone, identity hash, code hash);
//  - outbox sequence numbers are strictly increasing and match their payloads;
//  - the audit chain verifies.
core::Result<std::vector<std::string>> check_invariants(Database& db);

}  // namespace pickupbox::store
