#pragma once
// Drives boxd over one API connection the way the kiosk and the desk would. Calls that must
// succeed throw std::runtime_error with boxd's code and message, so a test fails with the
// reason instead of a cascade of empty values.
#include <chrono>
#include <deque>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "api/client.hpp"
#include "wait.hpp"

namespace pickupbox::e2e {

using Json = nlohmann::json;

struct Citizen {
  std::string phone = "+4512345678";
  std::string date_of_birth = "1990-05-17";
  std::string size = "M";
};

struct LoadedOrder {
  std::string order_id;
  std::string locker_id;
  std::string code;  // from the SMS request
};

class BoxDriver {
 public:
  explicit BoxDriver(api::Client client);

  api::CallResult call(std::string_view method, Json params = Json::object());
  Json ok(std::string_view method, Json params = Json::object());                 // throws on an error
  api::CallError refused(std::string_view method, Json params = Json::object());  // throws on success

  // Logs in as the development account; the session goes into staff().
  void login(const std::string& staff_id = "desk1", const std::string& pin = "1234");
  Json staff(std::string_view method, Json params = Json::object());  // ok() with the session
  const std::string& session() const { return session_; }

  void subscribe();
  // The first event (seen earlier or arriving before the deadline) of `type` that `matches`;
  // it is consumed. Throws on timeout.
  Json wait_event(std::string_view type, const std::function<bool(const Json&)>& matches = nullptr,
                  std::chrono::milliseconds timeout = default_timeout);
  Json wait_order_event(std::string_view type, const std::string& order_id);

  Json locker(const std::string& id);  // one entry of `lockers`
  void wait_door(const std::string& locker_id, const std::string& reading);
  void wait_settled();  // every door has been read once (no "unknown")
  void sim_door(const std::string& locker_id, const std::string& action);

  // staff.load ad hoc; returns order and door, the door is unlocked.
  LoadedOrder start_load(const Citizen& citizen = {});
  // start_load, the door seen open, closed, order.loaded, the code read from the SMS.
  // Needs subscribe() first.
  LoadedOrder load_confirmed(const Citizen& citizen = {});
  std::string sms_code(const std::string& order_id);
  Json order_summary(const std::string& order_id);  // from staff.orders

 private:
  api::Client client_;
  std::string session_;
  std::deque<Json> seen_events_;
};

// "field 'x'...": the code and message of a refusal, for failure output.
std::string describe(const api::CallError& error);

}  // namespace pickupbox::e2e
