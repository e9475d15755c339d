#include "provisioning/demo.hpp"

#include <chrono>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "provisioning/box_session.hpp"
#include "provisioning/box_waits.hpp"
#include "provisioning/sms_code.hpp"

namespace pickupbox::provisioning {
namespace {

// Made-up citizen data. Shown masked all the same: the demo should look like the real thing.
constexpr const char* demo_phone = "+4512345678";
constexpr const char* demo_phone_masked = "+45 ****5678";
constexpr const char* demo_date_of_birth = "1990-05-17";
constexpr const char* demo_date_typed = "17-05-1990";  // as a Danish citizen types it at the kiosk

using StepBody = std::function<Outcome<void>()>;

struct DemoArgs {
  std::string state_dir;
  std::string order_reference;  // an order the back office created; empty: staff loads ad hoc
  std::string sms_log;          // the back-office console's --log file; empty: boxd's outbox
};

// The SMS text for `order_id` among the messages the back-office console logged, one JSON
// object per line: {"topic": ".../sms", "payload": {...}}.
std::optional<std::string> sms_in_console_log(const std::string& file, const std::string& order_id) {
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) {
    const auto entry = Json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (!entry.is_object() || !entry.value("topic", std::string{}).ends_with("/sms")) continue;
    const auto& payload = entry["payload"];
    if (payload.is_object() && payload.value("order_id", std::string{}) == order_id) {
      return payload.value("text", std::string{});
    }
  }
  return std::nullopt;
}

class DemoScript {
 public:
  DemoScript(BoxSession& box, const DemoArgs& args) : box_(box), args_(args) {}

  Outcome<void> run() {
    if (auto subscribed = box_.call("subscribe to events", "events.subscribe"); !subscribed) {
      return std::unexpected(subscribed.error());
    }
    const std::vector<std::pair<std::string, StepBody>> steps = {
        {"Staff desk1 logs in", [this] { return staff_logs_in(); }},
        args_.order_reference.empty()
            ? std::pair<std::string, StepBody>{std::string("Staff loads a passport for phone ") + demo_phone_masked +
                                                   " (date of birth required)",
                                               [this] { return staff_loads(); }}
            : std::pair<std::string, StepBody>{"Staff loads the back office's order " + args_.order_reference,
                                               [this] { return staff_loads_backoffice_order(); }},
        {"The door opens", [this] { return door_reads("open"); }},
        {"Staff puts the passport in and closes the door", [this] { return close_and_wait("order.loaded"); }},
        {"The SMS with the pickup code goes to the citizen", [this] { return sms_is_queued(); }},
        {"The citizen types a wrong code", [this] { return wrong_code_refused(); }},
        {"The citizen types the right code and date of birth", [this] { return right_code_accepted(); }},
        {"The door opens", [this] { return door_reads("open"); }},
        {"The citizen takes the passport and closes the door", [this] { return citizen_closes(); }},
        {"The order is collected", [this] { return order_collected(); }},
    };
    step_count_ = steps.size();
    for (const auto& [title, body] : steps) {
      if (auto ok = step(title, body); !ok) return ok;
    }
    std::cout << "Demo complete: all " << step_count_ << " steps worked.\n";
    return {};
  }

 private:
  Outcome<void> step(const std::string& title, const StepBody& body) {
    const int number = ++current_;
    std::cout << "[" << number << "/" << step_count_ << "] " << title << " ... " << std::flush;
    auto ok = body();
    if (ok) {
      std::cout << "ok" << (note_.empty() ? "" : " (" + note_ + ")") << '\n';
      for (const auto& line : details_) std::cout << "      " << line << '\n';
      note_.clear();
      details_.clear();
      return {};
    }
    std::cout << "FAILED\n" << std::flush;
    Failure failure = ok.error();
    failure.exit = ExitCode::failed;  // a demo step that did not work is a failed demo, whatever the cause
    failure.what = "demo step " + std::to_string(number) + " (" + title + "): " + failure.what;
    return std::unexpected(std::move(failure));
  }

  static std::unexpected<Failure> wrong(std::string what, std::string why) {
    return std::unexpected(Failure{ExitCode::failed, std::move(what), std::move(why), "unexpected", ""});
  }

