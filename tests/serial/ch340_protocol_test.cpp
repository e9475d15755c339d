#include "serial/ch340_protocol.hpp"

#include <gtest/gtest.h>

namespace pickupbox::serial {
namespace {

std::uint16_t divisor(int baud, bool limited = false) {
  auto d = ch341_divisor(baud, limited);
  EXPECT_TRUE(d) << baud << ": " << (d ? "" : d.error().message);
  return d ? *d : 0xFFFF;
}

// ch341_get_divisor: baud = 48 MHz / (2^(12 - 3 ps - fact) * div); the word is
// (0x100 - div) << 8 | fact << 2 | ps. Worked by hand for the rates we use:
//   9600:   ps 2 (9600 > 2929, the slowest ps-2 rate), clk_div 2^5 = 32,
//           div = 48e6 / (32 * 9600) = 156; 156 is nearer than 157; even, so halve to
//           fact 0, div 78: (0x100 - 78) = 0xB2 -> 0xB202 (9615 baud, +0.16 %).
//   19200:  ps 2, div = 48e6 / (32 * 19200) = 78 -> fact 0, div 39 -> 0xD902.
//   115200: ps 3 (> 23437), clk_div 4, div = 104 -> fact 0, div 52 -> 0xCC03.
// These are also the register bytes older drivers hard-coded (B2/02, D9/02, CC/03).
// On chips above version 0x27, ch341_set_baudrate_lcr ORs in bit 7 (no buffering):
// 19200 is then sent as 0xD982.
TEST(Ch341Divisor, MatchesTheKernelForCommonRates) {
  EXPECT_EQ(divisor(1200), 0xB201);
  EXPECT_EQ(divisor(9600), 0xB202);
  EXPECT_EQ(divisor(19200), 0xD902);
  EXPECT_EQ(divisor(38400), 0x6403);
  EXPECT_EQ(divisor(57600), 0x9803);
  EXPECT_EQ(divisor(115200), 0xCC03);
}

TEST(Ch341Divisor, EndsOfTheRange) {
  EXPECT_EQ(divisor(46), 0x0100);          // ps 0, fact 0, div 254 rounded up to 255
  EXPECT_EQ(divisor(3'000'000), 0xFE03);   // ps 3, div 2
  EXPECT_EQ(divisor(921'600), 0xF307);     // odd divisor 13 keeps fact 1
}

TEST(Ch341Divisor, LimitedPrescalerForcesTheLowerBaseClock) {
  // 20000 baud: ps 2, fact 1, div 75 (odd, so fact stays 1) -> 0xB506. With the
  // quirk, fact 0 is forced: div 37 rounds to 38 -> 0xDA02.
  EXPECT_EQ(divisor(20000, false), 0xB506);
  EXPECT_EQ(divisor(20000, true), 0xDA02);
  // ps 3 is not affected by the quirk.
  EXPECT_EQ(divisor(921'600, true), 0xF307);
  // Common rates already use fact 0, so the quirk changes nothing there.
  EXPECT_EQ(divisor(19200, true), 0xD902);
}

TEST(Ch341Divisor, RejectsRatesTheKernelWouldClamp) {
  for (int baud : {0, -1, 45, 3'000'001}) {
    auto d = ch341_divisor(baud, false);
    ASSERT_FALSE(d) << baud;
    EXPECT_EQ(d.error().code, core::ErrorCode::invalid_argument);
    EXPECT_NE(d.error().message.find(std::to_string(baud)), std::string::npos) << d.error().message;
  }
}

TEST(Ch341Lcr, EncodesTheLineFormat) {
  EXPECT_EQ(ch341_lcr(LineSettings{19200, 8, Parity::none, 1}), 0xC3);  // RX | TX | CS8
  EXPECT_EQ(ch341_lcr(LineSettings{19200, 7, Parity::even, 1}), 0xDA);  // RX | TX | EVEN | PAR | CS7
  EXPECT_EQ(ch341_lcr(LineSettings{19200, 8, Parity::odd, 2}), 0xCF);   // RX | TX | PAR | STOP2 | CS8
  EXPECT_EQ(ch341_lcr(LineSettings{19200, 8, Parity::mark, 1}), 0xEB);  // + MARK_SPACE, PARODD
  EXPECT_EQ(ch341_lcr(LineSettings{19200, 8, Parity::space, 1}), 0xFB); // + MARK_SPACE | EVEN
  EXPECT_EQ(ch341_lcr(LineSettings{19200, 5, Parity::none, 1}), 0xC0);  // CS5
}

TEST(Ch341ModemControl, SendsTheComplementOfTheOutputs) {
  EXPECT_EQ(ch341_modem_control_value(true, true), 0xFF9F);  // ~(0x20 | 0x40)
  EXPECT_EQ(ch341_modem_control_value(false, false), 0xFFFF);
  EXPECT_EQ(ch341_modem_control_value(true, false), 0xFFDF);
}

TEST(Ch341Requests, ProbeRequests) {
  EXPECT_EQ(ch341_read_version_request(), (usb::ControlSetup{0xC0, 0x5F, 0, 0}));
  EXPECT_EQ(ch341_serial_init_request(), (usb::ControlSetup{0x40, 0xA1, 0, 0}));
  EXPECT_EQ(ch341_read_break_request(), (usb::ControlSetup{0xC0, 0x95, 0x0005, 0}));
}

TEST(Ch341Requests, LineRequestsForANewChip) {
  auto requests = ch341_line_requests(0x31, false, LineSettings{});
  ASSERT_TRUE(requests) << requests.error().message;
  const std::vector<usb::ControlSetup> expected{
      {0x40, 0x9A, 0x1312, 0xD982},  // divisor | prescaler, no-buffering bit set
      {0x40, 0x9A, 0x2518, 0x00C3},  // LCR2 | LCR = 8N1
      {0x40, 0xA4, 0xFF9F, 0x0000},  // DTR and RTS raised
  };
  EXPECT_EQ(*requests, expected);
}

TEST(Ch341Requests, OldChipsGetNoLcrAndNoBufferingBit) {
  auto requests = ch341_line_requests(0x27, false, LineSettings{9600, 8, Parity::none, 1});
  ASSERT_TRUE(requests) << requests.error().message;
  const std::vector<usb::ControlSetup> expected{
      {0x40, 0x9A, 0x1312, 0xB202},
      {0x40, 0xA4, 0xFF9F, 0x0000},
  };
  EXPECT_EQ(*requests, expected);
  // Version 0x28 .. 0x2F: bit 7, but still no LCR write.
  auto mid = ch341_line_requests(0x2F, false, LineSettings{9600, 8, Parity::none, 1});
  ASSERT_TRUE(mid);
  ASSERT_EQ(mid->size(), 2u);
  EXPECT_EQ((*mid)[0].index, 0xB282);
}

TEST(Ch341Requests, RejectsBadSettings) {
  EXPECT_FALSE(ch341_line_requests(0x31, false, LineSettings{9600, 9, Parity::none, 1}));
  EXPECT_FALSE(ch341_line_requests(0x31, false, LineSettings{40, 8, Parity::none, 1}));
}

}  // namespace
}  // namespace pickupbox::serial
