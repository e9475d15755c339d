// boxctl's pure pieces: reading the code out of an SMS, and the table layout.
#include <gtest/gtest.h>

#include "provisioning/sms_code.hpp"
#include "provisioning/text_table.hpp"

namespace pickupbox::provisioning {
namespace {

TEST(PickupCodeIn, FindsTheCodeAndSkipsDatesAndTimes) {
  EXPECT_EQ(pickup_code_in("Your passport is ready. Code: 482913. Collect it by 2026-12-09 11:00."), "482913");
  EXPECT_EQ(pickup_code_in("Hent det senest 2026-12-09 kl. 11:00. Kode: 04829137."), "04829137");
  EXPECT_EQ(pickup_code_in("Collect it by 2026-12-09 11:00."), std::nullopt);
  EXPECT_EQ(pickup_code_in("Call 12345 or 123456789; code 1234567"), "1234567");
  EXPECT_EQ(pickup_code_in(""), std::nullopt);
}

TEST(TextTable, AlignsColumnsToTheWidestCellWithoutTrailingSpaces) {
  TextTable table({"DOOR", "STATE"});
  table.add_row({"A01", "out_of_service"});
  table.add_row({"B08"});
  EXPECT_EQ(table.render(),
            "DOOR  STATE\n"
            "A01   out_of_service\n"
            "B08\n");
  EXPECT_THROW(table.add_row({"a", "b", "c"}), std::invalid_argument);
}

}  // namespace
}  // namespace pickupbox::provisioning
