#pragma once
// A member of staff logged in at the kiosk: the session token boxd issued, the lists the
// screens show, and the door the last action opened. Every action is boxd's, and audited there.
#include <QObject>
#include <QTimer>
#include <QVariantList>

#include "api_client.hpp"

namespace pickupbox::kiosk {

class StaffSession : public QObject {
  Q_OBJECT
  Q_PROPERTY(bool loggedIn READ logged_in NOTIFY changed)
  Q_PROPERTY(QString staffId READ staff_id NOTIFY changed)
  Q_PROPERTY(bool busy READ busy NOTIFY changed)
  Q_PROPERTY(int sessionTimeoutMs READ session_timeout_ms WRITE set_session_timeout_ms NOTIFY changed)
  Q_PROPERTY(QVariantList orders READ orders NOTIFY ordersChanged)
  Q_PROPERTY(QString lockerId READ locker_id NOTIFY changed)
  Q_PROPERTY(QString purpose READ purpose NOTIFY changed)
  Q_PROPERTY(QString lastError READ last_error NOTIFY changed)

 public:
  explicit StaffSession(ApiClient& api, QObject* parent = nullptr);

  bool logged_in() const { return !session_.isEmpty(); }
  QString staff_id() const { return staff_id_; }
  bool busy() const { return busy_; }
  int session_timeout_ms() const { return timeout_.interval(); }
  void set_session_timeout_ms(int ms);
  QVariantList orders() const { return orders_; }
  QString locker_id() const { return locker_id_; }
  QString purpose() const { return purpose_; }
  QString last_error() const { return last_error_; }

  Q_INVOKABLE void login(const QString& staff_id, const QString& pin);
  Q_INVOKABLE void logout();
  Q_INVOKABLE void touch();
  Q_INVOKABLE void refreshOrders(const QString& state);
  Q_INVOKABLE void loadOrder(const QString& order_id);
  Q_INVOKABLE void loadAdHoc(const QString& phone, const QString& document_kind, const QString& size,
                             const QString& date_of_birth_digits);
  Q_INVOKABLE void retrieve(const QString& order_id);
  Q_INVOKABLE void openDoor(const QString& locker_id);
  Q_INVOKABLE void setOutOfService(const QString& locker_id, bool on);
  Q_INVOKABLE void confirmClosed(const QString& locker_id);

  // boxd's answer to a staff action, in words for the front desk (translated).
  static QString message_for(const ApiReply& reply);

 signals:
  void changed();
  void ordersChanged();
  void loginFailed();
  void doorOpened();
  void confirmed();
  void failed();
  void sessionEnded();

 private:
  using Done = std::function<void(const QJsonObject&)>;
  void act(const QString& method, QJsonObject params, Done done);
  void open_for(const QString& purpose, const QString& method, QJsonObject params);
  void on_event(const QJsonObject& event);
  void end_session();
  void set_busy(bool busy);

  ApiClient& api_;
  QTimer timeout_;
  QString session_;
  QString staff_id_;
  bool busy_ = false;
  QVariantList orders_;
  QString locker_id_;
  QString order_id_;
  QString purpose_;
  QString last_error_;
};

}  // namespace pickupbox::kiosk
