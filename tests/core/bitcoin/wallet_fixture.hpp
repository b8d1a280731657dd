// A test wallet for the withdrawal and PSBT signing tests: the BIP-84/86 vectors' mnemonic
// ("abandon ... about"), its coins, and a withdrawal request built from them.
#pragma once

#include <cstdint>
#include <string>

#include "core/bitcoin/key_origin.hpp"
#include "core/bitcoin/withdrawal.hpp"
#include "core/keys/accounts.hpp"
#include "core/keys/bip32.hpp"

namespace flash::test {

class TestWallet {
public:
    /// The master key of `mnemonic` (empty passphrase).
    explicit TestWallet(const std::string& mnemonic =
                            "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about");

    const keys::ExtendedKey& master() const { return master_; }
    bitcoin::KeySource signer() const { return bitcoin::KeySource::from_master(master_); }
    /// Watch-only: the account xpub at m/84'/0'/0' (BIP-84 coins and change).
    bitcoin::KeySource watcher() const;

    /// A coin of `value` on address `index` of the receive chain; `tag` makes its txid.
    bitcoin::WalletUtxo coin(keys::AccountKind kind, std::uint32_t index, std::uint64_t value, std::uint8_t tag) const;
    /// Change address `index` of an account.
    bitcoin::ChangeKey change(keys::AccountKind kind, std::uint32_t index) const;
    keys::AccountAddress address(keys::AccountKind kind, bool change, std::uint32_t index) const;
    bitcoin::KeyOrigin origin_of(const std::string& path) const;

private:
    keys::ExtendedKey master_;
};

/// Pays someone else (BIP-173's example P2WPKH address) 150,000 sat at 5 sat/vB from two P2WPKH
/// coins and one P2TR coin, change to m/84'/0'/0'/1/0.
bitcoin::WithdrawalRequest sample_request(const TestWallet& wallet);

inline constexpr const char* kStranger = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4";

}  // namespace flash::test
