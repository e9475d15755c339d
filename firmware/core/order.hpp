#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/locker.hpp"

namespace pickupbox::core {

using Digest = std::array<std::uint8_t, 32>;  // HMAC-SHA256 output

// awaiting_load -> loaded -> collected
// loaded -> expired -> returned
// cancelled from any open state (awaiting_load, loaded, expired)
enum class OrderState { awaiting_load, loaded, collected, expired, returned, cancelled };
std::string_view to_string(OrderState state);
Result<OrderState> parse_order_state(std::string_view text);
bool is_final(OrderState state);  // collected, returned, cancelled

struct Order {
  std::string id;             // UUID
  std::string reference;      // back-office reference (not personal data)
  std::string document_kind;  // "passport", "driving_licence", "id_card", "other"
  SizeClass size = SizeClass::M;
  std::string language = "da";  // SMS and kiosk language: "da" | "en"
  OrderState state = OrderState::awaiting_load;

  // Personal data: erased (nullopt) once the order reaches a final state.
  std::optional<std::string> phone;     // E.164
  std::optional<Digest> identity_hash;  // keyed hash of the date of birth; nullopt = no check

  std::optional<Digest> code_hash;  // keyed hash of the pickup code; set when loaded
  std::optional<std::string> locker_id;
  int failed_attempts = 0;
  bool blocked = false;

  TimePoint created_at{};
  std::optional<TimePoint> loaded_at;
  std::optional<TimePoint> code_expires_at;  // pickup code lifetime
  std::optional<TimePoint> expires_at;       // when an uncollected document expires
  std::optional<TimePoint> pickup_opened_at; // door opened for the citizen
  std::optional<TimePoint> closed_at;        // reached a final state
  std::optional<TimePoint> reminded_at;

  bool operator==(const Order&) const = default;
};

}  // namespace pickupbox::core
