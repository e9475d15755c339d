#include <gtest/gtest.h>

#include "core/sms_text.hpp"

namespace pickupbox::core {
namespace {

using namespace std::chrono;

const TimePoint deadline{sys_days{year{2026} / December / 9} + hours{10}};  // 11:00 in Copenhagen

bool contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

TEST(CodeSms, EnglishNamesDocumentCodeAndDeadline) {
  const std::string text = code_sms_text("en", "passport", "123456", deadline, false);
  EXPECT_EQ(text,
            "Your passport is ready at the town hall pickup box. Code: 123456. Collect it by 2026-12-09 11:00.");
}

TEST(CodeSms, DanishNamesDocumentCodeAndDeadline) {
  const std::string text = code_sms_text("da", "passport", "123456", deadline, false);
  EXPECT_EQ(text, "Dit pas er klar i rådhusets afhentningsboks. Kode: 123456. Hent det senest 2026-12-09 kl. 11:00.");
}

TEST(CodeSms, DocumentKindsInWords) {
  EXPECT_TRUE(contains(code_sms_text("en", "driving_licence", "1", deadline, false), "Your driving licence is"));
  EXPECT_TRUE(contains(code_sms_text("en", "id_card", "1", deadline, false), "Your ID card is"));
  EXPECT_TRUE(contains(code_sms_text("en", "other", "1", deadline, false), "Your document is"));
  EXPECT_TRUE(contains(code_sms_text("da", "driving_licence", "1", deadline, false), "Dit kørekort er"));
  EXPECT_TRUE(contains(code_sms_text("da", "id_card", "1", deadline, false), "Dit ID-kort er"));
  EXPECT_TRUE(contains(code_sms_text("da", "other", "1", deadline, false), "Dit dokument er"));
}

TEST(CodeSms, MentionsTheIdentityCheckOnlyWhenThereIsOne) {
  EXPECT_TRUE(contains(code_sms_text("en", "passport", "123456", deadline, true), "date of birth"));
  EXPECT_FALSE(contains(code_sms_text("en", "passport", "123456", deadline, false), "date of birth"));
  EXPECT_TRUE(contains(code_sms_text("da", "passport", "123456", deadline, true), "fødselsdato"));
  EXPECT_FALSE(contains(code_sms_text("da", "passport", "123456", deadline, false), "fødselsdato"));
}

TEST(ReminderSms, HasDeadlineButNoCode) {
  const std::string en = reminder_sms_text("en", "id_card", deadline);
  EXPECT_TRUE(contains(en, "Reminder: your ID card is waiting"));
  EXPECT_TRUE(contains(en, "2026-12-09 11:00"));
  EXPECT_FALSE(contains(en, "Code:"));
  const std::string da = reminder_sms_text("da", "passport", deadline);
  EXPECT_TRUE(contains(da, "Påmindelse: Dit pas venter"));
  EXPECT_TRUE(contains(da, "2026-12-09 kl. 11:00"));
  EXPECT_FALSE(contains(da, "Kode:"));
}

TEST(ExpirySms, SaysWhereTheDocumentIsNowInBothLanguages) {
  const std::string en = expiry_sms_text("en", "driving_licence");
  EXPECT_TRUE(contains(en, "driving licence was not collected"));
  EXPECT_TRUE(contains(en, "front desk"));
  const std::string da = expiry_sms_text("da", "passport");
  EXPECT_TRUE(contains(da, "Dit pas blev ikke hentet"));
  EXPECT_TRUE(contains(da, "borgerservice"));
}

}  // namespace
}  // namespace pickupbox::core
