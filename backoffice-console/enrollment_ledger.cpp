#include "enrollment_ledger.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>

namespace pickupbox::console {

namespace {

using core::ErrorCode;
using core::fail;

}  // namespace

core::Result<EnrollmentLedger> EnrollmentLedger::open(std::optional<std::filesystem::path> path) {
  EnrollmentLedger ledger;
  ledger.path_ = std::move(path);
  if (!ledger.path_) return ledger;
  std::error_code ec;
  if (!std::filesystem::exists(*ledger.path_, ec)) return ledger;
  std::ifstream in(*ledger.path_);
  if (!in) {
    return fail(ErrorCode::storage, "cannot read --ledger '" + ledger.path_->string() + "': check its permissions");
  }
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty()) continue;
    auto json = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    const auto text = [&](const char* key) -> std::optional<std::string> {
      if (!json.is_object() || !json.contains(key) || !json[key].is_string()) return std::nullopt;
      return json[key].get<std::string>();
    };
    auto device = text("device_id");
    auto key = text("key_sha256");
    if (!device || !key) {
      return fail(ErrorCode::invalid_argument, "--ledger '" + ledger.path_->string() + "' line " +
                                                   std::to_string(number) +
                                                   " is not a ledger entry (a JSON object with device_id and "
                                                   "key_sha256): repair or remove that line");
    }
    ledger.remember(LedgerEntry{*device, *key, text("nonce").value_or(""), text("serial").value_or(""),
                                text("not_after").value_or(""), text("enrolled_at").value_or("")});
  }
  return ledger;
}

core::Result<void> EnrollmentLedger::append(const LedgerEntry& entry) {
  if (path_) {
    const nlohmann::ordered_json json{{"device_id", entry.device_id}, {"key_sha256", entry.key_sha256},
                                      {"nonce", entry.nonce},         {"serial", entry.serial},
                                      {"not_after", entry.not_after}, {"enrolled_at", entry.enrolled_at}};
    const std::string line = json.dump() + "\n";
    const int fd = ::open(path_->c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0) {
      return fail(ErrorCode::storage, "cannot open --ledger '" + path_->string() + "' to record " + entry.device_id +
                                          ": " + std::strerror(errno));
    }
    std::string_view rest = line;
    int error = 0;
    while (!rest.empty()) {
      const ssize_t n = ::write(fd, rest.data(), rest.size());
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        error = errno;
        break;
      }
      rest.remove_prefix(static_cast<std::size_t>(n));
    }
    if (error == 0 && ::fsync(fd) != 0) error = errno;
    ::close(fd);
    if (error != 0) {
      return fail(ErrorCode::storage, "cannot write --ledger '" + path_->string() + "' to record " + entry.device_id +
                                          ": " + std::strerror(error) + " (disk full?)");
    }
  }
  remember(entry);
  return {};
}

void EnrollmentLedger::remember(const LedgerEntry& entry) {
  devices_.insert(entry.device_id);
  keys_.insert(entry.key_sha256);
  if (!entry.nonce.empty()) nonces_.insert(entry.nonce);
}

}  // namespace pickupbox::console
