#include "provisioning/config_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <sstream>

#include "pki/x509_files.hpp"

namespace pickupbox::provisioning {

using core::ErrorCode;
using core::fail;
using core::Result;

namespace {

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r");
  return s.substr(first, last - first + 1);
}

// The line without its comment, trimmed; boxd's parser reads lines the same way.
std::string_view content(std::string_view line) {
  line = trim(line);
  if (const auto hash = line.find('#'); hash != std::string_view::npos) line = trim(line.substr(0, hash));
  return line;
}

// " # comment" with the spaces before it, or "".
std::string_view trailing_comment(std::string_view line) {
  const auto hash = line.find('#');
  if (hash == std::string_view::npos) return {};
  auto start = hash;
  while (start > 0 && (line[start - 1] == ' ' || line[start - 1] == '\t')) --start;
  return line.substr(start);
}

std::string errno_text() { return std::strerror(errno); }

}  // namespace

Result<ConfigFile> ConfigFile::parse(std::string_view text, std::string_view origin) {
  ConfigFile file;
  // boxd reads keys before the first header as [box].
  std::string section = "box";
  int line_no = 0;
  std::istringstream in{std::string(text)};
  for (std::string raw; std::getline(in, raw);) {
    ++line_no;
    const auto where = [&](const std::string& what) {
      return fail(ErrorCode::invalid_argument,
                  "config " + std::string(origin) + " line " + std::to_string(line_no) + ": " + what +
                      "; fix the line (or move the file away) and run the command again");
    };
    Line line{raw, section, "", false};
    const auto body = content(raw);
    if (!body.empty() && body.front() == '[') {
      if (body.back() != ']' || body.size() < 3) return where("a section header looks like '[backoffice]'");
      section = std::string(trim(body.substr(1, body.size() - 2)));
      line.section = section;
      line.header = true;
    } else if (!body.empty()) {
      const auto eq = body.find('=');
      if (eq == std::string_view::npos) return where("expected 'key = value'");
      line.key = std::string(trim(body.substr(0, eq)));
      if (line.key.empty()) return where("the key before '=' is missing");
    }
    file.lines_.push_back(std::move(line));
  }
  file.final_newline_ = text.empty() || text.back() == '\n';
  return file;
}

Result<ConfigFile> ConfigFile::load(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::exists(std::filesystem::symlink_status(file, ec))) return ConfigFile{};
  auto text = pki::read_text_file(file, "config file");
  if (!text) return std::unexpected(pki::with_hint(text.error(), "check the path given with --config and its permissions"));
  return parse(*text, file.string());
}

std::optional<std::string> ConfigFile::get(std::string_view section, std::string_view key) const {
  std::optional<std::string> value;
  for (const auto& line : lines_) {
    if (line.section != section || line.key != key) continue;
    const auto body = content(line.text);
    value = std::string(trim(body.substr(body.find('=') + 1)));
  }
  return value;
}

void ConfigFile::clear(std::string_view section) {
  std::erase_if(lines_, [section](const Line& line) { return line.section == section && !line.key.empty(); });
}

void ConfigFile::set(std::string_view section, std::string_view key, std::string_view value) {
  const std::string setting = std::string(key) + " = " + std::string(value);
  bool replaced = false;
  for (auto& line : lines_) {
    if (line.section != section || line.key != key) continue;
    // Keep the indentation and the comment IT wrote after the value.
    const auto indent = line.text.substr(0, line.text.find_first_not_of(" \t"));
    line.text = indent + setting + std::string(trailing_comment(line.text));
    replaced = true;
  }
  if (replaced) return;
  // After the last setting of the section's last occurrence, so that its trailing comments
  // and blank line keep introducing whatever comes next.
  std::optional<std::size_t> insert_after;
  bool in_section = section == "box";  // the lines before the first header are [box]
  for (std::size_t i = 0; i < lines_.size(); ++i) {
    if (lines_[i].header) {
      in_section = lines_[i].section == section;
      if (in_section) insert_after = i;
    } else if (in_section && !lines_[i].key.empty()) {
      insert_after = i;
    }
  }
  if (insert_after) {
    lines_.insert(lines_.begin() + static_cast<std::ptrdiff_t>(*insert_after + 1),
                  Line{setting, std::string(section), std::string(key), false});
    return;
  }
  if (!lines_.empty() && !content(lines_.back().text).empty()) lines_.push_back(Line{"", lines_.back().section, "", false});
  lines_.push_back(Line{"[" + std::string(section) + "]", std::string(section), "", true});
  lines_.push_back(Line{setting, std::string(section), std::string(key), false});
}

std::string ConfigFile::text() const {
  std::string out;
  for (std::size_t i = 0; i < lines_.size(); ++i) {
    out += lines_[i].text;
    if (i + 1 < lines_.size() || final_newline_) out += '\n';
  }
  return out;
}

Result<void> ConfigFile::save(const std::filesystem::path& file) const {
  const auto dir = file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return fail(ErrorCode::storage, "cannot create directory " + dir.string() + " for config file " + file.string() +
                                        " (" + ec.message() + "); check the path and your permissions");
  }
  mode_t mode = 0644;
  if (struct stat st {}; ::stat(file.c_str(), &st) == 0) mode = st.st_mode & 07777;
  const auto tmp = file.string() + ".boxctl-tmp";
  ::unlink(tmp.c_str());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    return fail(ErrorCode::storage, "cannot write config file " + file.string() + " (" + tmp + ": " + errno_text() +
                                        "); check the directory's permissions");
  }
  const auto body = text();
  const bool written = ::write(fd, body.data(), body.size()) == static_cast<ssize_t>(body.size()) &&
                       ::fchmod(fd, mode) == 0 && ::fsync(fd) == 0;
  const int saved = errno;
  ::close(fd);
  if (!written || std::rename(tmp.c_str(), file.c_str()) != 0) {
    const int why = written ? errno : saved;
    ::unlink(tmp.c_str());
    return fail(ErrorCode::storage,
                "cannot write config file " + file.string() + " (" + std::strerror(why) + "); nothing was changed");
  }
  return {};
}

}  // namespace pickupbox::provisioning
