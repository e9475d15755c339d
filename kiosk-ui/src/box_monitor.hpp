#pragma once
// What the whole box is doing, for every screen: out of order, paused, boards, doors,
// back-office link. Polled from boxd's `status` and `lockers` while connected.
#include <QJsonArray>
#include <QObject>
#include <QTimer>
#include <QVariantList>

#include "api_client.hpp"

namespace pickupbox::kiosk {

class BoxMonitor : public QObject {
  Q_OBJECT
  Q_PROPERTY(bool outOfOrder READ out_of_order NOTIFY changed)
  Q_PROPERTY(int pausedSeconds READ paused_seconds NOTIFY changed)
  Q_PROPERTY(QString deviceId READ device_id NOTIFY changed)
  Q_PROPERTY(int outboxPending READ outbox_pending NOTIFY changed)
  Q_PROPERTY(bool backofficeConfigured READ backoffice_configured NOTIFY changed)
  Q_PROPERTY(bool backofficeConnected READ backoffice_connected NOTIFY changed)
  Q_PROPERTY(QString backofficeError READ backoffice_error NOTIFY changed)
  Q_PROPERTY(QVariantList boards READ boards NOTIFY changed)
  Q_PROPERTY(QVariantList lockers READ lockers NOTIFY lockersChanged)

 public:
  explicit BoxMonitor(ApiClient& api, QObject* parent = nullptr);

  bool out_of_order() const { return status_.value("out_of_order").toBool(); }
  int paused_seconds() const { return status_.value("kiosk_paused_s").toInt(); }
  QString device_id() const { return status_.value("device_id").toString(); }
  int outbox_pending() const { return status_.value("outbox_pending").toInt(); }
  bool backoffice_configured() const { return backoffice().value("configured").toBool(); }
  bool backoffice_connected() const { return backoffice().value("connected").toBool(); }
  QString backoffice_error() const { return backoffice().value("last_error").toString(); }
  QVariantList boards() const { return status_.value("boards").toArray().toVariantList(); }
  QVariantList lockers() const { return lockers_; }

  Q_INVOKABLE void refresh();

 signals:
  void changed();
  void lockersChanged();

 private:
  QJsonObject backoffice() const { return status_.value("backoffice").toObject(); }

  ApiClient& api_;
  QTimer poll_;
  QJsonObject status_;
  QVariantList lockers_;
  QJsonArray locker_list_;
};

}  // namespace pickupbox::kiosk
