#include "backoffice/outbox_drain.hpp"

#include <asio/post.hpp>
#include <algorithm>

#include "log/log.hpp"

namespace pickupbox::backoffice {

OutboxDrain::OutboxDrain(asio::io_context& loop, store::Store& store, MqttConnection& mqtt, const Topics& topics,
                         DrainSettings settings)
    : loop_(loop),
      store_(store),
      mqtt_(mqtt),
      topics_(topics),
      settings_(settings),
      window_(settings.window),
      flush_timer_(loop) {}

void OutboxDrain::connected() {
  flush();
  window_.reset();
  fill();
}

void OutboxDrain::disconnected() {
  flush();
  window_.reset();
}

bool OutboxDrain::published(int mid, int reason) {
  auto seq = window_.acknowledged(mid);
  if (!seq) return false;
  if (reason >= 128) {
    // The broker would not take it (ACL, quota). Keep the row: after the reconnect the
    // drain starts from the oldest row again, so nothing is skipped.
    ++stats_.refused;
    log::error("backoffice.publish_refused", {{"seq", *seq}, {"reason", reason}});
    mqtt_.drop(core::Error{core::ErrorCode::hardware,
                           "the broker refused outbox row " + std::to_string(*seq) + " (MQTT reason " +
                               std::to_string(reason) + "): check its ACL for this device id; retrying"});
    return true;
  }
  ++stats_.acknowledged;
  acked_.push_back(*seq);
  if (acked_.size() >= settings_.ack_batch) {
    flush();
  } else {
    schedule_flush();
  }
  fill();
  return true;
}

void OutboxDrain::wake() {
  if (filling_) return;
  filling_ = true;
  // Coalesces the wake-ups of one commit's rows into one read.
  asio::post(loop_, [this, alive = std::weak_ptr<bool>(alive_)] {
    if (alive.expired()) return;
    filling_ = false;
    fill();
  });
}

std::size_t OutboxDrain::refill_threshold() const {
  // Reading one row per PUBACK cost more than the publishing itself, so refill in batches.
  // The batch stays below the part of the window libmosquitto does not hold in flight, so
  // the socket never runs dry while waiting for a batch (a dry socket meets Nagle and
  // delayed ACKs: 40 ms stalls).
  const auto inflight = static_cast<std::size_t>(std::max(0, mqtt_.settings().max_inflight));
  const auto spare = settings_.window > inflight ? settings_.window - inflight : 0;
  return std::clamp<std::size_t>(spare / 2, 1, 64);
}

void OutboxDrain::fill() {
  if (window_.size() > 0 && window_.room() < refill_threshold()) return;
  while (mqtt_.connected() && window_.room() > 0) {
    auto rows = store_.outbox_pending(static_cast<std::int64_t>(window_.room()), window_.last_sent_seq());
    if (!rows) {
      log::error("backoffice.outbox_read_failed", {{"message", rows.error().message}});
      return;
    }
    if (rows->empty()) return;
    for (const auto& row : *rows) {
      const auto topic = row.kind == store::OutboxKind::sms ? topics_.sms() : topics_.events();
      auto mid = mqtt_.publish(topic, row.payload, 1, false);
      if (!mid) return;  // the connection broke; disconnected() follows
      window_.sent(row.seq, *mid);
      ++stats_.sent;
    }
  }
}

void OutboxDrain::schedule_flush() {
  if (flush_armed_) return;
  flush_armed_ = true;
  flush_timer_.expires_after(settings_.ack_flush);
  flush_timer_.async_wait([this, alive = std::weak_ptr<bool>(alive_)](const std::error_code& ec) {
    if (ec || alive.expired()) return;
    flush_armed_ = false;
    flush();
  });
}

void OutboxDrain::flush() {
  if (acked_.empty()) return;
  auto deleted = store_.outbox_ack(acked_);
  if (!deleted) {
    // The rows stay and go again later; a full disk must not stop the box from working.
    log::error("backoffice.outbox_ack_failed", {{"rows", acked_.size()}, {"message", deleted.error().message}});
    return;
  }
  acked_.clear();
  stats_.deleted += *deleted;
  deleted_since_compaction_ += *deleted;
  if (deleted_since_compaction_ >= settings_.compact_after && window_.size() == 0) {
    deleted_since_compaction_ = 0;
    if (auto compacted = store_.compact(); !compacted) {
      log::warn("backoffice.compact_failed", {{"message", compacted.error().message}});
    }
  }
}

}  // namespace pickupbox::backoffice