  Outcome<void> staff_logs_in() {
    auto login = box_.login(StaffCredentials{"desk1", "1234"});
    if (!login) return std::unexpected(login.error());
    note_ = "session valid for " + std::to_string(login->value("timeout_s", 0)) + " s without use";
    return {};
  }

  Outcome<void> staff_loads() {
    auto loaded = box_.staff_call("load a passport", "staff.load",
                                  Json{{"phone", demo_phone},
                                       {"document_kind", "passport"},
                                       {"size", "M"},
                                       {"date_of_birth", demo_date_of_birth},
                                       {"language", "en"}});
    if (!loaded) return std::unexpected(loaded.error());
    order_id_ = loaded->value("order_id", std::string{});
    locker_id_ = loaded->value("locker_id", std::string{});
    if (order_id_.empty() || locker_id_.empty()) return wrong("load a passport", "boxd named no order or no door");
    note_ = "order " + order_id_ + " in door " + locker_id_;
    return {};
  }

  Outcome<void> staff_loads_backoffice_order() {
    auto waiting = box_.staff_call("list orders awaiting loading", "staff.orders", Json{{"state", "awaiting_load"}});
    if (!waiting) return std::unexpected(waiting.error());
    std::string order_id;
    for (const auto& o : waiting->value("orders", Json::array())) {
      if (o.value("reference", std::string{}) == args_.order_reference) order_id = o.value("order_id", std::string{});
    }
    if (order_id.empty()) {
      return wrong("find the back office's order",
                   "no order awaiting loading has reference " + args_.order_reference +
                       "; did the back office's create-order reach the box?");
    }
    auto loaded = box_.staff_call("load the order", "staff.load", Json{{"order_id", order_id}});
    if (!loaded) return std::unexpected(loaded.error());
    order_id_ = order_id;
    locker_id_ = loaded->value("locker_id", std::string{});
    if (locker_id_.empty()) return wrong("load the order", "boxd named no door");
    note_ = "order " + order_id_ + " in door " + locker_id_;
    return {};
  }

  Outcome<void> close_door() {
    auto closed =
        box_.call("close door " + locker_id_, "sim.door", Json{{"locker_id", locker_id_}, {"action", "close"}});
    if (!closed) return std::unexpected(closed.error());
    return {};
  }

  Outcome<void> close_and_wait(std::string_view event_type) {
    if (auto closed = close_door(); !closed) return closed;
    auto event = wait_for_order_event(box_, event_type, order_id_);
    if (!event) return std::unexpected(event.error());
    note_ = "event " + std::string(event_type);
    return {};
  }

  Outcome<void> sms_is_queued() {
    if (!args_.sms_log.empty()) return sms_delivered_by_backoffice();
    auto outbox = box_.call("read the SMS outbox", "sim.sms", Json{{"order_id", order_id_}});
    if (!outbox) return std::unexpected(outbox.error());
    for (const auto& sms : outbox->value("sms", Json::array())) {
      if (sms.value("order_id", std::string{}) != order_id_) continue;
      return take_code(sms.value("text", std::string{}));
    }
    return wrong("read the SMS outbox", "no SMS for order " + order_id_ + " is waiting to be sent");
  }

  // The SMS went over MQTT and the back-office console "delivered" it (logged it).
  Outcome<void> sms_delivered_by_backoffice() {
    const auto deadline = std::chrono::steady_clock::now() + default_wait;
    for (;;) {
      if (auto text = sms_in_console_log(args_.sms_log, order_id_)) return take_code(*text);
      if (std::chrono::steady_clock::now() >= deadline) {
        return wrong("wait for the SMS at the back office",
                     "no SMS for order " + order_id_ + " reached the back-office console (" + args_.sms_log +
                         ") within 10 s; is the broker running and boxd connected ('boxctl status')?");
      }
      std::this_thread::sleep_for(std::chrono::milliseconds{100});
    }
  }

  Outcome<void> take_code(const std::string& text) {
    auto code = pickup_code_in(text);
    if (!code) return wrong("read the SMS", "the SMS for order " + order_id_ + " has no code in it");
    code_ = *code;
    details_.push_back("SMS to " + std::string(demo_phone_masked) + ": \"" + text + "\"");
    return {};
  }

