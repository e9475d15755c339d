#include "backoffice/inflight_window.hpp"

#include <stdexcept>
#include <string>

namespace pickupbox::backoffice {

void InflightWindow::sent(std::int64_t seq, int mid) {
  if (seq <= last_sent_seq_) {
    throw std::logic_error("outbox row " + std::to_string(seq) + " handed over after row " +
                           std::to_string(last_sent_seq_) + ": rows must go in sequence order");
  }
  by_mid_[mid] = seq;
  last_sent_seq_ = seq;
}

std::optional<std::int64_t> InflightWindow::acknowledged(int mid) {
  auto it = by_mid_.find(mid);
  if (it == by_mid_.end()) return std::nullopt;
  auto seq = it->second;
  by_mid_.erase(it);
  return seq;
}

void InflightWindow::reset(std::int64_t resume_after) {
  by_mid_.clear();
  last_sent_seq_ = resume_after;
}

}  // namespace pickupbox::backoffice
