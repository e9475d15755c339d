#pragma once
// The kiosk's language, switched at once: the new translator is installed and the engine
// re-evaluates every qsTr binding. Danish is the box's default; English is the source language.
#include <QObject>
#include <QQmlEngine>
#include <QTranslator>

namespace pickupbox::kiosk {

class LanguageSwitch : public QObject {
  Q_OBJECT
  Q_PROPERTY(QString code READ code NOTIFY changed)

 public:
  explicit LanguageSwitch(QObject* parent = nullptr) : QObject(parent) {}

  QString code() const { return code_; }
  void attach(QQmlEngine& engine) { engine_ = &engine; }
  // false (and the language unchanged) for a language the kiosk has no translation of.
  Q_INVOKABLE bool set(const QString& code);

 signals:
  void changed();

 private:
  QQmlEngine* engine_ = nullptr;
  QTranslator translator_;
  QString code_;
};

}  // namespace pickupbox::kiosk
