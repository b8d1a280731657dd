// AddressIndex: the BIP-84 addresses of one registered account key (zpub/vpub at
// m/84'/coin'/account'): receive chain 0 for deposits, change chain 1 for withdrawals' change, and
// the keys and origins a signer needs for them.
//
// Rules, per chain:
//   - the user keeps their newest receive address until a transaction pays to it, then gets a
//     fresh one;
//   - addresses are given out in index order, the lowest free one first;
//   - `gap_limit` addresses past the highest one given out or used are always derived (and
//     watched) ahead, so that a payment to an address the node did not hand out (another wallet of
//     the same seed) is still seen, the way a BIP-44 wallet scans; a payment there moves the
//     window on;
//   - an address is never given out twice and never once used (the change address of a withdrawal
//     that expired unsigned is free again: it never reached the chain).
// Handing out more than `gap_limit` unused addresses in a row is allowed, but logged: a wallet
// restoring the seed with that gap limit would stop short of later ones.
//
// Not thread-safe: AccountRegistry serialises the calls and owns the store connection.
#pragma once
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "core/bitcoin/key_origin.hpp"
#include "core/crypto/secp256k1.hpp"
#include "node/bitcoin/account_key.hpp"
#include "node/storage/chain_store.hpp"

namespace flash::node::bitcoin {

/// The BIP-44 default: how many unused addresses a restoring wallet looks past the last used one.
inline constexpr std::uint32_t default_gap_limit = 20;

class AddressIndex {
public:
    /// Called with addresses right after they are derived and stored (to watch them).
    using OnDerived = std::function<void(std::span<const DepositAddress>)>;

    /// Indexes the addresses of `key`, registered to `user` in `store` (which must outlive the
    /// index and already hold the account), deriving up to `gap_limit` addresses ahead on both
    /// chains right away. Error(bad_argument) for a gap limit of 0; Error(storage).
    AddressIndex(ChainStore& store, AccountKey key, std::string user, std::uint32_t gap_limit, OnDerived on_derived);

    /// The account key as registered (ChainAccount::account_key).
    const std::string& account_id() const noexcept { return key_.text; }
    const std::string& user() const noexcept { return user_; }

    /// The user's receive address: their newest one while nothing has paid to it, else a fresh
    /// one given out at `now_s`.
    DepositAddress receive_address(std::int64_t now_s);

    /// The lowest change address neither given out nor used. It is not given out here: the
    /// withdrawal that puts it in its PSBT does that (ChainStore::add_withdrawal), then extend().
    DepositAddress free_change_address();

    /// Records that a transaction paid to `address` (one of this account's) and derives ahead past it.
    void mark_used(const DepositAddress& address);

    /// Derives, on both chains, up to `gap_limit` past the highest address given out or used.
    void extend();

    /// The public key at m/.../chain/index and its origin from the master key (for PSBT records).
    crypto::PublicKey public_key(std::uint32_t chain, std::uint32_t index) const;
    flash::bitcoin::KeyOrigin origin(std::uint32_t chain, std::uint32_t index) const;

    /// Every derived address, by chain, then index (what the chain backend must watch).
    std::vector<DepositAddress> all();

private:
    DepositAddress derive(std::uint32_t chain, std::uint32_t index) const;
    void extend(std::uint32_t chain);

    ChainStore& store_;
    AccountKey key_;
    std::string user_;
    std::uint32_t gap_limit_;
    OnDerived on_derived_;
};

}  // namespace flash::node::bitcoin
