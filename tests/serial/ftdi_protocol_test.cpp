#include "serial/ftdi_protocol.hpp"

#include <gtest/gtest.h>

namespace pickupbox::serial {
namespace {

using Bytes = std::vector<std::uint8_t>;

std::uint32_t divisor(int baud) {
  auto d = ftdi_baud_divisor(baud);
  EXPECT_TRUE(d) << baud << ": " << (d ? "" : d.error().message);
  return d ? *d : 0xFFFFFFFF;
}

// Worked by hand from ftdi_232bm_baud_base_to_divisor(baud, 48000000):
// divisor3 = DIV_ROUND_CLOSEST(48e6, 2 * baud) is the divisor in eighths; the integer part
// goes in bits 0-13 and the eighths through divfrac {0,3,2,4,1,5,6,7} into bits 14-16.
TEST(FtdiBaudDivisor, MatchesTheKernelForCommonRates) {
  EXPECT_EQ(divisor(1200), 0x09C4u);    // 20000/8 = 2500.000
  EXPECT_EQ(divisor(9600), 0x4138u);    // 2500/8 = 312 + 4/8 -> 1 << 14
  EXPECT_EQ(divisor(19200), 0x809Cu);   // 1250/8 = 156 + 2/8 -> 2 << 14
  EXPECT_EQ(divisor(38400), 0xC04Eu);   // 625/8 = 78 + 1/8 -> 3 << 14
  EXPECT_EQ(divisor(57600), 0xC034u);   // round(416.67) = 417 = 52 + 1/8, not the app note's 0x0034
  EXPECT_EQ(divisor(115200), 0x001Au);  // round(208.33) = 208 = 26 + 0/8
}

TEST(FtdiBaudDivisor, HighestRatesUseTheSpecialCodes) {
  EXPECT_EQ(divisor(3'000'000), 0x0000u);  // divisor 1.0 is sent as 0
  EXPECT_EQ(divisor(2'000'000), 0x0001u);  // divisor 1.5 (0x4001) is sent as 1
  EXPECT_EQ(divisor(921'600), 0x8003u);    // 26/8 = 3 + 2/8
}

TEST(FtdiBaudDivisor, SlowestRateCarriesIntoBit16) {
  // 184 baud: divisor3 = 130435 = 16304 + 3/8; eighth 3 encodes as 4 -> bit 16 (wIndex).
  EXPECT_EQ(divisor(184), 0x13FB0u);
}

TEST(FtdiBaudDivisor, RejectsImpossibleRates) {
  for (int baud : {0, -9600, 1, 183, 3'000'001, 12'000'000}) {
    auto d = ftdi_baud_divisor(baud);
    ASSERT_FALSE(d) << baud << " gave " << *d;
    EXPECT_EQ(d.error().code, core::ErrorCode::invalid_argument);
    EXPECT_NE(d.error().message.find(std::to_string(baud)), std::string::npos) << d.error().message;
  }
}

TEST(FtdiDataValue, EncodesBitsParityAndStopBits) {
  EXPECT_EQ(ftdi_data_value(LineSettings{19200, 8, Parity::none, 1}).value(), 0x0008);
  EXPECT_EQ(ftdi_data_value(LineSettings{19200, 7, Parity::even, 1}).value(), 0x0207);
  EXPECT_EQ(ftdi_data_value(LineSettings{19200, 8, Parity::odd, 2}).value(), 0x1108);
  EXPECT_EQ(ftdi_data_value(LineSettings{19200, 8, Parity::mark, 1}).value(), 0x0308);
  EXPECT_EQ(ftdi_data_value(LineSettings{19200, 8, Parity::space, 1}).value(), 0x0408);
}

TEST(FtdiDataValue, RejectsDataBitsTheChipLacks) {
  auto six = ftdi_data_value(LineSettings{19200, 6, Parity::none, 1});
  ASSERT_FALSE(six);
  EXPECT_NE(six.error().message.find("6 data bits"), std::string::npos) << six.error().message;
}

TEST(FtdiOpenRequests, ExactSequenceFor19200_8N1) {
  auto requests = ftdi_open_requests(LineSettings{}, 1);
  ASSERT_TRUE(requests) << requests.error().message;
  const std::vector<usb::ControlSetup> expected{
      {0x40, 0x09, 0x0001, 0x0000},  // SET_LATENCY_TIMER 1 ms
      {0x40, 0x00, 0x0000, 0x0000},  // RESET SIO
      {0x40, 0x04, 0x0008, 0x0000},  // SET_DATA 8N1
      {0x40, 0x03, 0x809C, 0x0000},  // SET_BAUD_RATE 19200
      {0x40, 0x02, 0x0000, 0x0000},  // SET_FLOW_CTRL off
      {0x40, 0x01, 0x0303, 0x0000},  // MODEM_CTRL DTR and RTS high
  };
  EXPECT_EQ(*requests, expected);
}

TEST(FtdiOpenRequests, SplitsTheDivisorOverValueAndIndex) {
  auto requests = ftdi_open_requests(LineSettings{184, 8, Parity::none, 1}, 16);
  ASSERT_TRUE(requests) << requests.error().message;
  EXPECT_EQ((*requests)[0].value, 16);
  EXPECT_EQ((*requests)[3], (usb::ControlSetup{0x40, 0x03, 0x3FB0, 0x0001}));
}

TEST(FtdiOpenRequests, RejectsBadLatencyAndRates) {
  EXPECT_FALSE(ftdi_open_requests(LineSettings{}, 0));
  EXPECT_FALSE(ftdi_open_requests(LineSettings{}, 256));
  EXPECT_FALSE(ftdi_open_requests(LineSettings{100, 8, Parity::none, 1}, 1));
  EXPECT_FALSE(ftdi_open_requests(LineSettings{9600, 5, Parity::none, 1}, 1));
}

TEST(FtdiSplitter, StripsStatusFromEveryPacket) {
  // Two full 4-byte packets and a short final one, with max packet 4.
  const Bytes transfer{0x01, 0x60, 'a', 'b', 0x01, 0x60, 'c', 'd', 0x11, 0x62, 'e'};
  auto split = split_ftdi_transfer(transfer, 4);
  EXPECT_EQ(split.payload, (Bytes{'a', 'b', 'c', 'd', 'e'}));
  EXPECT_TRUE(split.saw_status);
  EXPECT_EQ(split.modem_status, 0x11);
  EXPECT_EQ(split.line_status, 0x62);
  EXPECT_EQ(split.errors.overrun, 1u);
  EXPECT_EQ(split.malformed_packets, 0u);
}

TEST(FtdiSplitter, FullSizePacketsOf64) {
  Bytes transfer;
  Bytes expected;
  for (int packet = 0; packet < 3; ++packet) {
    transfer.push_back(0x01);
    transfer.push_back(0x60);
    for (int i = 0; i < 62; ++i) {
      transfer.push_back(static_cast<std::uint8_t>(packet * 62 + i));
      expected.push_back(static_cast<std::uint8_t>(packet * 62 + i));
    }
  }
  EXPECT_EQ(split_ftdi_transfer(transfer).payload, expected);
  // Max packet 0 means the chip's 64, as ftdi_set_max_packet_size does.
  EXPECT_EQ(split_ftdi_transfer(transfer, 0).payload, expected);
}

TEST(FtdiSplitter, TinyTransfersNeverReadOutOfBounds) {
  auto empty = split_ftdi_transfer({}, 64);
  EXPECT_TRUE(empty.payload.empty());
  EXPECT_FALSE(empty.saw_status);

  const Bytes one{0x01};
  auto malformed = split_ftdi_transfer(one, 64);
  EXPECT_TRUE(malformed.payload.empty());
  EXPECT_EQ(malformed.malformed_packets, 1u);
  EXPECT_FALSE(malformed.saw_status);

  const Bytes status_only{0x01, 0x60};
  auto status = split_ftdi_transfer(status_only, 64);
  EXPECT_TRUE(status.payload.empty());
  EXPECT_TRUE(status.saw_status);
  EXPECT_EQ(status.line_status, 0x60);

  // Packet size 1 or 2: every packet is too short to carry data.
  const Bytes some{0x01, 0x60, 'x', 'y', 'z'};
  EXPECT_TRUE(split_ftdi_transfer(some, 1).payload.empty());
  EXPECT_EQ(split_ftdi_transfer(some, 1).malformed_packets, 5u);
  EXPECT_TRUE(split_ftdi_transfer(some, 2).payload.empty());
  EXPECT_EQ(split_ftdi_transfer(some, 2).malformed_packets, 1u);  // the trailing 'z'
}

TEST(FtdiSplitter, FinalPacketOfOneByteIsDropped) {
  const Bytes transfer{0x01, 0x60, 'a', 'b', 0x01};
  auto split = split_ftdi_transfer(transfer, 4);
  EXPECT_EQ(split.payload, (Bytes{'a', 'b'}));
  EXPECT_EQ(split.malformed_packets, 1u);
}

TEST(FtdiSplitter, CountsLineErrorsOnlyWithData) {
  // Status-only packets repeat the last status: their error bits are not counted again.
  const Bytes status_only{0x01, 0x0E};
  EXPECT_EQ(split_ftdi_transfer(status_only, 64).errors, FtdiLineErrors{});

  auto parity = split_ftdi_transfer(Bytes{0x01, 0x04 | 0x08, 'p'}, 64);
  EXPECT_EQ(parity.errors, (FtdiLineErrors{0, 1, 0, 0}));  // parity wins over framing

  auto framing = split_ftdi_transfer(Bytes{0x01, 0x08, 'f'}, 64);
  EXPECT_EQ(framing.errors, (FtdiLineErrors{0, 0, 1, 0}));

  auto overrun = split_ftdi_transfer(Bytes{0x01, 0x02, 'o'}, 64);
  EXPECT_EQ(overrun.errors, (FtdiLineErrors{1, 0, 0, 0}));

  auto brk = split_ftdi_transfer(Bytes{0x01, 0x10 | 0x08, 0x00}, 64);
  EXPECT_EQ(brk.errors, (FtdiLineErrors{0, 0, 1, 1}));
  auto no_break_without_nul = split_ftdi_transfer(Bytes{0x01, 0x10, 'x'}, 64);
  EXPECT_EQ(no_break_without_nul.errors.breaks, 0u);
}

TEST(FtdiPacketSplitter, AccumulatesOverTransfers) {
  FtdiPacketSplitter splitter(4);
  Bytes payload;
  EXPECT_EQ(splitter.split(Bytes{0x01, 0x60}, payload), 0u);
  EXPECT_EQ(splitter.split(Bytes{0x01, 0x64, 'a', 'b', 0x01, 0x68, 'c'}, payload), 3u);
  EXPECT_EQ(splitter.split(Bytes{0x01}, payload), 0u);
  EXPECT_EQ(payload, (Bytes{'a', 'b', 'c'}));
  EXPECT_EQ(splitter.errors(), (FtdiLineErrors{0, 1, 1, 0}));
  EXPECT_EQ(splitter.last_line_status(), 0x68);  // the malformed packet does not overwrite it
  EXPECT_EQ(splitter.malformed_packets(), 1u);
}

}  // namespace
}  // namespace pickupbox::serial
