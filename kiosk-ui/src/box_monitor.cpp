#include "box_monitor.hpp"

#include <QJsonArray>

namespace pickupbox::kiosk {

namespace {
constexpr int poll_interval_ms = 2000;
// Door and lock events change what the service screen and the locker picture show.
bool changes_doors(const QString& type) {
  return type.startsWith("door.") || type.startsWith("locker.") || type.startsWith("board.") ||
         type.startsWith("order.");
}
}  // namespace

BoxMonitor::BoxMonitor(ApiClient& api, QObject* parent) : QObject(parent), api_(api) {
  poll_.setInterval(poll_interval_ms);
  connect(&poll_, &QTimer::timeout, this, &BoxMonitor::refresh);
  connect(&api_, &ApiClient::connectedChanged, this, [this] {
    if (api_.connected()) {
      poll_.start();
      refresh();
    } else {
      poll_.stop();
    }
  });
  connect(&api_, &ApiClient::event, this, [this](const QJsonObject& event) {
    if (changes_doors(event.value("type").toString())) refresh();
  });
}

void BoxMonitor::refresh() {
  api_.request("status", {}, [this](const ApiReply& reply) {
    if (!reply.ok || reply.data == status_) return;
    status_ = reply.data;
    emit changed();
  });
  api_.request("lockers", {}, [this](const ApiReply& reply) {
    if (!reply.ok) return;
    const auto list = reply.data.value("lockers").toArray();
    if (list == locker_list_) return;
    locker_list_ = list;
    lockers_ = list.toVariantList();
    emit lockersChanged();
  });
}

}  // namespace pickupbox::kiosk
