#pragma once
// `TestBox`: what the Qt Quick tests may ask of the real boxd behind the kiosk (a context
// property of the test engine). Set-up only: the tests assert on what the screens show.
// A failing request throws a JavaScript Error naming the request, so the test fails with it.
#include <QJSEngine>
#include <QObject>
#include <QVariantMap>

#include "boxd_fixture.hpp"

namespace pickupbox::kiosk::test {

class TestBox : public QObject {
  Q_OBJECT
  Q_PROPERTY(QString socketPath READ socket_path CONSTANT)
  Q_PROPERTY(bool running READ running NOTIFY runningChanged)

 public:
  TestBox(BoxdFixture& boxd, QJSEngine& engine, QObject* parent = nullptr)
      : QObject(parent), boxd_(boxd), engine_(engine) {}

  QString socket_path() const { return boxd_.socketPath(); }
  bool running() const { return boxd_.running(); }

  // An order loaded ad hoc and confirmed (door opened and closed in the simulator):
  // {order_id, locker_id, code, sms}. dateOfBirth "YYYY-MM-DD", or "" for none.
  Q_INVOKABLE QVariantMap loadOrder(const QString& dateOfBirth = "1990-05-17", const QString& language = "da");
  // The code in the SMS boxd queued for an order (sim.sms).
  Q_INVOKABLE QString codeOf(const QString& orderId);
  // sim.door {locker_id, action}; open and close wait until boxd has seen the door move.
  Q_INVOKABLE void door(const QString& lockerId, const QString& action);
  Q_INVOKABLE QString doorState(const QString& lockerId);
  // A raw request: the result (throws on an error answer) / {ok, result|error}.
  Q_INVOKABLE QVariantMap call(const QString& method, const QVariantMap& params = {});
  Q_INVOKABLE QVariantMap request(const QString& method, const QVariantMap& params = {});
  // The dev staff session (desk1/1234) of the fixture's own connection.
  Q_INVOKABLE QString staffSession();
  // boxd down / up again (same state), or restarted on an empty state directory.
  Q_INVOKABLE void stopBoxd();
  Q_INVOKABLE void startBoxd();
  Q_INVOKABLE void restartBoxd(bool fresh = false);

 signals:
  void runningChanged();

 private:
  template <typename F>
  auto guarded(const char* what, F&& f) -> decltype(f());

  BoxdFixture& boxd_;
  QJSEngine& engine_;
};

}  // namespace pickupbox::kiosk::test
