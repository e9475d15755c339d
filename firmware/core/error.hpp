#pragma once
// Expected failures travel as values: every fallible call returns Result<T>.
// The code is stable (clients and tests switch on it); the message is for people
// and says what failed, with which input, and what to do.
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace pickupbox::core {

enum class ErrorCode {
  invalid_argument,    // a field is missing, malformed or out of range
  not_found,           // no such order / locker / staff member
  invalid_transition,  // the order or locker is not in a state that allows this
  wrong_code,          // pickup code unknown
  wrong_identity,      // code known, second factor wrong
  identity_required,   // code known, the order needs its second factor: ask for it (no attempt used)
  order_blocked,       // attempt limit reached; staff must reset
  kiosk_throttled,     // too many failures at this kiosk; wait
  code_expired,        // pickup code lifetime is over
  no_free_locker,      // no free door of the requested size (or larger)
  unauthorized,        // no or expired staff session, wrong PIN
  hardware,            // a lock board did not answer or did not unlock
  storage,             // the database failed (disk full, I/O error)
  busy,                // another operation on this door is in progress
  internal,            // a bug: should never be seen
};

std::string_view to_string(ErrorCode code);

struct Error {
  ErrorCode code;
  std::string message;
  // Figures a client shows in its own words and language (the message is English).
  std::optional<int> attempts_left{};
  std::optional<std::int64_t> retry_after_s{};
};

template <class T>
using Result = std::expected<T, Error>;

Result<ErrorCode> parse_error_code(std::string_view text);

inline std::unexpected<Error> fail(ErrorCode code, std::string message) {
  return std::unexpected(Error{code, std::move(message)});
}

}  // namespace pickupbox::core
