#include "idle_monitor.hpp"

#include <QCoreApplication>
#include <QEvent>

namespace pickupbox::kiosk {

IdleMonitor::IdleMonitor(int timeout_ms, QObject* parent) : QObject(parent) {
  timer_.setInterval(timeout_ms);
  connect(&timer_, &QTimer::timeout, this, &IdleMonitor::timedOut);
  QCoreApplication::instance()->installEventFilter(this);
  timer_.start();
}

void IdleMonitor::set_timeout_ms(int ms) {
  timer_.setInterval(ms);
  timer_.start();
  emit timeoutMsChanged();
}

bool IdleMonitor::eventFilter(QObject* watched, QEvent* event) {
  switch (event->type()) {
    case QEvent::MouseButtonPress:
    case QEvent::TouchBegin:
    case QEvent::KeyPress:
      timer_.start();
      break;
    default:
      break;
  }
  return QObject::eventFilter(watched, event);
}

}  // namespace pickupbox::kiosk
