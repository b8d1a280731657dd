// The relay's own key (NIP-11 "self"; signs NIP-29 group state), kept in DATA/relay.key as hex,
// readable by the node's user only. Created on first start.
#pragma once
#include <string>

#include "core/crypto/secp256k1.hpp"

namespace flash::node::relay {

/// Reads DATA/relay.key, creating it with a fresh random key (mode 0600) when missing. Throws
/// Error(bad_config) when the file exists but does not hold a valid key, or cannot be written.
crypto::SecretKey load_or_create_relay_key(const std::string& data_dir);

}  // namespace flash::node::relay