  Outcome<void> wrong_code_refused() {
    std::string typed = code_;
    typed.back() = typed.back() == '9' ? '0' : static_cast<char>(typed.back() + 1);
    auto verified = box_.call("type a wrong code", "pickup.verify", Json{{"code", typed}});
    if (verified)
      return wrong("type a wrong code", "a wrong code opened door " + verified->value("locker_id", std::string{"?"}));
    if (verified.error().code != "wrong_code") return std::unexpected(verified.error());
    note_ = "refused";
    details_.push_back("kiosk says: " + verified.error().message);
    return {};
  }

  Outcome<void> right_code_accepted() {
    auto verified =
        box_.call("type the right code", "pickup.verify", Json{{"code", code_}, {"identifier", demo_date_typed}});
    if (!verified) return std::unexpected(verified.error());
    const auto door = verified->value("locker_id", std::string{});
    if (door != locker_id_) return wrong("type the right code", "boxd opened door " + door + ", not " + locker_id_);
    note_ = "door " + door + " unlocked";
    return {};
  }

  Outcome<void> citizen_closes() {
    if (auto closed = close_door(); !closed) return closed;
    return door_reads("closed");
  }

  Outcome<void> door_reads(std::string_view reading) {
    if (auto ok = wait_for_door(box_, locker_id_, reading); !ok) return ok;
    note_ = "door " + locker_id_ + " reads " + std::string(reading);
    return {};
  }

  Outcome<void> order_collected() {
    auto event = wait_for_order_event(box_, "order.collected", order_id_);
    if (!event) return std::unexpected(event.error());
    auto done = box_.call("check the order", "pickup.done", Json{{"order_id", order_id_}});
    if (!done) return std::unexpected(done.error());
    if (!done->value("collected", false)) {
      return wrong("check the order", "pickup.done says state " + done->value("state", std::string{"?"}));
    }
    note_ = "state " + done->value("state", std::string{"?"});
    return {};
  }

  BoxSession& box_;
  const DemoArgs& args_;
  std::size_t step_count_ = 0;
  int current_ = 0;
  std::string note_;
  std::vector<std::string> details_;
  std::string order_id_;
  std::string locker_id_;
  std::string code_;
};

// The demo is usually started right after boxd (./run.sh --demo), so give boxd a moment to
// open its socket instead of failing on the first try.
Outcome<BoxSession> open_when_ready(const GlobalOptions& options) {
  const auto deadline = std::chrono::steady_clock::now() + default_wait;
  for (;;) {
    auto box = BoxSession::open(options);
    if (box || box.error().exit != ExitCode::unreachable || std::chrono::steady_clock::now() >= deadline) return box;
    std::this_thread::sleep_for(std::chrono::milliseconds{100});
  }
}

Outcome<void> run_demo(const GlobalOptions& options, const DemoArgs& args) {
  auto box = open_when_ready(options);
  if (!box) return std::unexpected(box.error());
  std::cout << "Pickup Box demo against boxd on " << options.socket << "\n";
  auto ok = DemoScript(*box, args).run();
  box->logout();
  if (ok && !args.state_dir.empty())
    std::cout << "boxd keeps its state (database, audit log) in " << args.state_dir << '\n';
  return ok;
}

}  // namespace

void add_demo_command(CLI::App& app, CommandContext& context) {
  auto args = std::make_shared<DemoArgs>();
  auto* demo =
      app.add_subcommand("demo", "run the scripted load-and-pickup scenario against a boxd started with --sim");
  demo->add_option("--state-dir", args->state_dir, "boxd's state directory, named in the summary");
  demo->add_option("--order-reference", args->order_reference,
                   "load this order, created by the back office, instead of an ad-hoc desk load");
  demo->add_option("--sms-log", args->sms_log,
                   "read the SMS from the back-office console's --log file instead of boxd's outbox");
  demo->callback([&context, args] { context.action = [&context, args] { return run_demo(context.global, *args); }; });
}

}  // namespace pickupbox::provisioning
