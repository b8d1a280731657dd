// A user's watch-only account key as the node registers it: the BIP-84 account key with the
// origin (master fingerprint and path) that the user's signer needs in the PSBTs the node builds.
#pragma once
#include <string>

#include "core/bitcoin/key_origin.hpp"
#include "core/keys/accounts.hpp"

namespace flash::node::bitcoin {

struct AccountKey {
    keys::Account account;               ///< watch-only, P2WPKH, on the node's network
    std::string text;                    ///< the key in SLIP-132 form: zpub (mainnet) or vpub
    flash::bitcoin::KeyOrigin origin;    ///< master fingerprint and the path to the account key
    std::string fingerprint;             ///< `origin`'s fingerprint, 8 lower-case hex digits
    std::string path;                    ///< `origin`'s path, "m/84'/1'/0'"
};

/// Checks and parses a registration. `key_text`: a zpub/xpub (mainnet) or vpub/tpub (testnet,
/// signet, regtest) at depth 3 with a hardened child number; `fingerprint_hex`: the master key's
/// fingerprint, 8 hex digits; `path_text`: "m/84'/coin'/account'" with every step hardened, coin 0 on
/// mainnet and 1 elsewhere, and the account the key's own child number says.
/// Error(bad_argument) naming what is wrong: a malformed key, a private key, a key of another
/// network or depth, a malformed fingerprint or path, or a path that does not fit the key.
AccountKey parse_account_key(const std::string& key_text, const std::string& fingerprint_hex,
                             const std::string& path_text, keys::Network network);

}  // namespace flash::node::bitcoin
