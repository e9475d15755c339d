#pragma once
// Rows of the orders table <-> core::Order.
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/order.hpp"
#include "store/database.hpp"

namespace pickupbox::store {

// Insert or update by id. Writes NULL personal data for final orders (privacy.hpp).
core::Result<void> upsert_order(Database& db, const core::Order& order);

core::Result<std::optional<core::Order>> find_order(Database& db, std::string_view id);
core::Result<std::optional<core::Order>> find_order_by_reference(Database& db, std::string_view reference);
// Only orders in awaiting_load or loaded: a code means nothing once its order is over.
core::Result<std::optional<core::Order>> find_live_order_by_code_hash(Database& db, const core::Digest& code_hash);
// Oldest first; `state` nullopt = all states.
core::Result<std::vector<core::Order>> list_orders(Database& db, std::optional<core::OrderState> state,
                                                   std::int64_t limit);

}  // namespace pickupbox::store
