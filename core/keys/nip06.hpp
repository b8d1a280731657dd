// NIP-06: a NOSTR key from a BIP-39 mnemonic, at BIP-32 path m/44'/1237'/<account>'/0/0.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/bytes.hpp"
#include "core/crypto/secp256k1.hpp"

namespace flash::keys {

/// A NOSTR identity: the secret key and its BIP-340 x-only public key.
struct NostrKeyPair {
    crypto::SecretKey secret_key;
    crypto::XOnlyKey public_key;
};

/// "m/44'/1237'/<account>'/0/0". Error(bad_derivation_path) if account >= 2^31.
std::string nip06_path(std::uint32_t account);

/// Derives the key of `account` from a BIP-39 seed (16..64 bytes, else Error(bad_length)).
NostrKeyPair nip06_key_from_seed(ByteView seed, std::uint32_t account = 0);

/// Derives the key of `account` from an English mnemonic and optional passphrase.
/// The mnemonic is validated first: Error(bad_mnemonic) / Error(bad_checksum) as
/// entropy_from_mnemonic() (for other languages, use mnemonic_to_seed() and nip06_key_from_seed()).
NostrKeyPair nip06_key_from_mnemonic(std::string_view mnemonic, std::string_view passphrase = {},
                                     std::uint32_t account = 0);

}  // namespace flash::keys
