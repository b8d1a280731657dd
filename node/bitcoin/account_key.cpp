#include "node/bitcoin/account_key.hpp"

#include "core/codec/hex.hpp"
#include "core/error.hpp"

namespace flash::node::bitcoin {
namespace {

[[noreturn]] void refuse(const std::string& what) { throw Error(Errc::bad_argument, what); }

bool test_versions(const keys::ExtendedKeyVersions& versions) {
    return versions == keys::tprv_tpub || versions == keys::vprv_vpub;
}

keys::ExtendedKey parse_key(const std::string& text, keys::Network network) {
    keys::ExtendedKey key = [&] {
        try {
            return keys::ExtendedKey::parse(text);
        } catch (const Error& e) {
            refuse(std::string("account key: ") + e.what());
        }
    }();
    if (key.is_private()) refuse("account key: give the public (watch-only) key, never the private one");
    if (test_versions(key.versions()) != (network != keys::Network::mainnet))
        refuse(network == keys::Network::mainnet ? "account key: a tpub/vpub is for test networks; this node runs mainnet"
                                                 : "account key: an xpub/zpub is for mainnet; this node runs a test network");
    if (key.depth() != 3 || key.child_number() < keys::hardened)
        refuse("account key: not an account-level key (depth 3, hardened: m/84'/coin'/account')");
    return key;
}

ByteArray<4> parse_fingerprint(const std::string& hex) {
    if (hex.size() != 8) refuse("fingerprint: 8 hex digits expected");
    try {
        return codec::hex_decode_array<4>(hex);
    } catch (const Error&) {
        refuse("fingerprint: 8 hex digits expected");
    }
}

std::vector<std::uint32_t> parse_path(const std::string& text, keys::Network network, const keys::ExtendedKey& key) {
    keys::DerivationPath path;
    try {
        path = keys::parse_derivation_path(text);
    } catch (const Error& e) {
        refuse(std::string("path: ") + e.what());
    }
    const auto& steps = path.indices;
    if (!path.absolute || steps.size() != 3) refuse("path: m/84'/coin'/account' expected");
    for (const std::uint32_t step : steps)
        if (step < keys::hardened) refuse("path: every step of an account path is hardened");
    if (steps[0] != (84 | keys::hardened)) refuse("path: purpose 84' (BIP-84) expected");
    if (steps[1] != (keys::coin_type(network) | keys::hardened))
        refuse(network == keys::Network::mainnet ? "path: coin 0' expected on mainnet" : "path: coin 1' expected on test networks");
    if (steps[2] != key.child_number()) refuse("path: its account differs from the account key's child number");
    return steps;
}

}  // namespace

AccountKey parse_account_key(const std::string& key_text, const std::string& fingerprint_hex,
                             const std::string& path_text, keys::Network network) {
    const keys::ExtendedKey key = parse_key(key_text, network);
    flash::bitcoin::KeyOrigin origin{parse_fingerprint(fingerprint_hex), parse_path(path_text, network, key)};
    keys::Account account = keys::Account::from_account_key(key, keys::AccountKind::p2wpkh, network);
    std::string text = account.account_key().to_base58(account.account_key_versions());
    return {std::move(account), std::move(text), origin, codec::hex_encode(origin.fingerprint),
            keys::format_derivation_path(origin.path)};
}

}  // namespace flash::node::bitcoin
