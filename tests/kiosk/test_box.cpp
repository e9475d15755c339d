#include "test_box.hpp"

#include <QJsonObject>

namespace pickupbox::kiosk::test {

template <typename F>
auto TestBox::guarded(const char* what, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const std::exception& e) {
    engine_.throwError(QString("TestBox.%1: %2").arg(what, e.what()));
    return decltype(f())();
  }
}

QVariantMap TestBox::loadOrder(const QString& dateOfBirth, const QString& language) {
  return guarded("loadOrder", [&] {
    const auto order = boxd_.loadAdHoc("+4512345678", "passport", "M", dateOfBirth, language);
    return QVariantMap{{"order_id", order.order_id},
                       {"locker_id", order.locker_id},
                       {"code", order.code},
                       {"sms", order.sms_text}};
  });
}

QString TestBox::codeOf(const QString& orderId) {
  return guarded("codeOf", [&] { return boxd_.codeOf(orderId); });
}

void TestBox::door(const QString& lockerId, const QString& action) {
  guarded("door", [&] { boxd_.door(lockerId, action); });
}

QString TestBox::doorState(const QString& lockerId) {
  return guarded("doorState", [&] { return boxd_.doorState(lockerId); });
}

QVariantMap TestBox::call(const QString& method, const QVariantMap& params) {
  return guarded("call", [&] { return boxd_.call(method, QJsonObject::fromVariantMap(params)).toVariantMap(); });
}

QVariantMap TestBox::request(const QString& method, const QVariantMap& params) {
  return guarded("request",
                 [&] { return boxd_.request(method, QJsonObject::fromVariantMap(params)).toVariantMap(); });
}

QString TestBox::staffSession() {
  return guarded("staffSession", [&] { return boxd_.staffSession(); });
}

void TestBox::stopBoxd() {
  guarded("stopBoxd", [&] { boxd_.stop(); });
  emit runningChanged();
}

void TestBox::startBoxd() {
  guarded("startBoxd", [&] { boxd_.start(); });
  emit runningChanged();
}

void TestBox::restartBoxd(bool fresh) {
  guarded("restartBoxd", [&] { boxd_.restart(fresh); });
  emit runningChanged();
}

}  // namespace pickupbox::kiosk::test
