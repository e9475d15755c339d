#pragma once
// Left-aligned columns for terminal output, as wide as their widest cell.
#include <string>
#include <vector>

namespace pickupbox::provisioning {

class TextTable {
 public:
  explicit TextTable(std::vector<std::string> headers);

  // A row with fewer cells than headers is padded with empty cells; extra cells are a bug
  // (std::invalid_argument).
  void add_row(std::vector<std::string> cells);

  // Columns separated by two spaces, no trailing spaces, every line ending in '\n'.
  std::string render() const;

 private:
  std::vector<std::string> headers_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace pickupbox::provisioning
