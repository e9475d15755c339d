#include "relay/hid_relay.hpp"

#include <gtest/gtest.h>

namespace pickupbox::relay {
namespace {

using Report = std::array<std::uint8_t, hid_relay_report_size>;

TEST(RelayCount, ComesFromTheProductString) {
  EXPECT_EQ(relay_count_from_product("USBRelay1").value(), 1);
  EXPECT_EQ(relay_count_from_product("USBRelay2").value(), 2);
  EXPECT_EQ(relay_count_from_product("USBRelay4").value(), 4);
  EXPECT_EQ(relay_count_from_product("USBRelay8").value(), 8);
}

TEST(RelayCount, AnythingElseIsAnErrorNamingTheString) {
  for (const char* product : {"", "USBRelay", "USBRelay0", "USBRelay9", "USBRelay16", "USBRelay2x", "usbrelay2",
                              "HIDRelay", "DigiSpark", " USBRelay2", "USBRelay-1"}) {
    auto count = relay_count_from_product(product);
    ASSERT_FALSE(count) << "accepted '" << product << "'";
    EXPECT_EQ(count.error().code, core::ErrorCode::invalid_argument);
    EXPECT_NE(count.error().message.find("'" + std::string(product) + "'"), std::string::npos)
        << count.error().message;
  }
}

TEST(RelayCommand, OnAndOffBytes) {
  EXPECT_EQ(relay_command(1, true), (Report{0xFF, 0x01, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(relay_command(2, false), (Report{0xFD, 0x02, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(relay_command(8, true), (Report{0xFF, 0x08, 0, 0, 0, 0, 0, 0}));
}

TEST(RelayRequests, FeatureReportSetupPackets) {
  EXPECT_EQ(hid_relay_set_report, (usb::ControlSetup{0x21, 0x09, 0x0300, 0x0000}));
  EXPECT_EQ(hid_relay_get_report, (usb::ControlSetup{0xA1, 0x01, 0x0300, 0x0000}));
}

TEST(RelayReport, SerialAndStates) {
  const Report report{'A', 'B', 'C', 'D', 'E', 0x00, 0x00, 0x05};
  auto parsed = parse_relay_report(report);
  EXPECT_EQ(parsed.serial, "ABCDE");
  EXPECT_EQ(parsed.states, 0x05);  // relays 1 and 3 on
}

TEST(RelayReport, SerialStopsAtNul) {
  const Report shorter{'Q', 'W', 0x00, 0x00, 0x00, 0x11, 0x22, 0x80};
  auto parsed = parse_relay_report(shorter);
  EXPECT_EQ(parsed.serial, "QW");
  EXPECT_EQ(parsed.states, 0x80);  // bytes 5 and 6 are not part of anything

  const Report blank{0, 0, 0, 0, 0, 0, 0, 0};
  EXPECT_EQ(parse_relay_report(blank), (RelayReport{"", 0}));
}

}  // namespace
}  // namespace pickupbox::relay
