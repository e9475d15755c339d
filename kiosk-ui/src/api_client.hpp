#pragma once
// The kiosk's one connection to boxd's local API: a Unix socket, one JSON object per line
// (firmware/api/protocol.hpp). It reconnects by itself, subscribes to live events on every
// connect, and fails the requests in flight when boxd goes away, so no screen waits forever.
#include <QJSValue>
#include <QJsonObject>
#include <QLocalSocket>
#include <QObject>
#include <QTimer>
#include <QVariantMap>
#include <functional>
#include <map>

namespace pickupbox::kiosk {

// One answer: the result object, or the error object {code, message, ...figures}.
struct ApiReply {
  bool ok = false;
  QJsonObject data;
  QString error_code() const { return data.value("code").toString(); }
};

class ApiClient : public QObject {
  Q_OBJECT
  Q_PROPERTY(bool connected READ connected NOTIFY connectedChanged)

 public:
  using Handler = std::function<void(const ApiReply&)>;

  explicit ApiClient(QString socket_path, QObject* parent = nullptr);
  // Drops the requests in flight without answering them: their handlers belong to objects
  // that are going away with this client (the Kiosk owns them all).
  ~ApiClient() override;

  bool connected() const { return connected_; }
  void start();
  void request(const QString& method, const QJsonObject& params, Handler handler);

  // For tests and the simulator: callback(ok, data) with data the result or the error.
  Q_INVOKABLE void call(const QString& method, const QVariantMap& params, const QJSValue& callback);

 signals:
  void connectedChanged();
  void event(const QJsonObject& event);

 private:
  void try_connect();
  void on_connected();
  void on_disconnected();
  void read_lines();
  void dispatch(const QJsonObject& message);
  void fail_pending(const QString& code, const QString& message);
  void set_connected(bool connected);

  QString socket_path_;
  QLocalSocket socket_;
  QTimer reconnect_;
  QTimer request_timeout_;
  bool connected_ = false;
  qint64 next_id_ = 1;
  struct Pending {
    Handler handler;
    qint64 deadline_ms;
  };
  std::map<qint64, Pending> pending_;
};

}  // namespace pickupbox::kiosk
