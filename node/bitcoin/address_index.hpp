// AddressIndex: per-user BIP-84 deposit addresses of the operator's watch-only account key
// (zpub/vpub/xpub/tpub at m/84'/coin'/account'), receive chain 0, and the script-hash index the
// deposit watcher looks them up in.
//
// Rules:
//   - a user keeps their newest address until a transaction pays to it, then gets a fresh one;
//   - addresses are given out in index order, the lowest free one first;
//   - `gap_limit` addresses past the highest one given out or used are always derived (and
//     watched) ahead, so that a payment to an address that was handed out but not recorded (a
//     restored database, another wallet showing the same account) is still seen, the way a BIP-44
//     wallet scans; a payment there moves the window on;
//   - an address is never given out twice and never given out once used.
// Handing out more than `gap_limit` unused addresses in a row is allowed (every user needs one),
// but logged: a wallet restoring the account with that gap limit would stop short of later ones.
//
// Thread-safe: one mutex around the store connection this object owns.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/keys/accounts.hpp"
#include "node/storage/node_store.hpp"

namespace flash::node::bitcoin {

/// The BIP-44 default: how many unused addresses a restoring wallet looks past the last used one.
inline constexpr std::uint32_t default_gap_limit = 20;

class AddressIndex {
public:
    /// Called with addresses right after they are derived and stored (to watch them).
    using OnDerived = std::function<void(std::span<const DepositAddress>)>;

    /// Indexes the receive addresses of `account` (a p2wpkh account) in `store`, deriving up to
    /// `gap_limit` addresses ahead right away. `gap_limit` must be at least 1 (Error(bad_argument)).
    /// Error(storage) when the database fails.
    AddressIndex(std::unique_ptr<NodeStore> store, keys::Account account, std::uint32_t gap_limit, OnDerived on_derived);

    /// The account key as the index records it (zpub on mainnet, vpub elsewhere).
    const std::string& account_id() const noexcept { return account_id_; }

    /// `user`'s deposit address: their newest one while nothing has paid to it, else a fresh one
    /// given to them at `now_s`. Error(bad_argument) for an empty user id.
    DepositAddress address_for(const std::string& user, std::int64_t now_s);

    /// The address with this Electrum script hash, if this account derived it.
    std::optional<DepositAddress> find(const std::string& script_hash);

    /// Records that a transaction paid to the address with `script_hash` (so it is never given
    /// out again) and derives ahead past it. No-op for an unknown or already used address.
    void mark_used(const std::string& script_hash);

    /// Every derived address, by index (what the chain backend must watch).
    std::vector<DepositAddress> all();

private:
    DepositAddress derive(std::uint32_t index) const;
    void extend();  // derives up to highest taken + gap_limit; caller holds mutex_

    std::mutex mutex_;
    std::unique_ptr<NodeStore> store_;
    keys::Account account_;
    std::string account_id_;
    std::uint32_t gap_limit_;
    OnDerived on_derived_;
};

}  // namespace flash::node::bitcoin
