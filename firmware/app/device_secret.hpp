#pragma once
#include <cstdint>
#include <filesystem>
#include <vector>

#include "core/error.hpp"
#include "core/random.hpp"

namespace pickupbox::app {

// The device secret keys the code and identity hashes. It is made on first start from
// the CSPRNG, lives only in the state directory (0600) and never leaves the box: a
// stolen database without it does not reveal which code opens which door.
core::Result<std::vector<std::uint8_t>> load_or_create_device_secret(const std::filesystem::path& state_dir,
                                                                    core::Random& random);

// Creates the state directory (0700) if needed and refuses one that others can read.
core::Result<void> prepare_state_dir(const std::filesystem::path& state_dir);

}  // namespace pickupbox::app
