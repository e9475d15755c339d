#pragma once
// Checks the TLS files of the back-office link before the first connection, so that a
// wrong file gives a message naming it and the check that failed, instead of a handshake
// error from deep inside OpenSSL.
#include "backoffice/mqtt_connection.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"

namespace pickupbox::backoffice {

// Each file readable and PEM; the certificate valid at `now`, issued by the CA file's
// certificate, and matching the private key. The key file should be 0600: a looser mode
// is refused, since the key is the box's identity.
core::Result<void> check_tls_identity(const TlsFiles& files, core::TimePoint now);

}  // namespace pickupbox::backoffice
