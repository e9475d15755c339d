#include "checker.hpp"

#include <cctype>
#include <chrono>
#include <map>
#include <stdexcept>
#include <vector>

#include "store/database.hpp"
#include "store/invariants.hpp"
#include "wait.hpp"

namespace pickupbox::soak {

namespace {

using namespace std::chrono_literals;

struct StoredOrder {
  std::string reference;
  std::string state;
  std::string locker_id;
};

store::Database open_database(const std::filesystem::path& file) {
  if (!std::filesystem::exists(file)) throw std::runtime_error("no state file at " + file.string());
  auto db = store::Database::open(file);
  if (!db) throw std::runtime_error("the checker cannot open " + file.string() + ": " + db.error().message);
  return std::move(*db);
}

// Runs `sql` in the caller's read transaction and hands each row to `row`.
template <class Row>
void each_row(store::Database& db, std::string_view sql, Row row) {
  auto stmt = db.prepare(sql, "soak checker");
  if (!stmt) throw std::runtime_error("soak checker: " + stmt.error().message);
  for (;;) {
    auto more = stmt->step();
    if (!more) throw std::runtime_error("soak checker: " + more.error().message);
    if (!*more) return;
    row(*stmt);
  }
}

// State changes each reported by exactly one event (one id; repeats of that id are fine).
const std::map<std::string, std::vector<std::string>> required_events{
    {"awaiting_load", {"order.created"}},
    {"loaded", {"order.created", "order.loaded"}},
    {"expired", {"order.created", "order.loaded", "order.expired"}},
    {"collected", {"order.created", "order.loaded", "order.collected"}},
    {"returned", {"order.created", "order.loaded", "order.expired", "order.returned"}},
};

bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }
bool is_letter(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }

}  // namespace

Checker::Checker(BoxRig& rig, Ledger& ledger, Tally& tally, Findings& findings)
    : rig_(rig), ledger_(ledger), tally_(tally), findings_(findings) {}

void Checker::add(std::string_view after, std::string what, std::string order_id, std::string door) {
  const auto key = what + "|" + order_id + "|" + door;
  if (!reported_.insert(key).second) return;
  findings_.add(what + " (found after " + std::string(after) + ")", std::move(order_id), std::move(door));
}

void Checker::check(std::string_view after) {
  ++tally_.checks;
  rig_.office().sync();
  check_store(after);
  check_orders(after);
  check_delivery(after, false);
  check_personal_data(after, false);
}

void Checker::final_check(std::chrono::seconds drain_timeout) {
  ++tally_.checks;
  const bool all_delivered = drained(drain_timeout);
  if (!all_delivered) add("end", "the outbox did not drain to the back office within " + std::to_string(drain_timeout.count()) + " s");
  rig_.office().sync();
  check_store("end");
  check_orders("end");
  check_delivery("end", true);
  check_personal_data("end", true);
}

void Checker::check_store(std::string_view after) {
  auto db = open_database(rig_.database_file());
  auto violations = store::check_invariants(db);
  if (!violations) throw std::runtime_error("store::check_invariants failed to run: " + violations.error().message);
  tally_.rules_checked += 6;
  for (const auto& v : *violations) add(after, "store invariant: " + v);
}

