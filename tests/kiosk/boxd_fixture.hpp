#pragma once
// A real `boxd --sim` for the kiosk's Qt tests and the screenshot tool: started in a fresh
// 0700 temporary directory with the built-in development configuration (24 doors on boards
// 0 and 1, dev staff desk1/1234), stopped with SIGTERM at the end, restartable (the kiosk's
// reconnect test). Beside it, a small blocking JSON-lines client for test set-up.
//
// Every failure throws BoxdError with what failed and with which input, so a test says why.
#include <QJsonObject>
#include <QLocalSocket>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>
#include <memory>
#include <stdexcept>

namespace pickupbox::kiosk::test {

class BoxdError : public std::runtime_error {
 public:
  explicit BoxdError(const QString& what) : std::runtime_error(what.toStdString()) {}
};

// What a loaded (and confirmed) order looks like to a test.
struct LoadedOrder {
  QString order_id;
  QString locker_id;
  QString code;      // from the SMS boxd queued for it
  QString sms_text;
};

class BoxdFixture {
 public:
  // `boxd` is the executable; empty: the environment variable PICKUPBOX_BOXD.
  explicit BoxdFixture(QString boxd = {});
  ~BoxdFixture();
  BoxdFixture(const BoxdFixture&) = delete;
  BoxdFixture& operator=(const BoxdFixture&) = delete;

  // Starts boxd and waits (up to 10 s) until its socket answers `status`.
  void start();
  // SIGTERM, then wait (SIGKILL after 5 s). Safe to call when not running.
  void stop();
  // stop() + start(). fresh: a new, empty state directory (orders, throttle and attempts gone).
  void restart(bool fresh = false);
  bool running() const;

  QString socketPath() const { return dir_.filePath("api.sock"); }
  QString directory() const { return dir_.path(); }
  QString boxdPath() const { return boxd_; }

  // One request; the result object. Throws BoxdError on an error answer or a transport failure.
  QJsonObject call(const QString& method, const QJsonObject& params = {});
  // One request; {ok: bool, result|error}. Throws only on a transport failure.
  QJsonObject request(const QString& method, const QJsonObject& params = {});

  // The dev staff session (desk1/1234), logged in on first use and again after a restart.
  QString staffSession();
  // staff.load ad hoc, then the door opened and closed through the simulator, then waits
  // (up to 5 s) until boxd queued the SMS: the order is loaded and its code known.
  LoadedOrder loadAdHoc(const QString& phone = "+4512345678", const QString& document_kind = "passport",
                        const QString& size = "M", const QString& date_of_birth = "1990-05-17",
                        const QString& language = "da");
  // The SMS text of an order (waits up to 5 s for one) and the code in it (6-8 digits).
  QString smsText(const QString& order_id);
  QString codeOf(const QString& order_id);
  // sim.door open|close|jam|unjam.
  void door(const QString& locker_id, const QString& action);
  // The door state boxd reports ("open", "closed", "unknown") for a locker.
  QString doorState(const QString& locker_id);

  // Extracts the 6-8 digit code from an SMS text; empty when there is none.
  static QString codeInText(const QString& text);

 private:
  void connectClient();
  QString stderrTail() const;

  QString boxd_;
  QTemporaryDir dir_;
  int state_generation_ = 0;
  std::unique_ptr<QProcess> process_;
  QLocalSocket client_;
  qint64 next_id_ = 1;
  QString session_;
};

}  // namespace pickupbox::kiosk::test
