#include "core/sms_text.hpp"

#include "core/time_text.hpp"

namespace pickupbox::core {

namespace {

bool danish(std::string_view language) { return language == "da"; }

// Every Danish noun here is neuter, so "Dit ... er klar" and "Hent det" fit them all.
std::string document_words(std::string_view language, std::string_view kind) {
  if (danish(language)) {
    if (kind == "passport") return "pas";
    if (kind == "driving_licence") return "kørekort";
    if (kind == "id_card") return "ID-kort";
    return "dokument";
  }
  if (kind == "passport") return "passport";
  if (kind == "driving_licence") return "driving licence";
  if (kind == "id_card") return "ID card";
  return "document";
}

std::string deadline(std::string_view language, TimePoint collect_by) {
  const LocalDateTime local = copenhagen_date_time(collect_by);
  return danish(language) ? local.date + " kl. " + local.time : local.date + " " + local.time;
}

}  // namespace

std::string code_sms_text(std::string_view language, std::string_view document_kind, std::string_view code,
                          TimePoint collect_by, bool identity_check) {
  const std::string what = document_words(language, document_kind);
  const std::string when = deadline(language, collect_by);
  const std::string code_text(code);
  if (danish(language)) {
    return "Dit " + what + " er klar i rådhusets afhentningsboks. Kode: " + code_text + ". Hent det senest " +
           when + "." + (identity_check ? " Du skal også taste din fødselsdato." : "");
  }
  return "Your " + what + " is ready at the town hall pickup box. Code: " + code_text + ". Collect it by " + when +
         "." + (identity_check ? " You will also be asked for your date of birth." : "");
}

std::string reminder_sms_text(std::string_view language, std::string_view document_kind, TimePoint collect_by) {
  const std::string what = document_words(language, document_kind);
  const std::string when = deadline(language, collect_by);
  if (danish(language)) {
    return "Påmindelse: Dit " + what + " venter i rådhusets afhentningsboks. Hent det senest " + when +
           " med koden fra vores første SMS. Har du mistet koden, så spørg i borgerservice.";
  }
  return "Reminder: your " + what + " is waiting at the town hall pickup box. Collect it by " + when +
         " with the code from our first SMS. Lost the code? Ask at the front desk.";
}

std::string expiry_sms_text(std::string_view language, std::string_view document_kind) {
  const std::string what = document_words(language, document_kind);
  if (danish(language)) {
    return "Dit " + what + " blev ikke hentet i rådhusets afhentningsboks inden fristen. Det ligger nu i "
           "borgerservice, hvor du kan hente det med billedlegitimation.";
  }
  return "Your " + what + " was not collected from the town hall pickup box in time. It is now at the front "
         "desk; collect it there with photo ID.";
}

}  // namespace pickupbox::core
