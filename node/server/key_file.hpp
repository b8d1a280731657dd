// Secret keys flash-node creates for itself and keeps in its data directory as hex, readable by
// the node's user only: relay.key (NIP-11 "self", signs NIP-29 group state), mint.passphrase
// (encrypts the mint's seed when FLASH_MINT_PASSPHRASE is not set), fake-lightning.key (signs the
// fake backend's invoices), merchant.key (seals merchants' BTCPay credentials; the Flash Card
// issuer key derives from it).
#pragma once
#include <string>

#include "core/crypto/secp256k1.hpp"

namespace flash::node {

/// Reads DATA/`name`, creating it with a fresh random key (mode 0600) when missing. Throws
/// Error(bad_config) when the file exists but does not hold a valid key, or cannot be written.
crypto::SecretKey load_or_create_key_file(const std::string& data_dir, const std::string& name);

}  // namespace flash::node
