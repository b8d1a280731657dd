// Single-key wallet accounts: BIP-84 (P2WPKH, m/84'/coin'/account'/change/index) and BIP-86
// (P2TR key-path only, m/86'/coin'/account'/change/index).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "core/bytes.hpp"
#include "core/crypto/secp256k1.hpp"
#include "core/keys/bip32.hpp"

namespace flash::keys {

enum class Network { mainnet, testnet, signet, regtest };

/// The segwit address prefix: "bc", "tb" (testnet and signet) or "bcrt".
std::string_view network_hrp(Network network) noexcept;
/// The BIP-44 coin type: 0 on mainnet, 1 on every test network.
std::uint32_t coin_type(Network network) noexcept;

enum class AccountKind {
    p2wpkh,  ///< BIP-84, purpose 84'
    p2tr,    ///< BIP-86, purpose 86'
};

/// One address of an account and what a wallet needs to watch and spend it.
struct AccountAddress {
    std::string address;
    std::string path;              ///< "m/84'/0'/0'/0/5"
    crypto::PublicKey public_key;  ///< the derived key (BIP-86: the internal key is its x-only)
    crypto::XOnlyKey output_key{}; ///< BIP-86: the tweaked output key; all zero for BIP-84
    Bytes script_pubkey;           ///< 0x0014 HASH160(key) or 0x5120 output_key
};

class Account {
public:
    /// The account `account` (below 2^31, else Error(bad_derivation_path)) of a BIP-39 seed.
    static Account from_seed(ByteView seed, AccountKind kind, Network network, std::uint32_t account = 0);
    /// Same from a master key (depth 0, else Error(bad_derivation_path)).
    static Account from_root(const ExtendedKey& root, AccountKind kind, Network network,
                             std::uint32_t account = 0);
    /// A watch-only (or, for a private key, spending) account from its account-level key, the
    /// key at m/purpose'/coin'/account' (e.g. a zpub). Error(bad_extended_key) unless its depth is 3
    /// and its child number hardened.
    static Account from_account_key(const ExtendedKey& account_key, AccountKind kind, Network network);

    /// The receive (change = false) or change address `index` (below 2^31, else
    /// Error(bad_derivation_path)).
    AccountAddress address(bool change, std::uint32_t index) const;
    /// The private key of that address (untweaked for BIP-86); Error(bad_extended_key) for a
    /// watch-only account.
    crypto::SecretKey secret_key(bool change, std::uint32_t index) const;

    /// The key at m/purpose'/coin'/account'.
    const ExtendedKey& account_key() const noexcept { return account_key_; }
    /// How wallets usually serialise it: zprv/zpub (vprv/vpub on test networks) for BIP-84,
    /// xprv/xpub (tprv/tpub) for BIP-86.
    ExtendedKeyVersions account_key_versions() const noexcept;
    /// "m/84'/0'/0'".
    std::string account_path() const;
    AccountKind kind() const noexcept { return kind_; }
    Network network() const noexcept { return network_; }

private:
    Account(ExtendedKey account_key, AccountKind kind, Network network)
        : account_key_(std::move(account_key)), kind_(kind), network_(network) {}
    ExtendedKey child(bool change, std::uint32_t index) const;

    ExtendedKey account_key_;
    AccountKind kind_;
    Network network_;
};

}  // namespace flash::keys
