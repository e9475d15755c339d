#pragma once
// The citizen-facing SMS texts, Danish and English. Kept apart from the transitions so
// the wording can be reviewed (and translated) in one place.
#include <string>
#include <string_view>

#include "core/clock.hpp"

namespace pickupbox::core {

// language "da" gives Danish, anything else English; document_kind as in Order.
// collect_by is shown in Copenhagen time.
std::string code_sms_text(std::string_view language, std::string_view document_kind, std::string_view code,
                          TimePoint collect_by, bool identity_check);

// No code: it is not stored in clear, so the reminder points back to the first SMS.
std::string reminder_sms_text(std::string_view language, std::string_view document_kind, TimePoint collect_by);

// The pickup window is over: the document goes back to the front desk.
std::string expiry_sms_text(std::string_view language, std::string_view document_kind);

}  // namespace pickupbox::core
