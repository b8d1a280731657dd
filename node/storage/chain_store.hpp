// ChainStore: flash-node's on-chain deposit state: the deposit addresses derived from the operator's
// watch-only account key, the deposits seen on them, and the credits given for them.
//
// A deposit is one output (txid:vout) paying to a deposit address; it is credited to the address's
// user at most once: the credit ledger's key is (txid, vout) and crediting is one transaction.
// Errors: flash::Error(Errc::storage) when the database fails (nothing is half-written then);
// flash::Error(Errc::bad_argument) for a call the caller should not have made (named per call).
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/bytes.hpp"

namespace flash::node {

/// A receive address m/84'/coin'/account'/0/index of an account key.
struct DepositAddress {
    std::string account;              ///< the account key as configured ("zpub…"): one series per key
    std::uint32_t index = 0;
    std::string address;
    Bytes script;                     ///< its scriptPubKey
    std::string script_hash;          ///< Electrum script hash of `script` (the lookup key)
    std::optional<std::string> user;  ///< who it was given to; nullopt while only derived ahead
    bool used = false;                ///< a transaction has paid to it
    std::int64_t assigned_at = 0;     ///< unix seconds; 0 while not given out
    bool operator==(const DepositAddress&) const = default;
};

/// How far an account's series of addresses goes.
struct AddressExtent {
    std::int64_t highest_derived = -1;
    std::int64_t highest_taken = -1;  ///< given out or used
    std::int64_t highest_used = -1;
};

/// An output paying to a deposit address.
struct Deposit {
    std::string txid;                 ///< 64 hex digits, display order
    std::uint32_t vout = 0;
    std::string script_hash;          ///< of the deposit address
    std::optional<std::string> user;  ///< the address's user; nullopt for an address never given out
    std::uint64_t amount_sat = 0;
    std::int64_t height = 0;          ///< the confirming block; 0 while unconfirmed
    std::int64_t first_seen = 0;      ///< unix seconds
    std::optional<std::int64_t> credited_at;  ///< unix seconds, once credited
    bool orphaned = false;            ///< credited, and then its transaction left the chain
    bool operator==(const Deposit&) const = default;
};

class ChainStore {
public:
    virtual ~ChainStore() = default;

    /// Every address of `account`, by index.
    virtual std::vector<DepositAddress> addresses(const std::string& account) = 0;
    virtual std::optional<DepositAddress> address_by_script_hash(const std::string& script_hash) = 0;
    /// The address of `account` most recently given to `user` (highest index), if any.
    virtual std::optional<DepositAddress> newest_address_of(const std::string& account, const std::string& user) = 0;
    /// Stores newly derived addresses in one transaction; Error(storage) if one exists already.
    virtual void add_addresses(std::span<const DepositAddress> addresses) = 0;
    /// The lowest-index address of `account` neither given out nor used, if any.
    virtual std::optional<DepositAddress> first_free_address(const std::string& account) = 0;
    /// Highest indices of `account`'s addresses: derived at all, and given out or used (-1: none).
    virtual AddressExtent address_extent(const std::string& account) = 0;
    /// Gives the address (account, index) to `user` at `now_s` if it is neither given out nor used;
    /// returns whether it did.
    virtual bool assign_address(const std::string& account, std::uint32_t index, const std::string& user,
                                std::int64_t now_s) = 0;
    /// Marks the address with `script_hash` as used (no-op when it already is or is unknown).
    virtual void mark_address_used(const std::string& script_hash) = 0;

    /// Deposits to the address with `script_hash`.
    virtual std::vector<Deposit> deposits_to(const std::string& script_hash) = 0;
    /// Deposits of `user`, newest first.
    virtual std::vector<Deposit> deposits_of(const std::string& user) = 0;
    /// Deposits whose state may still change: unconfirmed, confirmed at `min_height` or above (a
    /// reorg could still take them out), or waiting for their credit (a user's, not credited);
    /// orphaned ones excluded.
    virtual std::vector<Deposit> unsettled_deposits(std::int64_t min_height) = 0;
    /// Inserts `deposit`, or updates the height and orphaned flag of the one with its (txid, vout).
    /// Never changes credited_at: only credit_deposit() sets it.
    virtual void save_deposit(const Deposit& deposit) = 0;
    /// Forgets a deposit whose transaction vanished. Error(bad_argument) for a credited one (mark
    /// it orphaned with save_deposit() instead: its credit stands).
    virtual void remove_deposit(const std::string& txid, std::uint32_t vout) = 0;
    /// In one transaction: adds the deposit's amount to its user's credits and sets credited_at.
    /// Returns true when it credited now, false when it had been credited before.
    /// Error(bad_argument) for an unknown deposit or one without a user.
    virtual bool credit_deposit(const std::string& txid, std::uint32_t vout, std::int64_t now_s) = 0;
    /// The sum of `user`'s credits in satoshis.
    virtual std::uint64_t credited_total(const std::string& user) = 0;
};

}  // namespace flash::node
