// Descriptor bytes as a real FT232R returns them, and string descriptors in UTF-16LE.
#include <gtest/gtest.h>

#include "hex_bytes.hpp"
#include "sim/sim_bank.hpp"
#include "usbsim/descriptors.hpp"
#include "usbsim/ftdi_chip_model.hpp"

namespace pickupbox::usbsim {
namespace {

using pickupbox::testing::hex_bytes;

class DescriptorsTest : public ::testing::Test {
 protected:
  sim::SimBank bank_{{sim::SimBoardOptions{}}, sim::TimeoutMode::immediate};
  DeviceDescription ftdi_ = FtdiChipModel(bank_.transport()).description();
};

TEST_F(DescriptorsTest, DeviceDescriptorOfAnFt232r) {
  EXPECT_EQ(device_descriptor(ftdi_), hex_bytes("12 01 00 02 00 00 00 08 03 04 01 60 00 06 01 02 03 01"));
}

TEST_F(DescriptorsTest, ConfigurationDescriptorOfAnFt232r) {
  EXPECT_EQ(configuration_descriptor(ftdi_),
            hex_bytes("09 02 20 00 01 01 00 80 2D "
                      "09 04 00 00 02 FF FF FF 00 "
                      "07 05 81 02 40 00 00 "
                      "07 05 02 02 40 00 00"));
}

TEST_F(DescriptorsTest, MissingStringsGetIndexZero) {
  ftdi_.serial.clear();
  EXPECT_EQ(device_descriptor(ftdi_)[16], 0);
  EXPECT_FALSE(string_for_index(ftdi_, serial_string).has_value());
  EXPECT_EQ(string_for_index(ftdi_, product_string), "FT232R USB UART");
}

TEST(StringDescriptorTest, IsUtf16LittleEndian) {
  EXPECT_EQ(string_descriptor("AB"), hex_bytes("06 03 41 00 42 00"));
  EXPECT_EQ(language_descriptor(), hex_bytes("04 03 09 04"));
}

TEST(UpperHexTest, IsWhatUmockdevParses) { EXPECT_EQ(upper_hex(hex_bytes("0a ff 10")), "0AFF10"); }

}  // namespace
}  // namespace pickupbox::usbsim
