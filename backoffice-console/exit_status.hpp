#pragma once
// The console's exit statuses, which scripts and tests switch on.
namespace pickupbox::console::exit_status {

inline constexpr int ok = 0;              // send: ok:true; listen: --count reached, or stopped
inline constexpr int command_failed = 1;  // send: the box answered ok:false (or an unreadable answer)
inline constexpr int unreachable = 2;     // connection failure, or --timeout-s reached
inline constexpr int usage = 64;          // bad command line or command fields (sysexits EX_USAGE)

}  // namespace pickupbox::console::exit_status
