#pragma once
// The worker's account of what it committed, written only AFTER Store::commit returned:
// one line "<order_id> <state> <event type>" per event of the commit. Whatever is in this
// log must be in the database; the database may be ahead (killed before the log write).
#include <fstream>
#include <string>
#include <vector>

namespace pickupbox::crash {

struct Committed {
  std::string order_id;
  std::string state;
  std::string event;
};

inline std::string format_line(const Committed& c) { return c.order_id + ' ' + c.state + ' ' + c.event + '\n'; }

// A last line without its newline was cut by the kill mid-write and is ignored.
inline std::vector<Committed> read_log(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<Committed> out;
  std::size_t start = 0;
  for (auto end = text.find('\n', start); end != std::string::npos; end = text.find('\n', start)) {
    const std::string line = text.substr(start, end - start);
    start = end + 1;
    const auto a = line.find(' ');
    const auto b = line.find(' ', a + 1);
    if (a == std::string::npos || b == std::string::npos) continue;
    out.push_back({line.substr(0, a), line.substr(a + 1, b - a - 1), line.substr(b + 1)});
  }
  return out;
}

}  // namespace pickupbox::crash
