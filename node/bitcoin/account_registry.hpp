// AccountRegistry: every user's registered watch-only account key with its AddressIndex, over one
// store connection. The deposit watcher resolves addresses through it (AddressLookup); a withdrawal
// gets from it the keys and origins of the coins it spends and its change address.
//
// Thread-safe: one mutex around the store connection and the indexes.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/bitcoin/withdrawal.hpp"
#include "node/bitcoin/address_index.hpp"
#include "node/bitcoin/address_lookup.hpp"
#include "node/storage/node_store.hpp"

namespace flash::node::bitcoin {

/// What a withdrawal of one user needs from their account.
struct SpendingKeys {
    std::vector<flash::bitcoin::WalletUtxo> utxos;  ///< the coins, with their keys and origins
    flash::bitcoin::ChangeKey change;               ///< the key of `change_address`
    DepositAddress change_address;                  ///< the lowest free change address (not given out yet)
};

class AccountRegistry final : public AddressLookup {
public:
    using OnDerived = AddressIndex::OnDerived;

    /// Loads every account registered in `store`'s database on `network` (deriving ahead where
    /// needed); `on_derived` sees every address derived from then on. Error(bad_config) when a
    /// stored account does not fit `network` (the data directory was used on another network);
    /// Error(bad_argument) for a gap limit of 0; Error(storage).
    AccountRegistry(std::unique_ptr<NodeStore> store, keys::Network network, std::uint32_t gap_limit,
                    OnDerived on_derived);

    /// Registers `user`'s account key (see parse_account_key for the checks, Error(bad_argument)),
    /// derives its addresses and returns it. The same key with the same origin again: returns the
    /// registration as it stands. ChainServiceError(account_exists) when the user registered
    /// another key or origin, ChainServiceError(key_taken) when another user registered this key.
    ChainAccount register_account(const std::string& user, const std::string& account_key,
                                  const std::string& fingerprint, const std::string& path, std::int64_t now_s);

    std::optional<ChainAccount> account_of(const std::string& user);

    /// `user`'s receive address (AddressIndex::receive_address). ChainServiceError(no_account).
    DepositAddress receive_address(const std::string& user, std::int64_t now_s);

    /// `coins` (deposits of `user`) as signable UTXOs and the change key. ChainServiceError(no_account).
    SpendingKeys spending_keys(const std::string& user, std::span<const Deposit> coins);

    /// Derives ahead for `user` after one of their addresses was given out through another store
    /// connection (a withdrawal's change). No-op for a user without an account.
    void extend(const std::string& user);

    std::optional<DepositAddress> find(const std::string& script_hash) override;
    void mark_used(const std::string& script_hash) override;

    /// The scripts of every derived address of every account (what the backend must watch).
    std::vector<Bytes> scripts();

private:
    AddressIndex& index_of(const std::string& user);  // caller holds mutex_

    std::mutex mutex_;
    std::unique_ptr<NodeStore> store_;
    keys::Network network_;
    std::uint32_t gap_limit_;
    OnDerived on_derived_;
    std::map<std::string, std::unique_ptr<AddressIndex>> indexes_;  ///< by user
};

}  // namespace flash::node::bitcoin
