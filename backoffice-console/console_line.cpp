#include "console_line.hpp"

#include <optional>

namespace pickupbox::console {

namespace {

std::unexpected<core::Error> bad(std::string message) {
  return core::fail(core::ErrorCode::invalid_argument, std::move(message));
}

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

}  // namespace

core::Result<std::vector<std::string>> split_words(std::string_view line) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (is_blank(c)) {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
      continue;
    }
    if (c == '#' && !in_word) break;
    in_word = true;
    if (c == '\'') {
      const auto close = line.find('\'', i + 1);
      if (close == std::string_view::npos) return bad("unclosed ' in: " + std::string(line));
      word += line.substr(i + 1, close - i - 1);
      i = close;
    } else if (c == '"') {
      std::size_t j = i + 1;
      for (; j < line.size() && line[j] != '"'; ++j) {
        if (line[j] == '\\' && j + 1 < line.size() && (line[j + 1] == '"' || line[j + 1] == '\\')) ++j;
        word += line[j];
      }
      if (j >= line.size()) return bad("unclosed \" in: " + std::string(line));
      i = j;
    } else {
      word += c;
    }
  }
  if (in_word) words.push_back(std::move(word));
  return words;
}

core::Result<ConsoleLine> parse_console_line(std::string_view line) {
  auto split = split_words(line);
  if (!split) return std::unexpected(split.error());
  std::vector<std::string> words = std::move(*split);
  ConsoleLine parsed;
  if (words.empty()) return parsed;
  if (words.size() == 1 && (words[0] == "help" || words[0] == "?")) {
    parsed.kind = ConsoleLine::Kind::help;
    return parsed;
  }
  if (words.size() == 1 && (words[0] == "quit" || words[0] == "exit")) {
    parsed.kind = ConsoleLine::Kind::quit;
    return parsed;
  }
  std::size_t next = words[0] == "send" ? 1 : 0;
  if (words.size() < next + 2) {
    return bad("expected COMMAND DEVICE [key=value ...]; type help for the commands");
  }
  CommandRequest& request = parsed.request;
  if (is_known_command(words[next])) {
    request.command = words[next];
    request.device = words[next + 1];
  } else if (is_known_command(words[next + 1])) {
    request.device = words[next];
    request.command = words[next + 1];
  } else {
    return bad("no command in '" + std::string(line) + "'; type help for the commands");
  }
  for (next += 2; next < words.size(); ++next) {
    std::string& word = words[next];
    std::optional<std::string>* option = nullptr;
    std::string name;
    if (word == "--json" || word.starts_with("--json=")) {
      option = &request.raw_json;
      name = "--json";
    } else if (word == "--request-id" || word.starts_with("--request-id=")) {
      option = &request.request_id;
      name = "--request-id";
    } else if (word.starts_with("--")) {
      return bad("unknown option '" + word + "'; options: --json '{...}', --request-id ID");
    } else {
      request.fields.push_back(std::move(word));
      continue;
    }
    if (option->has_value()) return bad(name + " is given twice");
    if (word.size() > name.size()) {
      *option = word.substr(name.size() + 1);
    } else if (next + 1 < words.size()) {
      *option = std::move(words[++next]);
    } else {
      return bad(name + " needs a value");
    }
  }
  parsed.kind = ConsoleLine::Kind::command;
  return parsed;
}

}  // namespace pickupbox::console
