#include "provisioning/command_outcome.hpp"

#include <iostream>

namespace pickupbox::provisioning {

int report(const Failure& failure) {
  std::cerr << "boxctl: " << failure.what << ": " << failure.message;
  if (!failure.code.empty()) std::cerr << " (" << failure.code << ")";
  std::cerr << '\n';
  if (!failure.hint.empty()) std::cerr << "boxctl: " << failure.hint << '\n';
  return static_cast<int>(failure.exit);
}

}  // namespace pickupbox::provisioning
