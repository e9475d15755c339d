#pragma once
// The UART settings a USB-to-serial chip has been programmed with, decoded from the
// control requests it received, so tests can assert "19200 8N1, no flow control".
#include <string>

namespace pickupbox::usbsim {

enum class Parity { none, odd, even, mark, space };
enum class StopBits { one, one_and_half, two };

struct LineState {
  int baud = 9600;  // the rate the chip really runs at, from its divisor (CH340: 19231 for 19200)
  int data_bits = 8;
  Parity parity = Parity::none;
  StopBits stop_bits = StopBits::one;
  bool flow_control_off = true;
  bool break_on = false;
  bool dtr = false;
  bool rts = false;
  int latency_ms = 16;  // FTDI latency timer; 0 on chips without one
  int reset_count = 0;  // FTDI SIO resets; CH340 SERIAL_INIT requests
  int purge_rx_count = 0;
  int purge_tx_count = 0;

  // Within 1% of `nominal`: a UART tolerates about 2%, and the neighbouring divisors of a
  // wrong setting are further off than 1%.
  bool runs_at(int nominal) const;
  // "19200 8N1 flow=off dtr=1 rts=1" for failure messages.
  std::string describe() const;
};

}  // namespace pickupbox::usbsim
