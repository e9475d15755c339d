#include "options.hpp"

#include <charconv>
#include <random>
#include <string_view>

namespace pickupbox::soak {

namespace {

template <class T>
std::expected<T, std::string> number(std::string_view flag, std::string_view text) {
  T value{};
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size()) {
    return std::unexpected(std::string(flag) + " needs a number, got '" + std::string(text) + "'");
  }
  return value;
}

}  // namespace

std::expected<Options, std::string> parse_options(int argc, char** argv) {
  Options options;
  options.seed = std::random_device{}();
  const std::string usage =
      "usage: pickupbox_soak [--duration SECONDS] [--seed N] [--out DIR] [--fault-every SECONDS] [--mid-flow-kill P]";
  for (int i = 1; i < argc; ++i) {
    const std::string_view flag = argv[i];
    if (flag == "--help" || flag == "-h") return std::unexpected(usage);
    if (i + 1 >= argc) return std::unexpected(std::string(flag) + " needs a value; " + usage);
    const std::string_view value = argv[++i];
    if (flag == "--duration") {
      auto n = number<std::int64_t>(flag, value);
      if (!n || *n < 10) return std::unexpected(n ? "--duration must be at least 10 seconds" : n.error());
      options.duration = std::chrono::seconds{*n};
    } else if (flag == "--seed") {
      auto n = number<std::uint64_t>(flag, value);
      if (!n) return std::unexpected(n.error());
      options.seed = *n;
    } else if (flag == "--out") {
      options.out_dir = value;
    } else if (flag == "--fault-every") {
      auto n = number<double>(flag, value);
      if (!n || *n <= 0) return std::unexpected(n ? "--fault-every must be positive" : n.error());
      options.fault_every = std::chrono::milliseconds{static_cast<std::int64_t>(*n * 1000)};
    } else if (flag == "--mid-flow-kill") {
      auto p = number<double>(flag, value);
      if (!p || *p < 0 || *p > 1) return std::unexpected(p ? "--mid-flow-kill must be between 0 and 1" : p.error());
      options.mid_flow_kill = *p;
    } else {
      return std::unexpected("unknown option " + std::string(flag) + "; " + usage);
    }
  }
  return options;
}

}  // namespace pickupbox::soak
