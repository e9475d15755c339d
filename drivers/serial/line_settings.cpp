#include "serial/line_settings.hpp"

#include <cctype>
#include <charconv>

namespace pickupbox::serial {
namespace {

constexpr std::string_view format_hint = "write it as BAUD DATABITS PARITY STOPBITS, e.g. 19200 8N1";

std::unexpected<core::Error> bad_text(std::string_view text, const std::string& why) {
  return core::fail(core::ErrorCode::invalid_argument,
                    "serial line settings '" + std::string(text) + "': " + why + "; " + std::string(format_hint));
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

bool parse_int(std::string_view text, int& out) {
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return !text.empty() && ec == std::errc{} && ptr == end;
}

bool parse_parity(char letter, Parity& out) {
  switch (std::toupper(static_cast<unsigned char>(letter))) {
    case 'N': out = Parity::none; return true;
    case 'O': out = Parity::odd; return true;
    case 'E': out = Parity::even; return true;
    case 'M': out = Parity::mark; return true;
    case 'S': out = Parity::space; return true;
    default: return false;
  }
}

std::string why_invalid(const LineSettings& s) {
  if (s.baud < 1 || s.baud > max_baud) {
    return "baud rate " + std::to_string(s.baud) + " is out of range 1.." + std::to_string(max_baud);
  }
  if (s.data_bits < 5 || s.data_bits > 8) return "data bits " + std::to_string(s.data_bits) + " must be 5-8";
  if (s.stop_bits != 1 && s.stop_bits != 2) return "stop bits " + std::to_string(s.stop_bits) + " must be 1 or 2";
  return {};
}

}  // namespace

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

core::Result<void> check_line_settings(const LineSettings& settings) {
  if (auto why = why_invalid(settings); !why.empty()) {
    return core::fail(core::ErrorCode::invalid_argument,
                      "serial line settings " + to_string(settings) + ": " + why + "; " + std::string(format_hint));
  }
  return {};
}

core::Result<LineSettings> parse_line_settings(std::string_view text) {
  const auto line = trim(text);
  const auto space = line.find_first_of(" \t");
  if (space == std::string_view::npos) return bad_text(text, "expected a baud rate and a frame format");
  const auto baud_text = line.substr(0, space);
  const auto frame = trim(line.substr(space));

  LineSettings settings;
  if (!parse_int(baud_text, settings.baud)) {
    return bad_text(text, "baud rate '" + std::string(baud_text) + "' is not a number");
  }
  if (frame.size() != 3) return bad_text(text, "frame format '" + std::string(frame) + "' is not 3 characters like 8N1");
  if (!std::isdigit(static_cast<unsigned char>(frame[0])) || !std::isdigit(static_cast<unsigned char>(frame[2]))) {
    return bad_text(text, "frame format '" + std::string(frame) + "' must be digit, letter, digit like 8N1");
  }
  settings.data_bits = frame[0] - '0';
  settings.stop_bits = frame[2] - '0';
  if (!parse_parity(frame[1], settings.parity)) {
    return bad_text(text, std::string("parity '") + frame[1] + "' is not one of N, O, E, M, S");
  }
  if (auto why = why_invalid(settings); !why.empty()) return bad_text(text, why);
  return settings;
}

std::string to_string(const LineSettings& settings) {
  return std::to_string(settings.baud) + ' ' + std::to_string(settings.data_bits) + parity_letter(settings.parity) +
         std::to_string(settings.stop_bits);
}

}  // namespace pickupbox::serial
