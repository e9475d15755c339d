#pragma once
// One line typed into `listen` on stdin: a command for a box, `help`, `quit` or nothing.
//   [send] COMMAND DEVICE key=value ... [--json '{...}'] [--request-id ID]
//   [send] DEVICE COMMAND key=value ...        (the order of `send` works too)
// Words split on blanks; '…' and "…" quote (name="Desk 2"); '#' starts a comment.
#include <string>
#include <string_view>
#include <vector>

#include "command_builder.hpp"
#include "core/error.hpp"

namespace pickupbox::console {

core::Result<std::vector<std::string>> split_words(std::string_view line);

struct ConsoleLine {
  enum class Kind { empty, help, quit, command };
  Kind kind = Kind::empty;
  CommandRequest request;  // for Kind::command
};

core::Result<ConsoleLine> parse_console_line(std::string_view line);

}  // namespace pickupbox::console
