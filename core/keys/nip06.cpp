// NIP-06 key derivation.
#include "core/keys/nip06.hpp"

#include "core/error.hpp"
#include "core/keys/bip32.hpp"
#include "core/keys/bip39.hpp"

namespace flash::keys {

std::string nip06_path(std::uint32_t account) {
    if (account >= hardened) throw Error(Errc::bad_derivation_path, "account must be below 2^31");
    return "m/44'/1237'/" + std::to_string(account) + "'/0/0";
}

NostrKeyPair nip06_key_from_seed(ByteView seed, std::uint32_t account) {
    const ExtendedKey key = ExtendedKey::from_seed(seed).derive_path(nip06_path(account));
    return {key.secret_key(), crypto::xonly_public_key(key.secret_key()).key};
}

NostrKeyPair nip06_key_from_mnemonic(std::string_view mnemonic, std::string_view passphrase,
                                     std::uint32_t account) {
    entropy_from_mnemonic(mnemonic);  // validates words and checksum
    return nip06_key_from_seed(mnemonic_to_seed(mnemonic, passphrase).view(), account);
}

}  // namespace flash::keys
