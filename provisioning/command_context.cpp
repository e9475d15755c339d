#include "provisioning/command_context.hpp"

#include <iostream>

namespace pickupbox::provisioning {

bool printed_as_json(const GlobalOptions& options, const nlohmann::json& result) {
  if (!options.json) return false;
  std::cout << result.dump() << '\n';
  return true;
}

}  // namespace pickupbox::provisioning