void Checker::check_orders(std::string_view after) {
  auto db = open_database(rig_.database_file());
  std::map<std::string, StoredOrder> stored;
  std::map<std::string, int> per_reference;
  std::map<std::string, std::vector<std::string>> open_per_door;
  if (auto begun = db.exec("BEGIN", "soak checker"); !begun) throw std::runtime_error(begun.error().message);
  each_row(db, "SELECT id, reference, state, locker_id FROM orders", [&](store::Statement& row) {
    StoredOrder order{row.text(1), row.text(2), row.optional_text(3).value_or("")};
    ++per_reference[order.reference];
    if (!order.locker_id.empty() && !is_final_state(order.state)) open_per_door[order.locker_id].push_back(row.text(0));
    stored.emplace(row.text(0), std::move(order));
  });
  (void)db.exec("ROLLBACK", "soak checker");

  for (const auto& [door, orders] : open_per_door) {
    ++tally_.rules_checked;
    if (orders.size() > 1) add(after, "door is named by " + std::to_string(orders.size()) + " open orders", orders[0], door);
  }
  for (const auto& [id, known] : ledger_.orders()) {
    tally_.rules_checked += 2;
    const auto it = stored.find(id);
    if (it == stored.end()) {
      add(after, "order the drivers were told about is missing from the database (told: " + known.told + ")", id,
          known.locker_id);
      continue;
    }
    const auto& state = it->second.state;
    const bool behind = progress_rank(state) < progress_rank(known.told) ||
                        (is_final_state(known.told) && state != known.told);
    if (behind) add(after, "order is " + state + " in the database but the drivers saw it " + known.told, id, it->second.locker_id);
    if (it->second.reference != known.reference) add(after, "order's reference changed to " + it->second.reference, id);
  }
  for (const auto& [id, order] : stored) {
    ++tally_.rules_checked;
    if (per_reference[order.reference] > 1) {
      add(after, "reference " + order.reference + " has " + std::to_string(per_reference[order.reference]) + " orders", id, order.locker_id);
    }
    if (order.reference.starts_with("BAD-")) {
      add(after, "a malformed back-office command created order " + order.reference, id, order.locker_id);
    } else if (!ledger_.request_for(order.reference)) {
      add(after, "an order nobody asked for (reference " + order.reference + ")", id, order.locker_id);
    }
  }
}

std::int64_t Checker::highest_seq_assigned() {
  auto db = open_database(rig_.database_file());
  std::int64_t highest = 0;
  each_row(db, "SELECT seq FROM sqlite_sequence WHERE name = 'outbox'",
           [&](store::Statement& row) { highest = row.int64(0); });
  return highest;
}

bool Checker::drained(std::chrono::seconds timeout) {
  return e2e::eventually(
      [&] {
        std::int64_t pending = -1;
        {
          auto db = open_database(rig_.database_file());
          each_row(db, "SELECT count(*) FROM outbox", [&](store::Statement& row) { pending = row.int64(0); });
        }
        if (pending != 0) return false;
        const auto highest = highest_seq_assigned();
        rig_.office().sync();
        std::set<std::int64_t> seqs;
        for (const auto& r : rig_.office().received()) {
          if (r.seq) seqs.insert(*r.seq);
        }
        return seqs.empty() ? highest == 0 : *seqs.rbegin() >= highest && static_cast<std::int64_t>(seqs.size()) >= highest;
      },
      timeout);
}

void Checker::check_delivery(std::string_view after, bool complete) {
  const auto events = rig_.office().events_topic();
  const auto sms = rig_.office().sms_topic();
  std::map<std::int64_t, std::set<std::string>> ids_per_seq;
  std::map<std::string, std::set<std::int64_t>> seqs_per_id;
  // order id -> event type -> distinct event ids
  std::map<std::string, std::map<std::string, std::set<std::string>>> order_events;
  for (const auto& r : rig_.office().received()) {
    if (r.topic != events && r.topic != sms) continue;
    if (r.type == "heartbeat") continue;
    if (!r.seq || r.id.empty()) {
      add(after, "a message on " + r.topic + " without seq or id: " + r.payload.substr(0, 200));
      continue;
    }
    ids_per_seq[*r.seq].insert(r.id);
    seqs_per_id[r.id].insert(*r.seq);
    if (r.topic == events && r.json.is_object()) {
      const auto order_id = r.json.value("order_id", std::string{});
      if (!order_id.empty()) order_events[order_id][r.type].insert(r.id);
    }
  }
  for (const auto& [seq, ids] : ids_per_seq) {
    ++tally_.rules_checked;
    if (ids.size() > 1) add(after, "seq " + std::to_string(seq) + " carried " + std::to_string(ids.size()) + " different event ids");
  }
  for (const auto& [id, seqs] : seqs_per_id) {
    ++tally_.rules_checked;
    if (seqs.size() > 1) add(after, "event id " + id + " arrived with " + std::to_string(seqs.size()) + " different seqs");
  }
  if (!complete) return;

  const auto highest = highest_seq_assigned();
  std::int64_t missing = 0;
  std::string first_missing;
  for (std::int64_t seq = 1; seq <= highest; ++seq) {
    ++tally_.rules_checked;
    if (ids_per_seq.contains(seq)) continue;
    if (missing++ < 20) first_missing += (first_missing.empty() ? "" : ", ") + std::to_string(seq);
  }
  if (missing > 0) {
    add(after, std::to_string(missing) + " of seqs 1.." + std::to_string(highest) + " never reached the back office: " +
                   first_missing + (missing > 20 ? ", ..." : ""));
  }
  if (!ids_per_seq.empty() && ids_per_seq.rbegin()->first > highest) {
    add(after, "the back office received seq " + std::to_string(ids_per_seq.rbegin()->first) +
                   " beyond the box's high-water mark " + std::to_string(highest));
  }

  // Each order's state changes, against its state in the database.
  auto db = open_database(rig_.database_file());
  if (auto begun = db.exec("BEGIN", "soak checker"); !begun) throw std::runtime_error(begun.error().message);
  std::vector<std::pair<std::string, std::string>> orders;
  each_row(db, "SELECT id, state FROM orders", [&](store::Statement& row) { orders.emplace_back(row.text(0), row.text(1)); });
  (void)db.exec("ROLLBACK", "soak checker");
  for (const auto& [order_id, state] : orders) {
    const auto rule = required_events.find(state);
    if (rule == required_events.end()) continue;  // cancelled: nothing required beyond what it has
    for (const auto& type : rule->second) {
      ++tally_.rules_checked;
      const auto& ids = order_events[order_id][type];
      if (ids.empty()) {
        add(after, "order is " + state + " but " + type + " never reached the back office", order_id);
      } else if (ids.size() > 1) {
        add(after, type + " reached the back office with " + std::to_string(ids.size()) + " different ids", order_id);
      }
    }
  }
}

