// NIP-11: the relay information document, served on GET / with Accept: application/nostr+json.
#pragma once
#include <nlohmann/json.hpp>

#include "core/crypto/secp256k1.hpp"
#include "node/server/config.hpp"

namespace flash::node::relay {

/// The NIPs this relay implements (also what the interop tests exercise).
inline constexpr int supported_nips[] = {1, 9, 11, 17, 29, 40, 42, 45, 59, 70};

/// The document: name, description, `self` (the key that signs NIP-29 group state), software,
/// supported NIPs and the `limitation` object with the limits this relay enforces.
nlohmann::json relay_information(const Config& config, const crypto::XOnlyKey& self);

}  // namespace flash::node::relay
