// core/keys for JS: BIP-39 mnemonics, BIP-32 keys, NIP-06, NIP-49 and BIP-84/86 accounts.
// Byte arguments and results are Uint8Array; names of networks and address kinds are strings.
#include <emscripten/bind.h>

#include "core/codec/hex.hpp"
#include "core/keys/accounts.hpp"
#include "core/keys/bip32.hpp"
#include "core/keys/bip39.hpp"
#include "core/keys/nip06.hpp"
#include "core/keys/nip49.hpp"
#include "wasm/bind_support.hpp"

namespace flash::wasm {
namespace {

std::string generate_mnemonic(std::size_t words) {
    return guarded([&] { return std::string(keys::generate_mnemonic(words)); });
}

/// Throws the reason (bad_mnemonic, bad_checksum, bad_utf8) when the mnemonic is not valid.
void check_mnemonic(const std::string& mnemonic) {
    guarded([&] { keys::entropy_from_mnemonic(mnemonic); });
}

val mnemonic_to_seed(const std::string& mnemonic, const std::string& passphrase) {
    return guarded([&] { return bytes_out(keys::mnemonic_to_seed(mnemonic, passphrase).view()); });
}

val words_with_prefix(const std::string& prefix, std::size_t limit) {
    val out = val::array();
    for (std::string_view word : keys::words_with_prefix(prefix, limit)) out.call<void>("push", std::string(word));
    return out;
}

/// {xprv, xpub} of the key at `path` below the master key of `seed`.
val bip32_derive(const val& seed, const std::string& path) {
    return guarded([&] {
        auto key = keys::ExtendedKey::from_seed(bytes_in<crypto::SecretBytes>(seed)).derive_path(path);
        val out = val::object();
        out.set("xprv", key.to_base58());
        out.set("xpub", key.neuter().to_base58());
        return out;
    });
}

/// {secretKey, publicKey} (32-byte Uint8Arrays) at m/44'/1237'/<account>'/0/0.
val nip06_key(const std::string& mnemonic, const std::string& passphrase, std::uint32_t account) {
    return guarded([&] {
        auto pair = keys::nip06_key_from_mnemonic(mnemonic, passphrase, account);
        val out = val::object();
        out.set("secretKey", bytes_out(pair.secret_key.view()));
        out.set("publicKey", bytes_out(pair.public_key));
        return out;
    });
}

std::string ncryptsec_encrypt(const val& secret, const std::string& password, int log_n,
                              int key_security) {
    return guarded([&] {
        if (log_n < 1 || log_n > 22 || key_security < 0 || key_security > 2)
            throw Error(Errc::bad_ncryptsec, "log_n must be 1..22 and key security 0..2");
        return keys::ncryptsec_encrypt(crypto::secret_key_from(bytes_in<crypto::SecretBytes>(secret)), password,
                                       static_cast<std::uint8_t>(log_n),
                                       static_cast<keys::KeySecurity>(key_security));
    });
}

val ncryptsec_decrypt(const std::string& ncryptsec, const std::string& password) {
    return guarded([&] { return bytes_out(keys::ncryptsec_decrypt(ncryptsec, password).view()); });
}

/// {address, path, scriptPubKey} of one receive (change = false) or change address.
val account_address(const val& seed, const std::string& kind, const std::string& network,
                    std::uint32_t account, bool change, std::uint32_t index) {
    return guarded([&] {
        auto wallet = keys::Account::from_seed(bytes_in<crypto::SecretBytes>(seed), kind_named(kind), network_named(network), account);
        auto entry = wallet.address(change, index);
        val out = val::object();
        out.set("address", entry.address);
        out.set("path", entry.path);
        out.set("scriptPubKey", bytes_out(entry.script_pubkey));
        return out;
    });
}

/// What a watch-only wallet needs of account `account` of `seed`: {accountKey (zpub/vpub for
/// p2wpkh, xpub/tpub for p2tr), fingerprint (8 hex, the master key's), path ("m/84'/1'/0'")}.
val account_key(const val& seed, const std::string& kind, const std::string& network, std::uint32_t account) {
    return guarded([&] {
        const auto root = keys::ExtendedKey::from_seed(bytes_in<crypto::SecretBytes>(seed));
        const auto wallet = keys::Account::from_root(root, kind_named(kind), network_named(network), account);
        val out = val::object();
        out.set("accountKey", wallet.account_key().neuter().to_base58(wallet.account_key_versions()));
        out.set("fingerprint", codec::hex_encode(root.fingerprint()));
        out.set("path", wallet.account_path());
        return out;
    });
}

}  // namespace

EMSCRIPTEN_BINDINGS(flash_keys) {
    using emscripten::function;
    function("generateMnemonic", &generate_mnemonic);
    function("checkMnemonic", &check_mnemonic);
    function("mnemonicToSeed", &mnemonic_to_seed);
    function("mnemonicWordsWithPrefix", &words_with_prefix);
    function("bip32Derive", &bip32_derive);
    function("nip06Key", &nip06_key);
    function("ncryptsecEncrypt", &ncryptsec_encrypt);
    function("ncryptsecDecrypt", &ncryptsec_decrypt);
    function("accountAddress", &account_address);
    function("accountKey", &account_key);
}

}  // namespace flash::wasm
