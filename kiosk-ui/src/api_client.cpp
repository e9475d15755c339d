#include "api_client.hpp"

#include <QDateTime>
#include <QJSEngine>
#include <QJsonDocument>
#include <QLoggingCategory>

namespace pickupbox::kiosk {

Q_LOGGING_CATEGORY(api_log, "pickupbox.kiosk.api")

namespace {
constexpr int reconnect_interval_ms = 500;
// A pickup waits for the lock to confirm (about 1 s); anything far beyond that is a hung boxd.
constexpr qint64 answer_timeout_ms = 15000;
constexpr qint64 max_line_bytes = 64 * 1024;

qint64 now_ms() { return QDateTime::currentMSecsSinceEpoch(); }
}  // namespace

ApiClient::ApiClient(QString socket_path, QObject* parent) : QObject(parent), socket_path_(std::move(socket_path)) {
  reconnect_.setInterval(reconnect_interval_ms);
  reconnect_.setSingleShot(true);
  connect(&reconnect_, &QTimer::timeout, this, &ApiClient::try_connect);
  request_timeout_.setInterval(1000);
  connect(&request_timeout_, &QTimer::timeout, this, [this] {
    const auto now = now_ms();
    std::vector<Handler> expired;
    for (auto it = pending_.begin(); it != pending_.end();) {
      if (it->second.deadline_ms > now) {
        ++it;
        continue;
      }
      expired.push_back(std::move(it->second.handler));
      it = pending_.erase(it);
    }
    for (auto& handler : expired) {
      handler({false, QJsonObject{{"code", "timeout"}, {"message", "boxd did not answer in time"}}});
    }
  });
  connect(&socket_, &QLocalSocket::connected, this, &ApiClient::on_connected);
  connect(&socket_, &QLocalSocket::disconnected, this, &ApiClient::on_disconnected);
  connect(&socket_, &QLocalSocket::errorOccurred, this, [this](QLocalSocket::LocalSocketError) {
    if (socket_.state() == QLocalSocket::UnconnectedState) on_disconnected();
  });
  connect(&socket_, &QLocalSocket::readyRead, this, &ApiClient::read_lines);
}

ApiClient::~ApiClient() {
  socket_.disconnect(this);
  pending_.clear();
  socket_.abort();
}

void ApiClient::start() { try_connect(); }

void ApiClient::try_connect() {
  if (socket_.state() != QLocalSocket::UnconnectedState) return;
  socket_.connectToServer(socket_path_);
}

void ApiClient::on_connected() {
  qCInfo(api_log) << "connected to boxd at" << socket_path_;
  request_timeout_.start();
  request("events.subscribe", {}, [](const ApiReply& reply) {
    if (!reply.ok) qCWarning(api_log) << "events.subscribe refused:" << reply.data.value("message").toString();
  });
  set_connected(true);
}

void ApiClient::on_disconnected() {
  if (connected_) qCWarning(api_log) << "lost boxd at" << socket_path_ << "; reconnecting";
  request_timeout_.stop();
  set_connected(false);
  fail_pending("disconnected", "the connection to boxd was lost");
  if (!reconnect_.isActive()) reconnect_.start();
}

void ApiClient::set_connected(bool connected) {
  if (connected_ == connected) return;
  connected_ = connected;
  emit connectedChanged();
}

void ApiClient::fail_pending(const QString& code, const QString& message) {
  auto pending = std::exchange(pending_, {});
  for (auto& [id, p] : pending) p.handler({false, QJsonObject{{"code", code}, {"message", message}}});
}

void ApiClient::request(const QString& method, const QJsonObject& params, Handler handler) {
  if (socket_.state() != QLocalSocket::ConnectedState) {
    handler({false, QJsonObject{{"code", "disconnected"}, {"message", "not connected to boxd"}}});
    return;
  }
  const qint64 id = next_id_++;
  QJsonObject message{{"v", 1}, {"id", id}, {"method", method}, {"params", params}};
  pending_[id] = Pending{std::move(handler), now_ms() + answer_timeout_ms};
  socket_.write(QJsonDocument(message).toJson(QJsonDocument::Compact) + '\n');
}

void ApiClient::read_lines() {
  while (socket_.canReadLine()) {
    const QByteArray line = socket_.readLine(max_line_bytes + 2).trimmed();
    if (line.isEmpty()) continue;
    QJsonParseError error{};
    const auto document = QJsonDocument::fromJson(line, &error);
    if (!document.isObject()) {
      qCWarning(api_log) << "ignoring a line from boxd that is not a JSON object:" << error.errorString();
      continue;
    }
    dispatch(document.object());
  }
  if (socket_.bytesAvailable() > max_line_bytes) {
    qCWarning(api_log) << "boxd sent a line over" << max_line_bytes << "bytes; reconnecting";
    socket_.abort();
  }
}

void ApiClient::dispatch(const QJsonObject& message) {
  if (message.contains("event")) {
    emit event(message.value("event").toObject());
    return;
  }
  const auto it = pending_.find(message.value("id").toInteger(-1));
  if (it == pending_.end()) return;  // timed out already
  auto handler = std::move(it->second.handler);
  pending_.erase(it);
  const bool ok = message.value("ok").toBool();
  handler({ok, message.value(ok ? "result" : "error").toObject()});
}

void ApiClient::call(const QString& method, const QVariantMap& params, const QJSValue& callback) {
  request(method, QJsonObject::fromVariantMap(params), [this, callback](const ApiReply& reply) mutable {
    if (!callback.isCallable()) return;
    auto* engine = qjsEngine(this);
    if (!engine) return;
    callback.call({QJSValue(reply.ok), engine->toScriptValue(reply.data.toVariantMap())});
  });
}

}  // namespace pickupbox::kiosk
