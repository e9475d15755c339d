#include "staff_session.hpp"

#include <QJsonArray>

#include "pickup_session.hpp"

namespace pickupbox::kiosk {

namespace {
constexpr int default_session_timeout_ms = 300 * 1000;
}  // namespace

StaffSession::StaffSession(ApiClient& api, QObject* parent) : QObject(parent), api_(api) {
  timeout_.setSingleShot(true);
  timeout_.setInterval(default_session_timeout_ms);
  connect(&timeout_, &QTimer::timeout, this, &StaffSession::logout);
  connect(&api_, &ApiClient::event, this, &StaffSession::on_event);
}

void StaffSession::set_session_timeout_ms(int ms) {
  timeout_.setInterval(ms);
  if (timeout_.isActive()) timeout_.start();
  emit changed();
}

QString StaffSession::message_for(const ApiReply& reply) {
  const auto code = reply.error_code();
  if (code == "unauthorized") return tr("Your session has ended. Please log in again.");
  if (code == "no_free_locker") return tr("There is no free door of that size. Choose a larger size or empty a door.");
  if (code == "hardware") return tr("The door did not open. It has been taken out of service; check the lock.");
  if (code == "busy") return tr("That door is busy with another action. Wait a moment and try again.");
  if (code == "invalid_argument") return tr("Please check what you typed: %1").arg(reply.data.value("message").toString());
  if (code == "disconnected" || code == "timeout") return tr("The box is not answering. Wait a moment and try again.");
  return reply.data.value("message").toString();
}

void StaffSession::login(const QString& staff_id, const QString& pin) {
  if (busy_) return;
  set_busy(true);
  api_.request("staff.login", {{"staff_id", staff_id}, {"pin", pin}}, [this](const ApiReply& reply) {
    set_busy(false);
    if (!reply.ok) {
      last_error_ = reply.error_code() == "unauthorized" ? tr("Wrong staff id or PIN.") : message_for(reply);
      emit changed();
      emit loginFailed();
      return;
    }
    session_ = reply.data.value("session").toString();
    staff_id_ = reply.data.value("staff_id").toString();
    last_error_.clear();
    // The UI's timer runs a little inside boxd's, so a screen never offers an action boxd refuses.
    const int boxd_timeout_ms = reply.data.value("timeout_s").toInt(300) * 1000;
    if (boxd_timeout_ms < timeout_.interval()) timeout_.setInterval(boxd_timeout_ms);
    timeout_.start();
    emit changed();
  });
}

void StaffSession::logout() {
  if (!logged_in()) return;
  api_.request("staff.logout", {{"session", session_}}, [](const ApiReply&) {});
  end_session();
}

void StaffSession::end_session() {
  session_.clear();
  staff_id_.clear();
  orders_.clear();
  locker_id_.clear();
  order_id_.clear();
  purpose_.clear();
  last_error_.clear();
  timeout_.stop();
  emit ordersChanged();
  emit changed();
  emit sessionEnded();
}

void StaffSession::touch() {
  if (logged_in()) timeout_.start();
}

void StaffSession::act(const QString& method, QJsonObject params, Done done) {
  if (!logged_in() || busy_) return;
  touch();
  params["session"] = session_;
  set_busy(true);
  api_.request(method, params, [this, done = std::move(done)](const ApiReply& reply) {
    set_busy(false);
    if (reply.ok) {
      last_error_.clear();
      emit changed();
      return done(reply.data);
    }
    last_error_ = message_for(reply);
    emit changed();
    if (reply.error_code() == "unauthorized") return end_session();
    emit failed();
  });
}

void StaffSession::refreshOrders(const QString& state) {
  act("staff.orders", {{"state", state}}, [this](const QJsonObject& result) {
    orders_ = result.value("orders").toArray().toVariantList();
    emit ordersChanged();
  });
}

void StaffSession::open_for(const QString& purpose, const QString& method, QJsonObject params) {
  act(method, std::move(params), [this, purpose](const QJsonObject& result) {
    locker_id_ = result.value("locker_id").toString();
    order_id_ = result.value("order_id").toString();
    purpose_ = purpose;
    emit changed();
    emit doorOpened();
  });
}

void StaffSession::loadOrder(const QString& order_id) { open_for("load", "staff.load", {{"order_id", order_id}}); }

void StaffSession::loadAdHoc(const QString& phone, const QString& document_kind, const QString& size,
                             const QString& date_of_birth_digits) {
  QJsonObject params{{"phone", phone}, {"document_kind", document_kind}, {"size", size}};
  if (!date_of_birth_digits.isEmpty()) {
    params["date_of_birth"] = PickupSession::identifier_from_digits(date_of_birth_digits);
  }
  open_for("load", "staff.load", params);
}

void StaffSession::retrieve(const QString& order_id) {
  open_for("retrieve", "staff.retrieve", {{"order_id", order_id}});
}

void StaffSession::openDoor(const QString& locker_id) {
  open_for("service", "staff.open", {{"locker_id", locker_id}, {"reason", "kiosk service screen"}});
}

void StaffSession::setOutOfService(const QString& locker_id, bool on) {
  // The box's locker.* event makes BoxMonitor read the doors again.
  act("staff.out_of_service", {{"locker_id", locker_id}, {"on", on}}, [](const QJsonObject&) {});
}

void StaffSession::confirmClosed(const QString& locker_id) {
  touch();
  api_.request("door.confirm_closed", {{"locker_id", locker_id}}, [this](const ApiReply& reply) {
    if (reply.ok) return;
    last_error_ = message_for(reply);
    emit changed();
    emit failed();
  });
}

void StaffSession::on_event(const QJsonObject& event) {
  if (!logged_in() || locker_id_.isEmpty()) return;
  const auto type = event.value("type").toString();
  const bool ours = event.value("locker_id").toString() == locker_id_;
  const bool done = (purpose_ == "load" && type == "order.loaded" && event.value("order_id").toString() == order_id_) ||
                    (purpose_ == "retrieve" && type == "order.returned" && event.value("order_id").toString() == order_id_) ||
                    (purpose_ == "service" && type == "door.closed" && ours);
  if (!done) return;
  touch();
  emit confirmed();
}

void StaffSession::set_busy(bool busy) {
  if (busy_ == busy) return;
  busy_ = busy;
  emit changed();
}

}  // namespace pickupbox::kiosk
