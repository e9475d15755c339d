#pragma once
// The order state machine. Every function is pure: it takes the current rows and the
// time, and returns the new rows plus the events, SMS and audit lines to commit with
// them, or an Error. An illegal step is invalid_transition naming the order, its state
// and the operation. Events never carry a phone number, code or identity.
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/locker.hpp"
#include "core/order.hpp"
#include "core/pickup_code.hpp"
#include "core/policies.hpp"
#include "core/transition.hpp"
// The rest of the domain's state changes, so that one include gives the whole machine.
#include "core/door_observation.hpp"
#include "core/kiosk_throttle.hpp"
#include "core/locker_service.hpp"

namespace pickupbox::core {

struct NewOrder {
  std::string reference;      // back office's; 1..64 printable ASCII characters
  std::string document_kind;  // "passport" | "driving_licence" | "id_card" | "other"
  SizeClass size = SizeClass::M;
  std::string phone;  // as typed; normalised to E.164 here
  std::optional<Digest> identity_hash;
  std::string language = "da";          // "da" | "en"
  std::optional<TimePoint> expires_at;  // overrides pickup_window; must be in the future
};

// --- Creation and loading ---------------------------------------------------------

// order_id must be a UUID. Emits "order.created".
Result<Transition> create_order(const NewOrder& request, std::string order_id, TimePoint now,
                                const Policies& policies);

// Staff opens a free, usable locker at least as large as the order: the locker is
// reserved for it. Emits "order.load_started"; audit "load".
Result<Transition> start_load(Order order, Locker locker, std::string actor, TimePoint now);

// The door closed on the document: order loaded with the code's hash, locker occupied.
// Emits "order.loaded" and the SMS with the code (the only place the code appears).
Result<Transition> confirm_load(Order order, Locker locker, const GeneratedCode& code, TimePoint now,
                                const Policies& policies);

// Loading abandoned: the order waits again with no locker, the locker is free.
// Emits "order.load_aborted".
Result<Transition> abort_load(Order order, Locker locker, TimePoint now);

// --- Pickup -------------------------------------------------------------------------

struct VerifyOutcome {
  Order order;  // with the new attempt count / block / pickup_opened_at
  std::vector<Event> events;
  bool granted = false;
  std::optional<Error> refusal;  // set exactly when !granted
  int attempts_left = 0;
};

// After the app found the order by its code hash. Refusals: not loaded
// (invalid_transition), blocked (order_blocked), code lifetime or pickup window over
// (code_expired), identity required and missing or wrong (wrong_identity: counts an
// attempt, emits "pickup.failed"; the last allowed attempt blocks the order, emits
// "order.blocked" and refuses with order_blocked). A grant resets the attempts, sets
// pickup_opened_at and emits "order.pickup_started".
VerifyOutcome verify_identity(Order order, std::optional<Digest> given_identity_hash, TimePoint now,
                              const Policies& policies);

// The door closed after a granted pickup: collected, personal data erased, locker free.
// Emits "order.collected"; audit "pickup" by "citizen".
Result<Transition> complete_pickup(Order order, Locker locker, TimePoint now);

// The door did not open for a granted pickup: the order is no longer "pickup in
// progress", so it can expire or be cancelled as usual. Emits "order.pickup_aborted".
Result<Transition> abort_pickup(Order order, TimePoint now);

// The citizen may reopen the (now free) door within grace_reopen after closing it. The
// locker is required, to prove it still holds nothing else. Emits "order.pickup_reopened";
// audit "reopen". The locker is not changed.
Result<Transition> reopen_after_pickup(Order order, std::optional<Locker> locker, TimePoint now,
                                       const Policies& policies);

// --- Expiry and reminders -------------------------------------------------------------

// Loaded and now >= expires_at (exactly at expires_at counts), and no pickup in progress.
// Emits "order.expired".
Result<Transition> expire(Order order, TimePoint now);
std::vector<std::string> due_for_expiry(const std::vector<Order>& orders, TimePoint now);

// Loaded, not reminded yet, reminder_after since loading, not expired, no pickup in progress.
bool reminder_due(const Order& order, TimePoint now, const Policies& policies);
// One reminder SMS (without the code) and reminded_at. Emits "order.reminder_sent".
Result<Transition> send_reminder(Order order, TimePoint now);

// --- Return, cancellation, staff ---------------------------------------------------

// Staff opens the door to take back an expired document, or one whose order was
// cancelled while it was inside. Emits "order.return_started"; audit "retrieve".
Result<Transition> start_return(Order order, Locker locker, std::string actor, TimePoint now);

// The door closed after the return: an expired order becomes returned (personal data
// erased); a cancelled one stays cancelled. Either way the locker is free.
// Emits "order.returned" with reason "expired" or "cancelled".
Result<Transition> complete_return(Order order, Locker locker, TimePoint now);

// From awaiting_load (a reserved locker must be passed and is freed), loaded or expired
// (the document stays in its occupied locker until start_return). Personal data is
// erased. Refused while a pickup is in progress. Emits "order.cancelled"; audit "cancel".
Result<Transition> cancel(Order order, std::optional<Locker> locker, std::string actor, TimePoint now);

// Staff unblocks a loaded order. Emits "order.attempts_reset"; audit "reset_attempts".
Result<Transition> reset_attempts(Order order, std::string actor, TimePoint now);

}  // namespace pickupbox::core
