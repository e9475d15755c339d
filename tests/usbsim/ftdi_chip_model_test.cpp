// The FT232R model driven through raw libusb the way Linux ftdi_sio drives the chip:
// exact request encodings, line settings decoded back, status bytes in every IN packet,
// the latency timer, and the Kerong bytes reaching the simulated boards.
#include <array>

#include "kerong/frame.hpp"
#include "kerong/frame_decoder.hpp"
#include "usb_bus_fixture.hpp"
#include "usbsim/ftdi_chip_model.hpp"

namespace pickupbox::usbsim::testing {
namespace {

using namespace std::chrono_literals;
// gtest's Test::Setup (a misspelling trap) hides usbsim::Setup inside TEST_F bodies.
using ControlSetup = pickupbox::usbsim::Setup;

constexpr std::uint8_t out_type = 0x40;
constexpr std::uint8_t in_type = 0xC0;
const std::vector<std::uint8_t> status_request{0x02, 0x00, 0x30, 0x03, 0x35};  // board 0

// ftdi_232bm_baud_base_to_divisor(baud, 48000000) from Linux ftdi_sio.c: what the driver
// sends, so the model must decode it back to `baud`.
std::uint32_t kernel_divisor(int baud) {
  static constexpr std::array<std::uint32_t, 8> divfrac{0, 3, 2, 4, 1, 5, 6, 7};
  const int divisor3 = (48'000'000 + baud) / (2 * baud);  // DIV_ROUND_CLOSEST(base, 2 * baud)
  std::uint32_t divisor = static_cast<std::uint32_t>(divisor3) >> 3;
  divisor |= divfrac[static_cast<std::size_t>(divisor3 & 0x7)] << 14;
  if (divisor == 1) return 0;
  if (divisor == 0x4001) return 1;
  return divisor;
}

class FtdiTest : public UsbBusTest {
 protected:
  void SetUp() override {
    UsbBusTest::SetUp();
    if (HasFatalFailure()) return;
    id_ = bed().add(chip_, {1, {1, 4}});
    handle_ = open(FtdiChipModel::vendor_id, FtdiChipModel::product_id);
    ASSERT_NE(handle_, nullptr);
  }

