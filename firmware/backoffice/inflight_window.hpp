#pragma once
// Which outbox rows are with the broker right now. The drain hands rows to MQTT in sequence
// order, at most `capacity` at a time; a row leaves the window when the PUBACK for its
// message id arrives. Losing the connection empties the window: every row not acknowledged
// is sent again, from the oldest, on the next connection (same id and seq: the back office
// deduplicates). Pure bookkeeping, no I/O.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>

namespace pickupbox::backoffice {

class InflightWindow {
 public:
  explicit InflightWindow(std::size_t capacity) : capacity_(capacity) {}

  std::size_t capacity() const { return capacity_; }
  std::size_t size() const { return by_mid_.size(); }
  std::size_t room() const { return capacity_ > size() ? capacity_ - size() : 0; }
  // The highest seq handed over since the last reset; the next read starts after it.
  std::int64_t last_sent_seq() const { return last_sent_seq_; }

  // Row `seq` was published as message `mid`. Seqs must increase (rows go in order).
  void sent(std::int64_t seq, int mid);
  // The seq that `mid` carried, or nullopt for a message that is not ours (status,
  // cmd-result, heartbeat) or one from before the last reset.
  std::optional<std::int64_t> acknowledged(int mid);
  // The connection is gone: forget what was in flight and start again from `resume_after`
  // (the highest seq known to be acknowledged and deleted, usually 0: "from the oldest").
  void reset(std::int64_t resume_after = 0);

 private:
  std::size_t capacity_;
  std::map<int, std::int64_t> by_mid_;
  std::int64_t last_sent_seq_ = 0;
};

}  // namespace pickupbox::backoffice
