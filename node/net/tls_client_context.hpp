// The TLS settings of flash-node's outgoing connections: which server certificates to trust.
#pragma once
#include <memory>
#include <optional>
#include <string>

#include "node/server/asio.hpp"

namespace flash::node::net {

/// A client TLS context (TLS 1.2 or newer) that trusts either
///   - exactly the certificates in the PEM file `pinned_cert_file` (LND's self-signed tls.cert): the
///     server must present one of them as its own certificate; its issuer, validity dates and host
///     names are not checked, because the pin says everything (like an SSH host key). After
///     `tlsautorefresh` renews LND's certificate, the file must be updated; or
///   - with nullopt, the system's CA store; the caller must then check the host name
///     (asio::ssl::host_name_verification on each stream).
/// Throws flash::Error(bad_config) when the file cannot be read or holds no PEM certificate.
/// The context is not changed after this returns, so several threads may open streams on it.
std::shared_ptr<asio::ssl::context> make_client_tls_context(const std::optional<std::string>& pinned_cert_file);

}  // namespace flash::node::net
