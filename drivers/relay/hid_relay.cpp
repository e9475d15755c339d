#include "relay/hid_relay.hpp"

#include <algorithm>
#include <charconv>

namespace pickupbox::relay {
namespace {

// hidapi and the usbrelay tool allow 1-5 s for a feature report; the firmware answers at once.
constexpr std::chrono::milliseconds control_timeout{1000};

std::unexpected<core::Error> not_a_relay(std::string_view product, const std::string& why) {
  return core::fail(core::ErrorCode::invalid_argument,
                    "USB device with product string '" + std::string(product) + "' is not a HID relay board (" + why +
                        "); expected USBRelay1..USBRelay8: check the configured USB id and port");
}

}  // namespace

core::Result<int> relay_count_from_product(std::string_view product) {
  if (!product.starts_with(hid_relay_product_prefix)) return not_a_relay(product, "no USBRelay prefix");
  const auto digits = product.substr(hid_relay_product_prefix.size());
  int count = 0;
  const auto* end = digits.data() + digits.size();
  const auto [ptr, ec] = std::from_chars(digits.data(), end, count);
  if (digits.empty() || ec != std::errc{} || ptr != end) return not_a_relay(product, "no relay count after USBRelay");
  if (count < 1 || count > hid_relay_max_relays) return not_a_relay(product, "relay count must be 1-8");
  return count;
}

std::array<std::uint8_t, hid_relay_report_size> relay_command(int relay, bool on) {
  return {on ? hid_relay_command_on : hid_relay_command_off, static_cast<std::uint8_t>(relay), 0, 0, 0, 0, 0, 0};
}

RelayReport parse_relay_report(std::span<const std::uint8_t, hid_relay_report_size> report) {
  const auto serial_bytes = report.first<hid_relay_serial_length>();
  const auto end = std::find(serial_bytes.begin(), serial_bytes.end(), std::uint8_t{0});
  return RelayReport{std::string(serial_bytes.begin(), end), report[hid_relay_state_byte]};
}

core::Result<HidRelayBoard> HidRelayBoard::open(usb::Context& context, const usb::DeviceMatch& match) {
  usb::DeviceMatch with_id = match;
  if (!with_id.id) with_id.id = hid_relay_id;
  auto handle = context.open(with_id, hid_relay_interface);
  if (!handle) return std::unexpected(handle.error());
  auto relays = relay_count_from_product(handle->info().product);
  if (!relays) {
    return core::fail(relays.error().code, handle->info().describe() + ": " + relays.error().message);
  }
  return HidRelayBoard(std::move(*handle), *relays);
}

core::Result<void> HidRelayBoard::set(int relay, bool on) {
  if (relay < 1 || relay > relays_) {
    return core::fail(core::ErrorCode::invalid_argument,
                      "relay " + std::to_string(relay) + " does not exist on the " + std::to_string(relays_) +
                          "-relay board " + device().describe() + "; use 1.." + std::to_string(relays_));
  }
  auto command = relay_command(relay, on);
  auto sent = handle_.control(hid_relay_set_report, command, control_timeout);
  if (!sent) return std::unexpected(sent.error());
  if (*sent != command.size()) {
    return core::fail(core::ErrorCode::hardware, "relay board " + device().describe() + " took " +
                                                     std::to_string(*sent) + " of 8 bytes of the command for relay " +
                                                     std::to_string(relay) + "; replug the board");
  }
  return {};
}

core::Result<RelayReport> HidRelayBoard::report() {
  std::array<std::uint8_t, hid_relay_report_size> buffer{};
  auto got = handle_.control(hid_relay_get_report, buffer, control_timeout);
  if (!got) return std::unexpected(got.error());
  if (*got != buffer.size()) {
    return core::fail(core::ErrorCode::hardware, "relay board " + device().describe() + " answered its state with " +
                                                     std::to_string(*got) + " bytes instead of 8; replug the board");
  }
  return parse_relay_report(buffer);
}

core::Result<std::uint8_t> HidRelayBoard::states() {
  auto got = report();
  if (!got) return std::unexpected(got.error());
  return got->states;
}

}  // namespace pickupbox::relay
