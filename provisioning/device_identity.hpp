#pragma once
// The box's identity for the back office: an EC P-256 key that never leaves the state
// directory, the CSR that asks the back office's CA to certify it, the certificate, and the
// CA that boxd trusts for the broker. boxd reads the same files by the same names (README
// "Configuration", [backoffice]); boxctl writes them while boxd is stopped or before it starts.
//
//   init:         device.key (0600) + device.csr (CN = device id) + backoffice-ca.crt
//   install-cert: device.crt, after checking it chains to the CA, is valid now, matches the
//                 key and names this device
//   rotate:       device.next.key + device.next.csr; device.key and device.crt keep working
//                 until a certificate for the next key is installed, which then replaces them
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace pickupbox::provisioning {

inline constexpr const char* default_state_dir = "/var/lib/pickupbox";

struct IdentityFiles {  // all in the state directory (boxd's defaults)
  std::filesystem::path state_dir;
  std::filesystem::path key() const { return state_dir / "device.key"; }        // EC P-256, PEM, 0600
  std::filesystem::path csr() const { return state_dir / "device.csr"; }        // PEM, CN = device id
  std::filesystem::path cert() const { return state_dir / "device.crt"; }
  std::filesystem::path ca() const { return state_dir / "backoffice-ca.crt"; }
  std::filesystem::path next_key() const { return state_dir / "device.next.key"; }  // rotation, until installed
  std::filesystem::path next_csr() const { return state_dir / "device.next.csr"; }
};

// Makes the 0700 state directory if needed, a new EC P-256 key (0600, never printed) and a
// CSR (CN = device_id, SHA-256), and copies ca_file to ca(). Refuses when a key already
// exists, unless `force`, which also removes the old certificate and any pending rotation
// (they belong to the old key). Returns the CSR PEM.
core::Result<std::string> create_identity(const IdentityFiles& files, std::string_view device_id,
                                          const std::filesystem::path& ca_file, bool force);

// Checks, each with its own error: the PEM parses; the key is EC P-256; the certificate
// chains to ca() for TLS client use; it is valid now (which way not, with the dates); its key
// is device.next.key (a rotation completes: next.key becomes key(), next.csr becomes csr())
// or device.key (a renewal; a pending rotation stays pending); its CN is the device id in
// device.csr. Then writes cert() atomically (0644).
core::Result<void> install_certificate(const IdentityFiles& files, std::string_view certificate_pem);

// A new key and CSR (same device id) as next_key()/next_csr(); replaces a rotation already
// pending (a certificate for that earlier next key is then refused). Returns the CSR PEM.
core::Result<std::string> start_rotation(const IdentityFiles& files);

// The device id (CN) of a CSR, after checking its self-signature and the id's syntax.
core::Result<std::string> csr_device_id(const std::string& csr_pem);

// What `boxctl provision show` prints. Never the key itself.
struct IdentitySummary {
  std::string device_id;  // from device.csr
  std::string key_type;   // "EC P-256"
  bool has_certificate = false;
  std::string cert_subject;
  std::string cert_issuer;
  std::string not_before;
  std::string not_after;
  bool cert_valid_now = false;
  bool cert_matches_key = false;
  bool has_ca = false;
  bool rotation_pending = false;
};
core::Result<IdentitySummary> describe_identity(const IdentityFiles& files);
std::string format_summary(const IdentitySummary& summary, const IdentityFiles& files);

}  // namespace pickupbox::provisioning
