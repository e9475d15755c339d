// The CH340 model driven through raw libusb the way Linux ch341 drives the chip: version,
// serial init, divisor and LCR registers, the break-register quirk probe, modem control,
// and plain payload bytes (no status bytes) on bulk IN.
#include <array>

#include "kerong/frame_decoder.hpp"
#include "usb_bus_fixture.hpp"
#include "usbsim/ch340_chip_model.hpp"

namespace pickupbox::usbsim::testing {
namespace {

using namespace std::chrono_literals;
// gtest's Test::Setup (a misspelling trap) hides usbsim::Setup inside TEST_F bodies.
using ControlSetup = pickupbox::usbsim::Setup;

constexpr std::uint8_t out_type = 0x40;
constexpr std::uint8_t in_type = 0xC0;
const std::vector<std::uint8_t> status_request{0x02, 0x00, 0x30, 0x03, 0x35};

// ch341_get_divisor() from Linux ch341.c (no LIMITED_PRESCALER quirk), with bit 7 for
// chips newer than 0x27 as ch341_set_baudrate_lcr() adds it.
std::uint16_t kernel_divisor(unsigned speed, std::uint8_t version) {
  constexpr unsigned clock = 48'000'000;
  auto clk_div = [](int ps, unsigned fact) { return 1u << (12 - 3 * ps - static_cast<int>(fact)); };
  unsigned fact = 1;
  int ps = 3;
  for (; ps >= 0; --ps) {
    if (speed > clock / (clk_div(ps, 1) * 512)) break;
  }
  unsigned divider = clk_div(ps, fact);
  unsigned div = clock / (divider * speed);
  if (div < 9 || div > 255) {
    div /= 2;
    divider *= 2;
    fact = 0;
  }
  if (16 * clock / (divider * div) - 16 * speed >= 16 * speed - 16 * clock / (divider * (div + 1))) ++div;
  if (fact == 1 && div % 2 == 0) {
    div /= 2;
    fact = 0;
  }
  unsigned value = (0x100 - div) << 8 | fact << 2 | static_cast<unsigned>(ps);
  if (version > 0x27) value |= 0x80;
  return static_cast<std::uint16_t>(value);
}

class Ch340Test : public UsbBusTest {
 protected:
  void plug(Ch340Options options = {}) {
    chip_ = std::make_shared<Ch340ChipModel>(bank_.transport(), options);
    id_ = bed().add(chip_, {1, {2}});
    handle_ = open(Ch340ChipModel::vendor_id, Ch340ChipModel::product_id);
    ASSERT_NE(handle_, nullptr);
  }

