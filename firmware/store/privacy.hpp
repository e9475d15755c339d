#pragma once
// Belt and braces for personal data: the store does not rely on callers having erased it.
// Final orders lose phone, identity hash and code hash on write; events and audit entries
// never carry personal data, whatever the caller put in them.
#include <span>
#include <string_view>

#include "core/event.hpp"
#include "core/order.hpp"

namespace pickupbox::store {

core::Order erase_personal_data_if_final(core::Order order);

// Field names that denote personal data or secrets ("phone", "code", ...).
bool is_personal_field(std::string_view key);

// Drops fields named as personal data or whose value contains a phone number of an order
// in the same change. Logs the dropped field names (never the values).
core::Event scrub(core::Event event, std::span<const core::Order> orders);

// Replaces any phone number of an order in the same change inside the free-text detail.
core::AuditEntry scrub(core::AuditEntry entry, std::span<const core::Order> orders);

}  // namespace pickupbox::store
