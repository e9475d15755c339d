#include "ledger.hpp"

namespace pickupbox::soak {

int progress_rank(const std::string& state) {
  if (state == "awaiting_load") return 0;
  if (state == "loaded") return 1;
  if (state == "expired") return 2;
  if (is_final_state(state)) return 3;
  return -1;
}

bool is_final_state(const std::string& state) {
  return state == "collected" || state == "returned" || state == "cancelled";
}

void Ledger::requested(const std::string& reference, Request request) {
  phones_.insert(request.phone);
  if (!request.date_of_birth.empty()) dates_of_birth_.insert(request.date_of_birth);
  requests_[reference] = std::move(request);
}

std::optional<Request> Ledger::request_for(const std::string& reference) const {
  const auto it = requests_.find(reference);
  if (it == requests_.end()) return std::nullopt;
  return it->second;
}

KnownOrder& Ledger::learn(const std::string& order_id, const std::string& reference) {
  auto& order = orders_[order_id];
  if (order.id.empty()) {
    order.id = order_id;
    order.reference = reference;
    if (auto request = request_for(reference)) order.request = *request;
  }
  return order;
}

KnownOrder* Ledger::find(const std::string& order_id) {
  const auto it = orders_.find(order_id);
  return it == orders_.end() ? nullptr : &it->second;
}

void Ledger::told(const std::string& order_id, const std::string& state) {
  auto* order = find(order_id);
  if (order == nullptr) return;
  if (progress_rank(state) > progress_rank(order->told)) order->told = state;
}

void Ledger::code_seen(const std::string& order_id, const std::string& code) {
  codes_.insert(code);
  if (auto* order = find(order_id)) order->code = code;
}

}  // namespace pickupbox::soak
