#include "provisioning/text_table.hpp"

#include <algorithm>
#include <stdexcept>

namespace pickupbox::provisioning {

TextTable::TextTable(std::vector<std::string> headers) : headers_(std::move(headers)) {}

void TextTable::add_row(std::vector<std::string> cells) {
  if (cells.size() > headers_.size()) throw std::invalid_argument("TextTable row has more cells than headers");
  cells.resize(headers_.size());
  rows_.push_back(std::move(cells));
}

namespace {

void append_line(std::string& out, const std::vector<std::string>& cells, const std::vector<std::size_t>& widths) {
  std::string line;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) line += "  ";
    line += cells[i];
    line.append(widths[i] - cells[i].size(), ' ');
  }
  line.erase(line.find_last_not_of(' ') + 1);
  out += line;
  out += '\n';
}

}  // namespace

std::string TextTable::render() const {
  std::vector<std::size_t> widths(headers_.size());
  for (std::size_t i = 0; i < headers_.size(); ++i) {
    widths[i] = headers_[i].size();
    for (const auto& row : rows_) widths[i] = std::max(widths[i], row[i].size());
  }
  std::string out;
  append_line(out, headers_, widths);
  for (const auto& row : rows_) append_line(out, row, widths);
  return out;
}

}  // namespace pickupbox::provisioning
