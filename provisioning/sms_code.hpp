#pragma once
// Finds the pickup code in an SMS text as a citizen would: the first run of 6-8 digits
// standing on its own (dates like 2026-12-09 and times like 11:00 never qualify).
#include <optional>
#include <string>
#include <string_view>

namespace pickupbox::provisioning {

std::optional<std::string> pickup_code_in(std::string_view sms_text);

}  // namespace pickupbox::provisioning
