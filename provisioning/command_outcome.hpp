#pragma once
// How a boxctl command ends. Scripts switch on the exit status, so "boxd said no",
// "you typed it wrong" and "boxd is not there" each have their own.
#include <expected>
#include <string>

namespace pickupbox::provisioning {

enum class ExitCode : int {
  ok = 0,
  failed = 1,       // boxd refused or the operation failed
  usage = 2,        // the command line is wrong
  unreachable = 3,  // boxd could not be reached (or stopped answering)
};

struct Failure {
  ExitCode exit = ExitCode::failed;
  std::string what;     // what boxctl tried: "log in as desk1"
  std::string message;  // why it failed, usually boxd's own words
  std::string code;     // the stable wire code: "wrong_code", "unauthorized", ...
  std::string hint;     // an optional second line telling the operator what to do
};

template <class T>
using Outcome = std::expected<T, Failure>;

inline std::unexpected<Failure> usage_error(std::string what, std::string message) {
  return std::unexpected(Failure{ExitCode::usage, std::move(what), std::move(message), "usage", ""});
}

// Prints "boxctl: <what>: <message> (<code>)" and the hint to stderr; returns the exit status.
int report(const Failure& failure);

inline int exit_status(const Outcome<void>& outcome) {
  return outcome ? static_cast<int>(ExitCode::ok) : report(outcome.error());
}

}  // namespace pickupbox::provisioning