  std::shared_ptr<Ch340ChipModel> chip_;
  DeviceId id_{};
  libusb_device_handle* handle_ = nullptr;
};

TEST_F(Ch340Test, ProbeAndOpenSequenceOfCh341Sets19200_8N1) {
  plug();
  EXPECT_EQ(control_in(handle_, in_type, 0x5F, 0, 0, 2).data, (std::vector<std::uint8_t>{0x31, 0x00}));
  const std::vector<ControlSetup> configure{
      {out_type, 0xA1, 0x0000, 0x0000, 0},  // serial init
      {out_type, 0x9A, 0x1312, 0xB282, 0},  // 9600 baud, the driver's default
      {out_type, 0x9A, 0x2518, 0x00C3, 0},  // 8N1, receiver and transmitter on
      {out_type, 0xA4, 0xFFFF, 0x0000, 0},  // handshake: DTR and RTS off
      {out_type, 0x9A, 0x1312, 0xD982, 0},  // open: 19200 baud
      {out_type, 0x9A, 0x2518, 0x00C3, 0},
      {out_type, 0xA4, 0xFF9F, 0x0000, 0},  // dtr_rts(1)
  };
  for (const auto& setup : configure) {
    EXPECT_EQ(control_out(handle_, setup.request_type, setup.request, setup.value, setup.index), 0) << describe(setup);
  }
  EXPECT_EQ(control_in(handle_, in_type, 0x95, 0x0005, 0, 2).result, 2);  // quirk probe: break supported
  EXPECT_EQ(control_in(handle_, in_type, 0x95, 0x0706, 0, 2).data, (std::vector<std::uint8_t>{0xFF, 0xEE}));

  EXPECT_TRUE(chip_->violations().empty()) << ::testing::PrintToString(chip_->violations());
  EXPECT_EQ(chip_->requests().size(), configure.size() + 3);
  const LineState line = chip_->line();
  EXPECT_TRUE(line.runs_at(19200)) << line.describe();
  EXPECT_EQ(line.baud, 19231);  // 48 MHz / (64 * 39): the CH340 cannot hit 19200 exactly
  EXPECT_EQ(line.data_bits, 8);
  EXPECT_EQ(line.parity, Parity::none);
  EXPECT_EQ(line.stop_bits, StopBits::one);
  EXPECT_TRUE(line.dtr);
  EXPECT_TRUE(line.rts);
  EXPECT_EQ(line.reset_count, 1);
  EXPECT_EQ(chip_->register_value(0x12), 0x82);
  EXPECT_EQ(chip_->register_value(0x13), 0xD9);
}

TEST_F(Ch340Test, DivisorsOfCh341DecodeToTheirRates) {
  plug();
  for (const unsigned baud : {1200u, 2400u, 4800u, 9600u, 19200u, 38400u, 57600u, 115200u, 230400u, 460800u, 921600u}) {
    ASSERT_EQ(control_out(handle_, out_type, 0x9A, 0x1312, kernel_divisor(baud, 0x31)), 0) << baud;
    EXPECT_TRUE(chip_->line().runs_at(static_cast<int>(baud))) << baud << " decoded as " << chip_->line().baud;
  }
  EXPECT_TRUE(chip_->violations().empty()) << ::testing::PrintToString(chip_->violations());
}

TEST_F(Ch340Test, LineControlRegisterIsDecoded) {
  plug();
  ASSERT_EQ(control_out(handle_, out_type, 0x9A, 0x2518, 0x00DE), 0);  // 7 data bits, even parity, 2 stop bits
  EXPECT_EQ(chip_->line().data_bits, 7);
  EXPECT_EQ(chip_->line().parity, Parity::even);
  EXPECT_EQ(chip_->line().stop_bits, StopBits::two);
  ASSERT_EQ(control_out(handle_, out_type, 0x9A, 0x1805, 0x9E00), 0);  // break on: NBREAK and TX cleared
  EXPECT_TRUE(chip_->line().break_on);
}

TEST_F(Ch340Test, ChipWithoutBreakSupportStallsTheQuirkProbe) {
  Ch340Options options;
  options.break_supported = false;
  plug(options);
  EXPECT_EQ(control_in(handle_, in_type, 0x95, 0x0005, 0, 2).result, LIBUSB_ERROR_PIPE);
  EXPECT_TRUE(chip_->violations().empty()) << "the probe is what ch341 sends; stalling it is the chip's answer";
  EXPECT_EQ(control_in(handle_, in_type, 0x95, 0x1805, 0, 2).result, LIBUSB_ERROR_PIPE);
  EXPECT_EQ(chip_->violations().size(), 1u);
}

TEST_F(Ch340Test, OldChipHasNoLcrRegisterAndNoUnbufferedBit) {
  Ch340Options options;
  options.version = 0x27;
  plug(options);
  EXPECT_EQ(control_out(handle_, out_type, 0x9A, 0x1312, kernel_divisor(19200, 0x27)), 0);
  EXPECT_EQ(control_out(handle_, out_type, 0x9A, 0x1312, 0xD982), LIBUSB_ERROR_PIPE);
  EXPECT_EQ(control_out(handle_, out_type, 0x9A, 0x2518, 0x00C3), LIBUSB_ERROR_PIPE);
  EXPECT_EQ(chip_->violations().size(), 2u) << ::testing::PrintToString(chip_->violations());
}

TEST_F(Ch340Test, RequestsCh341NeverSendsStall) {
  plug();
  EXPECT_EQ(control_out(handle_, out_type, 0x9A, 0x1312, 0xD902), LIBUSB_ERROR_PIPE);  // bit 7 missing on 0x31
  EXPECT_EQ(control_out(handle_, out_type, 0xA4, 0x009F, 0), LIBUSB_ERROR_PIPE);       // not ~control
  EXPECT_EQ(control_out(handle_, out_type, 0x9A, 0x2C2C, 0), LIBUSB_ERROR_PIPE);       // unknown registers
  EXPECT_EQ(control_out(handle_, out_type, 0xA1, 0xC29C, 0xB2B9), LIBUSB_ERROR_PIPE);  // old init values
  EXPECT_EQ(chip_->violations().size(), 4u) << ::testing::PrintToString(chip_->violations());
  EXPECT_EQ(chip_->line().baud, 9615);  // the power-on 9600 setting, untouched
}

TEST_F(Ch340Test, ReadWithNothingToReadTimesOutAndLosesNothing) {
  plug();
  const auto started = std::chrono::steady_clock::now();
  const auto empty = bulk_read(handle_, Ch340ChipModel::in_endpoint, 32, 50ms);
  EXPECT_EQ(empty.result, LIBUSB_ERROR_TIMEOUT);
  EXPECT_TRUE(empty.data.empty());
  EXPECT_GE(std::chrono::steady_clock::now() - started, 45ms);

  ASSERT_EQ(bulk_write(handle_, Ch340ChipModel::out_endpoint, status_request), 5);
  const auto reply = bulk_read(handle_, Ch340ChipModel::in_endpoint, 32);
  ASSERT_EQ(reply.result, 0);
  kerong::FrameDecoder decoder;
  const auto decoded = decoder.feed(reply.data);
  EXPECT_TRUE(decoded.errors.empty());
  ASSERT_EQ(decoded.frames.size(), 1u) << "the reply must arrive whole, with no status bytes";
  EXPECT_EQ(decoded.frames[0].command, kerong::Command::status_reply);
}

TEST_F(Ch340Test, InterruptEndpointStaysQuiet) {
  plug();
  std::array<std::uint8_t, 8> data{};
  int transferred = 0;
  EXPECT_EQ(libusb_interrupt_transfer(handle_, Ch340ChipModel::interrupt_endpoint, data.data(), 8, &transferred, 30),
            LIBUSB_ERROR_TIMEOUT);
}

TEST_F(Ch340Test, InjectedNoiseArrivesBeforeTheReply) {
  plug();
  chip_->inject_rx(std::vector<std::uint8_t>{0xFF, 0x02});
  ASSERT_EQ(bulk_write(handle_, Ch340ChipModel::out_endpoint, status_request), 5);
  const auto reply = bulk_read(handle_, Ch340ChipModel::in_endpoint, 32);
  ASSERT_EQ(reply.data.size(), 11u);
  EXPECT_EQ(reply.data[0], 0xFF);
  EXPECT_EQ(reply.data[1], 0x02);
  EXPECT_EQ(reply.data[2], 0x02);
}

}  // namespace
}  // namespace pickupbox::usbsim::testing
