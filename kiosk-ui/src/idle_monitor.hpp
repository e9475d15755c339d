#pragma once
// Notices when nobody has touched the kiosk for a while, so the flow can go back to the
// welcome screen and drop whatever the last person typed.
#include <QObject>
#include <QTimer>

namespace pickupbox::kiosk {

class IdleMonitor : public QObject {
  Q_OBJECT
  Q_PROPERTY(int timeoutMs READ timeout_ms WRITE set_timeout_ms NOTIFY timeoutMsChanged)

 public:
  explicit IdleMonitor(int timeout_ms, QObject* parent = nullptr);

  int timeout_ms() const { return timer_.interval(); }
  void set_timeout_ms(int ms);
  Q_INVOKABLE void restart() { timer_.start(); }

 signals:
  void timeoutMsChanged();
  void timedOut();

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  QTimer timer_;
};

}  // namespace pickupbox::kiosk
