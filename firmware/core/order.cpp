#include "core/order.hpp"

#include <array>

#include "core/enum_text.hpp"

namespace pickupbox::core {

std::string_view to_string(OrderState state) {
  switch (state) {
    case OrderState::awaiting_load: return "awaiting_load";
    case OrderState::loaded: return "loaded";
    case OrderState::collected: return "collected";
    case OrderState::expired: return "expired";
    case OrderState::returned: return "returned";
    case OrderState::cancelled: return "cancelled";
  }
  return "?";
}

Result<OrderState> parse_order_state(std::string_view text) {
  constexpr std::array all{OrderState::awaiting_load, OrderState::loaded,   OrderState::collected,
                           OrderState::expired,       OrderState::returned, OrderState::cancelled};
  return parse_enum(all, text, "order state", "awaiting_load, loaded, collected, expired, returned, cancelled");
}

bool is_final(OrderState state) {
  return state == OrderState::collected || state == OrderState::returned || state == OrderState::cancelled;
}

}  // namespace pickupbox::core
