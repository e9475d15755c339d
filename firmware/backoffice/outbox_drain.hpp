#pragma once
// Moves the durable outbox to the broker: rows leave in sequence order with a bounded
// window in flight, and a row is deleted only after its PUBACK. Deletions are grouped into
// one transaction per batch (a commit per PUBACK would cap the drain at the disk's fsync
// rate); a crash before a batch is written only means those rows are sent once more, which
// at-least-once delivery allows. Runs on boxd's loop.
#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <vector>

#include "backoffice/inflight_window.hpp"
#include "backoffice/mqtt_connection.hpp"
#include "backoffice/topics.hpp"
#include "store/store.hpp"

namespace pickupbox::backoffice {

struct DrainSettings {
  std::size_t window = 256;                   // rows handed to MQTT and not yet acknowledged
  std::size_t ack_batch = 1024;               // deletions per transaction, at most
  std::chrono::milliseconds ack_flush{50};    // ... or after this long
  std::int64_t high_water = 10'000;           // pending rows that raise a health warning
  std::int64_t compact_after = 10'000;        // deleted rows between two compactions
};

struct DrainStats {
  std::int64_t sent = 0;          // publishes handed to MQTT (resends included)
  std::int64_t acknowledged = 0;  // PUBACKs for outbox rows
  std::int64_t deleted = 0;       // rows removed from the outbox
  std::int64_t refused = 0;       // PUBACKs with an MQTT 5 failure reason
};

class OutboxDrain {
 public:
  OutboxDrain(asio::io_context& loop, store::Store& store, MqttConnection& mqtt, const Topics& topics,
              DrainSettings settings);

  // A connection is up: everything not acknowledged goes again, from the oldest row.
  void connected();
  // The connection is gone: keep what was acknowledged, forget what was in flight.
  void disconnected();
  // True when `mid` was one of the drain's rows.
  bool published(int mid, int reason);
  // New rows were committed.
  void wake();
  // Writes the acknowledged deletions now (before shutdown).
  void flush();

  const DrainStats& stats() const { return stats_; }
  std::size_t in_flight() const { return window_.size(); }
  const DrainSettings& settings() const { return settings_; }

 private:
  void fill();
  std::size_t refill_threshold() const;
  void schedule_flush();

  asio::io_context& loop_;
  store::Store& store_;
  MqttConnection& mqtt_;
  const Topics& topics_;
  DrainSettings settings_;
  InflightWindow window_;
  std::vector<std::int64_t> acked_;  // acknowledged, not yet deleted
  asio::steady_timer flush_timer_;
  bool flush_armed_ = false;
  bool filling_ = false;
  std::int64_t deleted_since_compaction_ = 0;
  DrainStats stats_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace pickupbox::backoffice