  std::shared_ptr<FtdiChipModel> chip_ = std::make_shared<FtdiChipModel>(bank_.transport());
  DeviceId id_{};
  libusb_device_handle* handle_ = nullptr;
};

TEST_F(FtdiTest, OpenSequenceOfFtdiSioSets19200_8N1WithoutFlowControl) {
  const std::vector<ControlSetup> sequence{
      {in_type, 0x0A, 0x0000, 0x0000, 1},   // probe: read latency timer
      {out_type, 0x09, 0x0010, 0x0000, 0},  // probe: write it back (16 ms)
      {in_type, 0x90, 0x0000, 0x000A, 2},   // probe: CBUS configuration from EEPROM
      {out_type, 0x00, 0x0000, 0x0000, 0},  // open: reset SIO
      {out_type, 0x04, 0x0008, 0x0000, 0},  // termios: 8 data bits, no parity, 1 stop bit
      {out_type, 0x03, 0x809C, 0x0000, 0},  // termios: 19200 baud
      {out_type, 0x02, 0x0000, 0x0000, 0},  // termios: no flow control
      {out_type, 0x01, 0x0303, 0x0000, 0},  // dtr_rts(1): DTR and RTS high
  };
  for (const auto& setup : sequence) {
    std::array<std::uint8_t, 8> data{};
    const int result = libusb_control_transfer(handle_, setup.request_type, setup.request, setup.value, setup.index,
                                               data.data(), setup.length, 1000);
    EXPECT_EQ(result, setup.length) << describe(setup);
  }
  EXPECT_EQ(chip_->requests(), sequence);
  EXPECT_TRUE(chip_->violations().empty()) << ::testing::PrintToString(chip_->violations());
  const LineState line = chip_->line();
  EXPECT_EQ(line.baud, 19200) << line.describe();
  EXPECT_EQ(line.data_bits, 8);
  EXPECT_EQ(line.parity, Parity::none);
  EXPECT_EQ(line.stop_bits, StopBits::one);
  EXPECT_TRUE(line.flow_control_off);
  EXPECT_TRUE(line.dtr);
  EXPECT_TRUE(line.rts);
  EXPECT_EQ(line.latency_ms, 16);
  EXPECT_EQ(line.reset_count, 1);
}

TEST_F(FtdiTest, ReadRequestsAnswerLikeTheChip) {
  EXPECT_EQ(control_in(handle_, in_type, 0x05, 0, 0, 2).data, (std::vector<std::uint8_t>{0x01, 0x60}));
  EXPECT_EQ(control_in(handle_, in_type, 0x0A, 0, 0, 1).data, (std::vector<std::uint8_t>{16}));
  EXPECT_EQ(control_in(handle_, in_type, 0x90, 0, 0x0A, 2).data, (std::vector<std::uint8_t>{0x23, 0x10}));
  EXPECT_TRUE(chip_->violations().empty()) << ::testing::PrintToString(chip_->violations());
}

TEST_F(FtdiTest, BaudDivisorsOfFtdiSioDecodeToTheirRates) {
  for (const int baud : {300, 1200, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600, 2000000, 3000000}) {
    const auto divisor = kernel_divisor(baud);
    ASSERT_EQ(control_out(handle_, out_type, 0x03, static_cast<std::uint16_t>(divisor & 0xFFFF),
                          static_cast<std::uint16_t>(divisor >> 16)),
              0)
        << baud;
    EXPECT_TRUE(chip_->line().runs_at(baud)) << baud << " decoded as " << chip_->line().baud;
  }
  EXPECT_TRUE(chip_->violations().empty()) << ::testing::PrintToString(chip_->violations());
}

TEST_F(FtdiTest, DataFormatParityStopBitsAndBreakAreDecoded) {
  ASSERT_EQ(control_out(handle_, out_type, 0x04, 0x1207, 0), 0);  // 7 data bits, even parity, 2 stop bits
  EXPECT_EQ(chip_->line().data_bits, 7);
  EXPECT_EQ(chip_->line().parity, Parity::even);
  EXPECT_EQ(chip_->line().stop_bits, StopBits::two);
  ASSERT_EQ(control_out(handle_, out_type, 0x04, 0x4008, 0), 0);  // break on
  EXPECT_TRUE(chip_->line().break_on);
  ASSERT_EQ(control_out(handle_, out_type, 0x01, 0x0100, 0), 0);  // DTR low only
  EXPECT_FALSE(chip_->line().dtr);
  ASSERT_EQ(control_out(handle_, out_type, 0x02, 0x0000, 0x0100), 0);  // RTS/CTS
  EXPECT_FALSE(chip_->line().flow_control_off);
}

TEST_F(FtdiTest, RequestFtdiSioNeverSendsStallsAndIsRecorded) {
  EXPECT_EQ(control_out(handle_, out_type, 0x0B, 0x0100, 0), LIBUSB_ERROR_PIPE);  // SET_BITMODE
  EXPECT_EQ(control_out(handle_, out_type, 0x04, 0x0006, 0), LIBUSB_ERROR_PIPE);  // 6 data bits
  EXPECT_EQ(control_out(handle_, out_type, 0x03, 0x809C, 0x0001 << 8), LIBUSB_ERROR_PIPE);
  EXPECT_EQ(control_out(handle_, in_type & 0x7F, 0x0A, 0, 0), LIBUSB_ERROR_PIPE);  // read sent as OUT
  const auto violations = chip_->violations();
  ASSERT_EQ(violations.size(), 4u) << ::testing::PrintToString(violations);
  EXPECT_NE(violations[0].find("0x0B"), std::string::npos) << violations[0];
  EXPECT_EQ(chip_->requests().size(), 4u);
  EXPECT_EQ(chip_->line().baud, 9600);  // nothing was applied
}

TEST_F(FtdiTest, StatusRequestReachesTheBoardAndTheReplyFollowsTheStatusBytes) {
  ASSERT_EQ(bulk_write(handle_, FtdiChipModel::out_endpoint, status_request), 5);
  EXPECT_EQ(bank_.bus().written(), status_request);

  const auto reply = bulk_read(handle_, FtdiChipModel::in_endpoint, 64);
  ASSERT_EQ(reply.result, 0);
  ASSERT_GE(reply.data.size(), 2u);
  EXPECT_EQ(reply.data[0], 0x01);
  EXPECT_EQ(reply.data[1], 0x60);
  kerong::FrameDecoder decoder;
  const auto decoded = decoder.feed(std::span(reply.data).subspan(2));
  EXPECT_TRUE(decoded.errors.empty());
  ASSERT_EQ(decoded.frames.size(), 1u);
  EXPECT_EQ(decoded.frames[0].command, kerong::Command::status_reply);
  EXPECT_EQ(decoded.frames[0].board(), 0);
  EXPECT_EQ(reply.data.size(), 2 + kerong::encode(decoded.frames[0]).size());
}

TEST_F(FtdiTest, IdleInReturnsOnlyStatusBytesWhenTheLatencyTimerRunsOut) {
  auto started = std::chrono::steady_clock::now();
  auto reply = bulk_read(handle_, FtdiChipModel::in_endpoint, 64);
  auto waited = std::chrono::steady_clock::now() - started;
  ASSERT_EQ(reply.result, 0);
  EXPECT_EQ(reply.data, (std::vector<std::uint8_t>{0x01, 0x60}));
  EXPECT_GE(waited, 15ms);
  EXPECT_LT(waited, 500ms);

  ASSERT_EQ(control_out(handle_, out_type, 0x09, 60, 0), 0);
  started = std::chrono::steady_clock::now();
  reply = bulk_read(handle_, FtdiChipModel::in_endpoint, 64);
  waited = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(reply.data, (std::vector<std::uint8_t>{0x01, 0x60}));
  EXPECT_GE(waited, 59ms);
}

TEST_F(FtdiTest, LongInputIsSplitInto64BytePacketsEachWithStatusBytes) {
  std::vector<std::uint8_t> noise(100);
  for (std::size_t i = 0; i < noise.size(); ++i) noise[i] = static_cast<std::uint8_t>(0x80 + i);
  chip_->inject_rx(noise);
  const auto reply = bulk_read(handle_, FtdiChipModel::in_endpoint, 512);
  ASSERT_EQ(reply.data.size(), 104u);
  EXPECT_EQ(reply.data[0], 0x01);
  EXPECT_EQ(reply.data[64], 0x01);
  EXPECT_EQ(reply.data[65], 0x60);
  std::vector<std::uint8_t> payload(reply.data.begin() + 2, reply.data.begin() + 64);
  payload.insert(payload.end(), reply.data.begin() + 66, reply.data.end());
  EXPECT_EQ(payload, noise);
}

TEST_F(FtdiTest, SilentBusLosesTheReply) {
  chip_->set_silent(true);
  ASSERT_EQ(bulk_write(handle_, FtdiChipModel::out_endpoint, status_request), 5);
  EXPECT_EQ(bank_.bus().requests().size(), 1u);
  EXPECT_EQ(bulk_read(handle_, FtdiChipModel::in_endpoint, 64).data, (std::vector<std::uint8_t>{0x01, 0x60}));
}

TEST_F(FtdiTest, ReplugForgetsTheLineSettings) {
  ASSERT_EQ(control_out(handle_, out_type, 0x03, 0x809C, 0), 0);
  ASSERT_EQ(chip_->line().baud, 19200);
  bed().unplug(id_);
  bed().replug(id_);
  EXPECT_EQ(chip_->line().baud, 9600);
  EXPECT_EQ(chip_->line().latency_ms, 16);
}

}  // namespace
}  // namespace pickupbox::usbsim::testing
