#pragma once
// What the citizens and staff were told, kept apart from what boxd stores, so the checker
// can hold the two against each other: every order a driver heard of must exist exactly once
// in a state at least as far as the driver saw. It also remembers every piece of personal
// data the soak handed boxd (phones, dates of birth, pickup codes) for the leak checks.
#include <map>
#include <optional>
#include <set>
#include <string>

namespace pickupbox::soak {

// awaiting_load < loaded < expired < final (collected, returned, cancelled).
int progress_rank(const std::string& state);
bool is_final_state(const std::string& state);

struct Request {
  std::string phone;
  std::string date_of_birth;
  bool let_expire = false;  // a back-office order with a short expires_at: nobody collects it
};

struct KnownOrder {
  std::string id;
  std::string reference;
  std::string told;  // furthest state a driver was shown; "" before any
  std::string locker_id;
  std::string code;  // from the SMS, once seen
  Request request;
};

class Ledger {
 public:
  // Before the request goes out: the order may exist even if the answer never arrives
  // (boxd killed between commit and reply), and the reference is how it is found again.
  void requested(const std::string& reference, Request request);
  std::optional<Request> request_for(const std::string& reference) const;

  // An order id a driver learned (from an answer, or from staff.orders for a reference it sent).
  KnownOrder& learn(const std::string& order_id, const std::string& reference);
  KnownOrder* find(const std::string& order_id);
  // Moves an order's told state forward; never back (a later, stale read cannot undo it).
  void told(const std::string& order_id, const std::string& state);
  void code_seen(const std::string& order_id, const std::string& code);

  const std::map<std::string, KnownOrder>& orders() const { return orders_; }
  const std::set<std::string>& phones() const { return phones_; }
  const std::set<std::string>& dates_of_birth() const { return dates_of_birth_; }
  const std::set<std::string>& codes() const { return codes_; }

 private:
  std::map<std::string, Request> requests_;  // by reference
  std::map<std::string, KnownOrder> orders_;  // by order id
  std::set<std::string> phones_;
  std::set<std::string> dates_of_birth_;
  std::set<std::string> codes_;
};

}  // namespace pickupbox::soak
