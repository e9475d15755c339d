#include "language_switch.hpp"

#include <QCoreApplication>
#include <QLoggingCategory>

namespace pickupbox::kiosk {

Q_LOGGING_CATEGORY(language_log, "pickupbox.kiosk.language")

bool LanguageSwitch::set(const QString& code) {
  if (code == code_) return true;
  QCoreApplication::removeTranslator(&translator_);
  if (!translator_.load(":/i18n/kiosk_" + code + ".qm")) {
    qCWarning(language_log) << "no translation for language" << code << "in :/i18n; keeping" << code_;
    if (!code_.isEmpty()) (void)translator_.load(":/i18n/kiosk_" + code_ + ".qm");
    QCoreApplication::installTranslator(&translator_);
    return false;
  }
  QCoreApplication::installTranslator(&translator_);
  code_ = code;
  if (engine_) engine_->retranslate();
  emit changed();
  return true;
}

}  // namespace pickupbox::kiosk
