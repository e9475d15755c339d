#pragma once
// One citizen's pickup at the kiosk. The code and the date of birth exist here only while
// the request that needs them is under way (and for the date of birth's follow-up); clear()
// wipes them with every result when the screen changes.
#include <QObject>
#include <QString>

#include "api_client.hpp"

namespace pickupbox::kiosk {

class PickupSession : public QObject {
  Q_OBJECT
  Q_PROPERTY(bool busy READ busy NOTIFY changed)
  Q_PROPERTY(QString lockerId READ locker_id NOTIFY changed)
  Q_PROPERTY(QString orderId READ order_id NOTIFY changed)
  Q_PROPERTY(QString documentKind READ document_kind NOTIFY changed)
  Q_PROPERTY(QString refusal READ refusal NOTIFY changed)
  Q_PROPERTY(int attemptsLeft READ attempts_left NOTIFY changed)
  Q_PROPERTY(int waitSeconds READ wait_seconds NOTIFY changed)

 public:
  explicit PickupSession(ApiClient& api, QObject* parent = nullptr);
  ~PickupSession() override { clear(); }

  bool busy() const { return busy_; }
  QString locker_id() const { return locker_id_; }
  QString order_id() const { return order_id_; }
  QString document_kind() const { return document_kind_; }
  QString refusal() const { return refusal_; }
  int attempts_left() const { return attempts_left_; }
  int wait_seconds() const { return wait_seconds_; }

  Q_INVOKABLE void submitCode(const QString& code);
  Q_INVOKABLE void submitIdentifier(const QString& date_of_birth_digits);
  Q_INVOKABLE void reopen();
  Q_INVOKABLE void clear();

  // "DDMMYYYY" as typed -> "DD-MM-YYYY" as boxd reads it; anything else unchanged (boxd refuses it).
  static QString identifier_from_digits(const QString& digits);
  // boxd's error code -> the kiosk's refusal kind (BACKEND.md).
  static QString refusal_of(const QString& error_code);

 signals:
  void changed();
  void identityRequired();
  void doorOpened();
  void refused();
  void collected();

 private:
  void verify(const QString& identifier);
  void on_verified(const ApiReply& reply);
  void refuse(const ApiReply& reply);
  void on_event(const QJsonObject& event);
  void set_busy(bool busy);
  void wipe_secrets();

  ApiClient& api_;
  QString code_;
  bool busy_ = false;
  QString locker_id_;
  QString order_id_;
  QString document_kind_;
  QString refusal_;
  int attempts_left_ = -1;
  int wait_seconds_ = 0;
  quint64 generation_ = 0;  // answers to a request made before clear() are dropped
};

}  // namespace pickupbox::kiosk
