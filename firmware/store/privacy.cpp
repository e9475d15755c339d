#include "store/privacy.hpp"

#include <algorithm>
#include <array>
#include <string>

#include "log/log.hpp"

namespace pickupbox::store {
namespace {

constexpr std::array<std::string_view, 12> personal_fields{
    "phone", "recipient", "identity", "identity_hash", "code", "code_hash", "pickup_code",
    "pin",   "pin_hash",  "date_of_birth", "birth_date", "dob"};

bool contains_phone(std::string_view text, std::span<const core::Order> orders) {
  return std::any_of(orders.begin(), orders.end(), [&](const core::Order& order) {
    return order.phone && !order.phone->empty() && text.find(*order.phone) != std::string_view::npos;
  });
}

}  // namespace

core::Order erase_personal_data_if_final(core::Order order) {
  if (core::is_final(order.state)) {
    order.phone.reset();
    order.identity_hash.reset();
    order.code_hash.reset();
  }
  return order;
}

bool is_personal_field(std::string_view key) {
  return std::find(personal_fields.begin(), personal_fields.end(), key) != personal_fields.end();
}

core::Event scrub(core::Event event, std::span<const core::Order> orders) {
  for (auto it = event.fields.begin(); it != event.fields.end();) {
    if (is_personal_field(it->first) || contains_phone(it->second, orders)) {
      log::warn("store.personal_data_dropped", {{"event", event.type}, {"field", it->first}});
      it = event.fields.erase(it);
    } else {
      ++it;
    }
  }
  return event;
}

core::AuditEntry scrub(core::AuditEntry entry, std::span<const core::Order> orders) {
  for (const auto& order : orders) {
    if (!order.phone || order.phone->empty()) continue;
    for (auto at = entry.detail.find(*order.phone); at != std::string::npos;
         at = entry.detail.find(*order.phone, at)) {
      entry.detail.replace(at, order.phone->size(), "[redacted]");
      log::warn("store.personal_data_dropped", {{"audit", entry.action}, {"field", "detail"}});
    }
  }
  return entry;
}

}  // namespace pickupbox::store