void Checker::leak_scan(std::string_view text, std::string_view where, std::string_view after) {
  // Walks the digit runs once: a code is a 6-8 digit run on its own; a phone is +45 and 8
  // digits (or the 8 or 10 digits without the plus); a date of birth is YYYY-MM-DD.
  const auto& codes = ledger_.codes();
  const auto& phones = ledger_.phones();
  const auto& dobs = ledger_.dates_of_birth();
  for (std::size_t i = 0; i < text.size();) {
    if (!is_digit(text[i])) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < text.size() && is_digit(text[j])) ++j;
    const auto run = std::string(text.substr(i, j - i));
    const auto context = std::string(text.substr(i < 40 ? 0 : i - 40, 100));
    // A run touching a letter is part of a word or hex (a UUID such as
    // "…-043933df69bf" holds six-digit runs by chance): a code is never written that way.
    const bool in_word = (i > 0 && is_letter(text[i - 1])) || (j < text.size() && is_letter(text[j]));
    if (run.size() >= 6 && run.size() <= 8 && !in_word && codes.contains(run)) {
      add(after, "a pickup code in " + std::string(where) + ": ..." + context + "...");
    }
    if ((run.size() == 10 && run.starts_with("45") && phones.contains("+" + run)) ||
        (run.size() == 8 && phones.contains("+45" + run))) {
      add(after, "a phone number in " + std::string(where) + ": ..." + context + "...");
    }
    if (run.size() == 4 && j + 6 <= text.size() && text[j] == '-' && text[j + 3] == '-') {
      const auto date = std::string(text.substr(i, 10));
      if (dobs.contains(date)) add(after, "a date of birth in " + std::string(where) + ": ..." + context + "...");
    }
    i = j;
  }
}

void Checker::check_personal_data(std::string_view after, bool everything) {
  // Codes become known only when their SMS is read, so the final pass rescans everything.
  const auto& received = rig_.office().received();
  const auto sms = rig_.office().sms_topic();
  for (std::size_t i = everything ? 0 : messages_scanned_; i < received.size(); ++i) {
    if (received[i].topic == sms) continue;  // the one message that must carry phone and code
    // The back office's own commands (the soak's, echoed by the broker) carry the order's data.
    if (received[i].topic.find("/cmd/") != std::string::npos) continue;
    ++tally_.rules_checked;
    leak_scan(received[i].payload, "a message on " + received[i].topic, after);
  }
  messages_scanned_ = received.size();
  const auto log = rig_.boxd().log_text();
  const std::size_t from = everything || log_scanned_ > log.size() ? 0 : log_scanned_;
  ++tally_.rules_checked;
  leak_scan(std::string_view(log).substr(from), "boxd's log", after);
  log_scanned_ = log.size();
}

}  // namespace pickupbox::soak
