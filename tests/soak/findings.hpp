#pragma once
// What the soak found wrong. Every violation names what broke and, where there is one, the
// order and the door, so a failing run can be followed into boxd's log and the database.
#include <string>
#include <vector>

namespace pickupbox::soak {

struct Violation {
  std::string what;
  std::string order_id;  // empty when the rule is not about one order
  std::string door;      // empty when the rule is not about one door
};

class Findings {
 public:
  void add(std::string what, std::string order_id = {}, std::string door = {}) {
    violations_.push_back(Violation{std::move(what), std::move(order_id), std::move(door)});
  }
  const std::vector<Violation>& violations() const { return violations_; }

 private:
  std::vector<Violation> violations_;
};

}  // namespace pickupbox::soak
