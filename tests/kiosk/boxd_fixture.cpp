#include "boxd_fixture.hpp"

#include <QDeadlineTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QThread>

namespace pickupbox::kiosk::test {

namespace {
constexpr int start_timeout_ms = 10000;
constexpr int answer_timeout_ms = 10000;
constexpr int sms_timeout_ms = 5000;

QString compact(const QJsonObject& o) { return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)); }
}  // namespace

BoxdFixture::BoxdFixture(QString boxd) : boxd_(std::move(boxd)) {
  if (boxd_.isEmpty()) boxd_ = qEnvironmentVariable("PICKUPBOX_BOXD");
  if (boxd_.isEmpty()) {
    throw BoxdError("no boxd to run: set PICKUPBOX_BOXD (ctest does) or configure with -DPICKUPBOX_BOXD=/path/to/boxd");
  }
  if (!QFileInfo(boxd_).isExecutable()) throw BoxdError("boxd '" + boxd_ + "' is not an executable file");
  if (!dir_.isValid()) throw BoxdError("cannot create a temporary directory: " + dir_.errorString());
  // QTemporaryDir is created 0700 (mkdtemp); say so explicitly, the socket lives in it.
  QFile::setPermissions(dir_.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);

  QProcess print;
  print.start(boxd_, {"--print-config"});
  if (!print.waitForFinished(5000) || print.exitStatus() != QProcess::NormalExit || print.exitCode() != 0) {
    throw BoxdError("'" + boxd_ + " --print-config' failed: " + QString::fromLocal8Bit(print.readAllStandardError()));
  }
  QFile config(dir_.filePath("box.conf"));
  if (!config.open(QIODevice::WriteOnly) || config.write(print.readAllStandardOutput()) < 0) {
    throw BoxdError("cannot write " + config.fileName() + ": " + config.errorString());
  }
}

BoxdFixture::~BoxdFixture() { stop(); }

bool BoxdFixture::running() const { return process_ && process_->state() != QProcess::NotRunning; }

QString BoxdFixture::stderrTail() const {
  QFile log(dir_.filePath("boxd.log"));
  if (!log.open(QIODevice::ReadOnly)) return "(no boxd log)";
  const QByteArray text = log.readAll();
  return QString::fromUtf8(text.right(2000));
}

void BoxdFixture::start() {
  if (running()) return;
  const QString state = dir_.filePath(QString("state-%1").arg(state_generation_));
  QFile::remove(socketPath());
  process_ = std::make_unique<QProcess>();
  process_->setStandardOutputFile(dir_.filePath("boxd.log"), QIODevice::Append);
  process_->setStandardErrorFile(dir_.filePath("boxd.log"), QIODevice::Append);
  const QStringList args{"--sim",       "--config", dir_.filePath("box.conf"), "--state-dir", state,
                         "--socket",    socketPath(), "--log-level", "warn"};
  process_->start(boxd_, args);
  if (!process_->waitForStarted(5000)) {
    throw BoxdError("cannot start '" + boxd_ + " " + args.join(' ') + "': " + process_->errorString());
  }
  const QDeadlineTimer deadline(start_timeout_ms);
  QString last;
  while (!deadline.hasExpired()) {
    if (process_->state() == QProcess::NotRunning) {
      throw BoxdError(QString("boxd exited (code %1) while starting with '%2'; its log:\n%3")
                          .arg(process_->exitCode())
                          .arg(args.join(' '), stderrTail()));
    }
    try {
      connectClient();
      request("status");
      session_.clear();
      return;
    } catch (const BoxdError& e) {
      last = QString::fromStdString(e.what());
    }
    QThread::msleep(20);
  }
  throw BoxdError("boxd's socket " + socketPath() + " did not answer 'status' within 10 s (last: " + last +
                  "); its log:\n" + stderrTail());
}

void BoxdFixture::stop() {
  client_.abort();
  session_.clear();
  if (!running()) return;
  process_->terminate();  // SIGTERM: boxd shuts down cleanly
  if (!process_->waitForFinished(5000)) {
    process_->kill();
    process_->waitForFinished(2000);
  }
}

void BoxdFixture::restart(bool fresh) {
  stop();
  if (fresh) ++state_generation_;
  start();
}

void BoxdFixture::connectClient() {
  if (client_.state() == QLocalSocket::ConnectedState) return;
  client_.abort();
  client_.connectToServer(socketPath());
  if (!client_.waitForConnected(500)) {
    throw BoxdError("cannot connect to " + socketPath() + ": " + client_.errorString());
  }
}

