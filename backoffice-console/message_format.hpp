#pragma once
// One human line for each message a box publishes, as `listen` prints it:
//   box-dev-001 event #12 order.loaded order_id=… locker_id=A07
//   box-dev-001 SMS to +4512345678 (da): <text>
//   box-dev-001 status online 0.1.0 health={…}
//   box-dev-001 status offline
//   box-dev-001 result r-17 ok {…}
//   box-dev-001 result r-17 error invalid_argument: <message>
//   box-dev-001 warning events: <what is wrong with it>
// Never throws: a malformed payload becomes a warning line. Control characters are escaped,
// so one message is always one line.
#include <string>
#include <string_view>

namespace pickupbox::console {

// Our own kind of traffic (cmd/<name>, which the console and other back offices publish):
// listen neither prints, logs nor counts it.
bool is_command_topic(std::string_view topic);

std::string format_message(std::string_view topic, std::string_view payload);

}  // namespace pickupbox::console
