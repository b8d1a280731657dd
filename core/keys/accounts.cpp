// BIP-84 and BIP-86 accounts.
#include "core/keys/accounts.hpp"

#include "core/bitcoin/address.hpp"
#include "core/crypto/hash.hpp"
#include "core/error.hpp"

namespace flash::keys {
namespace {

std::uint32_t purpose(AccountKind kind) { return kind == AccountKind::p2wpkh ? 84 : 86; }

bool is_test(Network network) { return network != Network::mainnet; }

}  // namespace

std::string_view network_hrp(Network network) noexcept {
    switch (network) {
        case Network::mainnet: return "bc";
        case Network::testnet:
        case Network::signet: return "tb";
        case Network::regtest: return "bcrt";
    }
    return "bc";
}

std::uint32_t coin_type(Network network) noexcept { return is_test(network) ? 1 : 0; }

Account Account::from_seed(ByteView seed, AccountKind kind, Network network, std::uint32_t account) {
    return from_root(ExtendedKey::from_seed(seed), kind, network, account);
}

Account Account::from_root(const ExtendedKey& root, AccountKind kind, Network network,
                           std::uint32_t account) {
    if (root.depth() != 0) throw Error(Errc::bad_derivation_path, "account derivation needs a master key");
    if (account >= hardened) throw Error(Errc::bad_derivation_path, "account must be below 2^31");
    ExtendedKey key = root.derive_child(purpose(kind) | hardened)
                          .derive_child(coin_type(network) | hardened)
                          .derive_child(account | hardened);
    return Account(std::move(key), kind, network);
}

Account Account::from_account_key(const ExtendedKey& account_key, AccountKind kind, Network network) {
    if (account_key.depth() != 3 || !(account_key.child_number() & hardened))
        throw Error(Errc::bad_extended_key, "not an account-level key (depth 3, hardened)");
    return Account(account_key, kind, network);
}

ExtendedKey Account::child(bool change, std::uint32_t index) const {
    if (index >= hardened) throw Error(Errc::bad_derivation_path, "address index must be below 2^31");
    return account_key_.derive_child(change ? 1 : 0).derive_child(index);
}

AccountAddress Account::address(bool change, std::uint32_t index) const {
    const ExtendedKey key = child(change, index);
    AccountAddress out;
    out.path = account_path() + (change ? "/1/" : "/0/") + std::to_string(index);
    out.public_key = key.public_key();
    const std::string_view hrp = network_hrp(network_);
    if (kind_ == AccountKind::p2wpkh) {
        const auto hash = crypto::hash160(out.public_key);
        out.address = bitcoin::p2wpkh_address(hrp, out.public_key);
        out.script_pubkey = bitcoin::segwit_script_pubkey({0, Bytes(hash.begin(), hash.end())});
    } else {
        // BIP-86: commit to an empty script tree, t = tagged_hash("TapTweak", internal key).
        const crypto::XOnlyKey internal = crypto::xonly_from_public_key(out.public_key).key;
        out.output_key = crypto::xonly_tweak_add(internal, crypto::tagged_hash("TapTweak", internal)).key;
        out.address = bitcoin::p2tr_address(hrp, out.output_key);
        out.script_pubkey =
            bitcoin::segwit_script_pubkey({1, Bytes(out.output_key.begin(), out.output_key.end())});
    }
    return out;
}

crypto::SecretKey Account::secret_key(bool change, std::uint32_t index) const {
    return child(change, index).secret_key();
}

ExtendedKeyVersions Account::account_key_versions() const noexcept {
    if (kind_ == AccountKind::p2wpkh) return is_test(network_) ? vprv_vpub : zprv_zpub;
    return is_test(network_) ? tprv_tpub : xprv_xpub;
}

std::string Account::account_path() const {
    return "m/" + std::to_string(purpose(kind_)) + "'/" + std::to_string(coin_type(network_)) + "'/" +
           std::to_string(account_key_.child_number() & ~hardened) + "'";
}

}  // namespace flash::keys