QJsonObject BoxdFixture::request(const QString& method, const QJsonObject& params) {
  connectClient();
  const qint64 id = next_id_++;
  const QJsonObject message{{"v", 1}, {"id", id}, {"method", method}, {"params", params}};
  const QString what = method + " " + compact(params);
  client_.write(QJsonDocument(message).toJson(QJsonDocument::Compact) + '\n');
  if (!client_.waitForBytesWritten(answer_timeout_ms)) {
    throw BoxdError("cannot send " + what + " to boxd: " + client_.errorString());
  }
  const QDeadlineTimer deadline(answer_timeout_ms);
  while (!deadline.hasExpired()) {
    while (client_.canReadLine()) {
      const QByteArray line = client_.readLine().trimmed();
      if (line.isEmpty()) continue;
      const auto doc = QJsonDocument::fromJson(line);
      if (!doc.isObject()) throw BoxdError("boxd answered " + what + " with a line that is not JSON: " + line);
      const QJsonObject answer = doc.object();
      if (answer.value("id").toInteger(-1) != id) continue;  // an event, or an older answer
      return answer;
    }
    if (client_.state() != QLocalSocket::ConnectedState) {
      throw BoxdError("boxd closed the connection while answering " + what);
    }
    client_.waitForReadyRead(static_cast<int>(std::max<qint64>(1, deadline.remainingTime())));
  }
  throw BoxdError("boxd did not answer " + what + " within 10 s");
}

QJsonObject BoxdFixture::call(const QString& method, const QJsonObject& params) {
  const QJsonObject answer = request(method, params);
  if (!answer.value("ok").toBool()) {
    throw BoxdError("boxd refused " + method + " " + compact(params) + ": " +
                    compact(answer.value("error").toObject()));
  }
  return answer.value("result").toObject();
}

QString BoxdFixture::staffSession() {
  if (session_.isEmpty()) {
    session_ = call("staff.login", {{"staff_id", "desk1"}, {"pin", "1234"}}).value("session").toString();
    if (session_.isEmpty()) throw BoxdError("staff.login desk1 answered without a session");
  }
  return session_;
}

QString BoxdFixture::doorState(const QString& locker_id) {
  const auto lockers = call("lockers").value("lockers").toArray();
  for (const auto& l : lockers) {
    if (l.toObject().value("id").toString() == locker_id) return l.toObject().value("door").toString();
  }
  throw BoxdError("boxd's 'lockers' has no door " + locker_id);
}

void BoxdFixture::door(const QString& locker_id, const QString& action) {
  call("sim.door", {{"locker_id", locker_id}, {"action", action}});
  if (action != "open" && action != "close") return;
  // boxd polls the boards; wait until it has seen the door move, so an open followed at once
  // by a close is never missed.
  const QString want = action == "open" ? "open" : "closed";
  const QDeadlineTimer deadline(5000);
  QString seen;
  while (!deadline.hasExpired()) {
    seen = doorState(locker_id);
    if (seen == want) return;
    QThread::msleep(20);
  }
  throw BoxdError("after sim.door " + action + " of " + locker_id + " boxd still reports the door " + seen);
}

QString BoxdFixture::codeInText(const QString& text) {
  static const QRegularExpression code(R"((?<!\d)(\d{6,8})(?!\d))");
  const auto match = code.match(text);
  return match.hasMatch() ? match.captured(1) : QString();
}

QString BoxdFixture::smsText(const QString& order_id) {
  const QDeadlineTimer deadline(sms_timeout_ms);
  while (true) {
    const auto sms = call("sim.sms", {{"order_id", order_id}}).value("sms").toArray();
    // The newest request wins (a reminder may follow the first SMS).
    for (qsizetype i = sms.size() - 1; i >= 0; --i) {
      const auto text = sms.at(i).toObject().value("text").toString();
      if (!codeInText(text).isEmpty()) return text;
    }
    if (deadline.hasExpired()) break;
    QThread::msleep(20);
  }
  throw BoxdError("boxd queued no SMS with a code for order " + order_id + " within 5 s");
}

QString BoxdFixture::codeOf(const QString& order_id) { return codeInText(smsText(order_id)); }

LoadedOrder BoxdFixture::loadAdHoc(const QString& phone, const QString& document_kind, const QString& size,
                                   const QString& date_of_birth, const QString& language) {
  QJsonObject params{{"session", staffSession()}, {"phone", phone}, {"document_kind", document_kind},
                     {"size", size},              {"language", language}};
  if (!date_of_birth.isEmpty()) params["date_of_birth"] = date_of_birth;
  const auto loaded = call("staff.load", params);
  LoadedOrder order;
  order.order_id = loaded.value("order_id").toString();
  order.locker_id = loaded.value("locker_id").toString();
  if (order.order_id.isEmpty() || order.locker_id.isEmpty()) {
    throw BoxdError("staff.load answered without order_id/locker_id: " + compact(loaded));
  }
  door(order.locker_id, "open");
  door(order.locker_id, "close");
  order.sms_text = smsText(order.order_id);
  order.code = codeInText(order.sms_text);
  return order;
}

}  // namespace pickupbox::kiosk::test
