#include "pickup_session.hpp"

#include <QJsonObject>

namespace pickupbox::kiosk {

namespace {
// Overwrites the characters before the buffer is released, so the secret does not linger
// in freed heap memory (QString::clear would only drop the reference).
void wipe(QString& secret) {
  if (!secret.isEmpty() && !secret.isDetached()) secret.detach();
  secret.fill(QChar(u'\0'));
  secret.clear();
}
}  // namespace

PickupSession::PickupSession(ApiClient& api, QObject* parent) : QObject(parent), api_(api) {
  connect(&api_, &ApiClient::event, this, &PickupSession::on_event);
}

QString PickupSession::identifier_from_digits(const QString& digits) {
  if (digits.size() != 8) return digits;
  return digits.left(2) + '-' + digits.mid(2, 2) + '-' + digits.mid(4);
}

QString PickupSession::refusal_of(const QString& code) {
  if (code == "wrong_code" || code == "wrong_identity") return code;
  if (code == "order_blocked") return "blocked";
  if (code == "kiosk_throttled") return "throttled";
  if (code == "code_expired") return "expired";
  if (code == "hardware") return "door_failed";
  if (code == "invalid_transition" || code == "not_found") return "not_available";
  if (code == "disconnected" || code == "timeout") return "connection";
  return "out_of_order";
}

void PickupSession::submitCode(const QString& code) {
  if (busy_) return;
  wipe(code_);
  code_ = code;
  verify({});
}

void PickupSession::submitIdentifier(const QString& digits) {
  if (busy_ || code_.isEmpty()) return;
  QString identifier = identifier_from_digits(digits);
  verify(identifier);
  wipe(identifier);
}

void PickupSession::verify(const QString& identifier) {
  QJsonObject params{{"code", code_}};
  if (!identifier.isEmpty()) params["identifier"] = identifier;
  set_busy(true);
  api_.request("pickup.verify", params, [this, generation = generation_](const ApiReply& reply) {
    if (generation != generation_) return;
    set_busy(false);
    on_verified(reply);
  });
}

void PickupSession::on_verified(const ApiReply& reply) {
  if (!reply.ok && reply.error_code() == "identity_required") {
    emit identityRequired();  // keep the code for the second request
    return;
  }
  // After a wrong date of birth the code was right and the order still has attempts: keep
  // the code so the citizen retypes only the date. Every other outcome ends with the code.
  if (reply.ok || reply.error_code() != "wrong_identity") wipe_secrets();
  if (!reply.ok) return refuse(reply);
  locker_id_ = reply.data.value("locker_id").toString();
  order_id_ = reply.data.value("order_id").toString();
  document_kind_ = reply.data.value("document_kind").toString();
  refusal_.clear();
  emit changed();
  emit doorOpened();
}

void PickupSession::refuse(const ApiReply& reply) {
  refusal_ = refusal_of(reply.error_code());
  attempts_left_ = reply.data.value("attempts_left").toInt(-1);
  wait_seconds_ = reply.data.value("retry_after_s").toInt(0);
  emit changed();
  emit refused();
}

void PickupSession::reopen() {
  if (busy_ || order_id_.isEmpty()) return;
  set_busy(true);
  api_.request("pickup.reopen", {{"order_id", order_id_}}, [this, generation = generation_](const ApiReply& reply) {
    if (generation != generation_) return;
    set_busy(false);
    if (!reply.ok) return refuse(reply);
    locker_id_ = reply.data.value("locker_id").toString();
    emit changed();
    emit doorOpened();
  });
}

void PickupSession::on_event(const QJsonObject& event) {
  if (order_id_.isEmpty() || event.value("order_id").toString() != order_id_) return;
  if (event.value("type").toString() == "order.collected") emit collected();
}

void PickupSession::clear() {
  ++generation_;
  wipe_secrets();
  busy_ = false;
  locker_id_.clear();
  order_id_.clear();
  document_kind_.clear();
  refusal_.clear();
  attempts_left_ = -1;
  wait_seconds_ = 0;
  emit changed();
}

void PickupSession::wipe_secrets() { wipe(code_); }

void PickupSession::set_busy(bool busy) {
  if (busy_ == busy) return;
  busy_ = busy;
  emit changed();
}

}  // namespace pickupbox::kiosk
