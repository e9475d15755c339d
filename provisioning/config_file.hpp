#pragma once
// A small editor for boxd's INI-style configuration file (README "Configuration"): it sets a
// key in a section and keeps every other line, comment and blank line byte for byte, so that
// `boxctl provision init` can touch [box] device_id and [backoffice] broker in a file IT has
// already written by hand. It checks only the structure (sections, key = value); the values
// are boxd's business (app/config.cpp), which reads the file on every start.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace pickupbox::provisioning {

inline constexpr const char* default_config_file = "/etc/pickupbox/boxd.conf";

class ConfigFile {
 public:
  // A missing file is an empty one (save() creates it). Structural errors name the file and
  // the line: "config /etc/pickupbox/boxd.conf line 7: expected 'key = value'".
  static core::Result<ConfigFile> load(const std::filesystem::path& file);
  static core::Result<ConfigFile> parse(std::string_view text, std::string_view origin);

  // The value of the last `key` in `section` (boxd takes the last one), without its comment.
  std::optional<std::string> get(std::string_view section, std::string_view key) const;
  // Replaces the value of every `key` line in `section`, keeping a trailing comment; else
  // appends `key = value` after the section's last setting; else appends the section.
  void set(std::string_view section, std::string_view key, std::string_view value);
  // Drops every setting of `section` and keeps its header and comments: for a section that
  // is written whole, like the door map; set() then fills it in order.
  void clear(std::string_view section);

  std::string text() const;
  // Atomically: a temporary file in the same directory, fsync, rename. Keeps the mode of an
  // existing file (0644 for a new one); makes the directory if it is missing.
  core::Result<void> save(const std::filesystem::path& file) const;

 private:
  struct Line {
    std::string text;
    std::string section;  // the section the line belongs to (for a header: its own)
    std::string key;      // empty for a header, comment or blank line
    bool header = false;
  };
  std::vector<Line> lines_;
  bool final_newline_ = true;
};

}  // namespace pickupbox::provisioning
