// Expiry of uncollected documents and the one reminder before it.
#include "core/order_checks.hpp"
#include "core/order_transitions.hpp"
#include "core/sms_text.hpp"
#include "core/time_text.hpp"

namespace pickupbox::core {

namespace {

Result<void> check_expirable(const Order& order, TimePoint now) {
  if (auto ok = require_state(order, OrderState::loaded, "expire"); !ok) return ok;
  if (pickup_in_progress(order)) {
    return illegal(order, "expire", "a pickup is in progress; complete it when the door closes");
  }
  if (!order.expires_at || now < *order.expires_at) {
    const std::string until = order.expires_at ? utc_text(*order.expires_at) : std::string("it is loaded");
    return illegal(order, "expire", "it does not expire until " + until);
  }
  return {};
}

}  // namespace

Result<Transition> expire(Order order, TimePoint now) {
  if (auto ok = check_expirable(order, now); !ok) return std::unexpected(ok.error());
  order.state = OrderState::expired;
  Event expired = order_event("order.expired", order);
  std::vector<SmsRequest> notice;
  if (order.phone) {
    notice.push_back(SmsRequest{order.id, *order.phone, order.language,
                                expiry_sms_text(order.language, order.document_kind)});
  }
  return Transition{std::move(order), std::nullopt, {std::move(expired)}, std::move(notice), {}};
}

std::vector<std::string> due_for_expiry(const std::vector<Order>& orders, TimePoint now) {
  std::vector<std::string> due;
  for (const Order& order : orders) {
    if (check_expirable(order, now)) due.push_back(order.id);
  }
  return due;
}

bool reminder_due(const Order& order, TimePoint now, const Policies& policies) {
  return order.state == OrderState::loaded && !order.reminded_at && order.phone && order.loaded_at &&
         !pickup_in_progress(order) && now >= *order.loaded_at + policies.reminder_after && now < collect_by(order);
}

Result<Transition> send_reminder(Order order, TimePoint now) {
  if (auto ok = require_state(order, OrderState::loaded, "send a reminder"); !ok) return std::unexpected(ok.error());
  if (order.reminded_at) {
    return illegal(order, "send a reminder", "one was already sent at " + utc_text(*order.reminded_at));
  }
  if (!order.phone || !order.expires_at) {
    return fail(ErrorCode::internal, "loaded order " + order.id + " has no phone number or expiry to remind about");
  }
  order.reminded_at = now;
  Event reminded = order_event("order.reminder_sent", order);
  SmsRequest sms{order.id, *order.phone, order.language,
                 reminder_sms_text(order.language, order.document_kind, collect_by(order))};
  return Transition{std::move(order), std::nullopt, {std::move(reminded)}, {std::move(sms)}, {}};
}

}  // namespace pickupbox::core
