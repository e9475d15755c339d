#include "usbsim/line_state.hpp"

#include <cstdlib>

namespace pickupbox::usbsim {

namespace {

char parity_letter(Parity parity) {
  switch (parity) {
    case Parity::none: return 'N';
    case Parity::odd: return 'O';
    case Parity::even: return 'E';
    case Parity::mark: return 'M';
    case Parity::space: return 'S';
  }
  return '?';
}

std::string stop_text(StopBits stop) {
  switch (stop) {
    case StopBits::one: return "1";
    case StopBits::one_and_half: return "1.5";
    case StopBits::two: return "2";
  }
  return "?";
}

}  // namespace

bool LineState::runs_at(int nominal) const {
  return nominal > 0 && std::abs(baud - nominal) * 100 <= nominal;
}

std::string LineState::describe() const {
  return std::to_string(baud) + " " + std::to_string(data_bits) + parity_letter(parity) + stop_text(stop_bits) +
         " flow=" + (flow_control_off ? "off" : "on") + " dtr=" + std::to_string(dtr) + " rts=" + std::to_string(rts) +
         " break=" + std::to_string(break_on) + " latency=" + std::to_string(latency_ms) + "ms";
}

}  // namespace pickupbox::usbsim
