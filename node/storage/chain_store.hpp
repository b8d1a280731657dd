// ChainStore: flash-node's on-chain state for self-custodial users: each user's registered
// watch-only account key, the addresses derived from it (receive chain 0, change chain 1), the
// outputs seen on them (the user's coins), and the withdrawals the node built from those coins for
// the user to sign.
//
// A deposit is one output (txid:vout) paying to an address of a registered account. It is
// "credited" at most once, when it first reaches the node's confirmation depth (the credit ledger's
// key is (txid, vout) and crediting is one transaction): the event the node reports, not money the
// node holds. Every coin stays the user's, spendable only with their keys.
//
// A built withdrawal reserves its coins: a coin is reserved by at most one live (built, unexpired)
// withdrawal, which the schema enforces (a unique index over the live reservations).
//
// Errors: flash::Error(Errc::storage) when the database fails (nothing is half-written then);
// flash::Error(Errc::bad_argument) for a call the caller should not have made (named per call).
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/bytes.hpp"

namespace flash::node {

/// A user's registered watch-only BIP-84 account key. One per user, and a key belongs to one user.
struct ChainAccount {
    std::string user;
    std::string account_key;  ///< SLIP-132 form (zpub on mainnet, vpub elsewhere): the address series' id
    std::string fingerprint;  ///< the master key's fingerprint, 8 lower-case hex digits
    std::string path;         ///< from the master key to the account key, "m/84'/1'/0'"
    std::int64_t registered_at = 0;  ///< unix seconds
    bool operator==(const ChainAccount&) const = default;
};

/// BIP-44's "change" level of an address path.
inline constexpr std::uint32_t receive_chain = 0;
inline constexpr std::uint32_t change_chain = 1;

/// The address m/84'/coin'/account'/chain/index of a registered account key.
struct DepositAddress {
    std::string account;          ///< the account key (ChainAccount::account_key)
    std::uint32_t chain = receive_chain;
    std::uint32_t index = 0;
    std::string address;
    Bytes script;                 ///< its scriptPubKey
    std::string script_hash;      ///< Electrum script hash of `script` (the lookup key)
    std::string user;             ///< the account's user (also for addresses only derived ahead)
    bool used = false;            ///< a transaction has paid to it
    /// Unix seconds it was given out (a receive address shown to the user, a change address put in
    /// a built withdrawal); 0 while not.
    std::int64_t assigned_at = 0;
    bool operator==(const DepositAddress&) const = default;
};

/// How far one chain of an account's addresses goes.
struct AddressExtent {
    std::int64_t highest_derived = -1;
    std::int64_t highest_taken = -1;  ///< given out or used
    std::int64_t highest_used = -1;
};

/// An output paying to an address of a registered account: one of the user's coins.
struct Deposit {
    std::string txid;                 ///< 64 hex digits, display order
    std::uint32_t vout = 0;
    std::string script_hash;          ///< of the address it pays to
    std::string user;                 ///< the address's user
    std::uint64_t amount_sat = 0;
    std::int64_t height = 0;          ///< the confirming block; 0 while unconfirmed
    std::int64_t first_seen = 0;      ///< unix seconds
    std::optional<std::int64_t> credited_at;  ///< unix seconds it first reached the confirmation depth
    bool orphaned = false;            ///< credited, and then its transaction left the chain
    /// nullopt while unspent; once spent, the txid of the withdrawal that spent it, or "" when a
    /// transaction the node did not build spent it (the user's keys are theirs to use elsewhere).
    std::optional<std::string> spent_by;
    bool operator==(const Deposit&) const = default;
};

/// A coin by its outpoint.
struct CoinRef {
    std::string txid;
    std::uint32_t vout = 0;
    bool operator==(const CoinRef&) const = default;
};

enum class WithdrawalState {
    built,      ///< the unsigned PSBT is waiting for the user's signature (until expires_at)
    broadcast,  ///< signed and handed to the network
    confirmed,  ///< its transaction is in a block
    expired,    ///< not signed in time; its coins are free again
};

/// "built", "broadcast", "confirmed", "expired" (the API's and the database's spelling).
std::string_view withdrawal_state_name(WithdrawalState state) noexcept;

/// A withdrawal the node built from a user's coins.
struct WithdrawalRecord {
    std::string id;                   ///< 32 hex digits (16 random bytes)
    std::string user;
    std::string destination;          ///< the address paid, as given
    std::uint64_t amount_sat = 0;     ///< to the destination
    std::uint64_t fee_sat = 0;
    std::uint64_t change_sat = 0;     ///< 0: no change output
    std::uint64_t vsize = 0;          ///< estimated, once signed
    std::uint64_t fee_rate_sat_per_kvb = 0;  ///< sat per 1000 vB (divide by 1000 for sat/vB)
    Bytes psbt;                       ///< the unsigned PSBT as built (BIP-174 serialization)
    std::optional<std::string> change_script_hash;  ///< the change address's, when there is change
    std::vector<CoinRef> inputs;      ///< the coins it spends (reserved while it is built)
    /// As stored: a built withdrawal past expires_at is only marked expired by expire_withdrawals()
    /// (callers that show it compare expires_at with the clock).
    WithdrawalState state = WithdrawalState::built;
    std::optional<std::string> txid;  ///< once broadcast
    std::int64_t height = 0;          ///< the confirming block once confirmed, else 0
    std::int64_t created_at = 0;      ///< unix seconds
    std::int64_t expires_at = 0;      ///< unix seconds; a built withdrawal can no longer be submitted then
    bool operator==(const WithdrawalRecord&) const = default;
};

class ChainStore {
public:
    virtual ~ChainStore() = default;

    // --- accounts ---
    virtual std::optional<ChainAccount> account_of(const std::string& user) = 0;
    virtual std::optional<ChainAccount> account_by_key(const std::string& account_key) = 0;
    /// Every registered account, by registration time.
    virtual std::vector<ChainAccount> accounts() = 0;
    /// Registers `account`. Error(bad_argument) when its user or its key is registered already.
    virtual void add_account(const ChainAccount& account) = 0;

    // --- addresses ---
    /// Every address of `account`, by chain, then index.
    virtual std::vector<DepositAddress> addresses(const std::string& account) = 0;
    virtual std::optional<DepositAddress> address_by_script_hash(const std::string& script_hash) = 0;
    /// The highest-index address of (account, chain) given out, if any.
    virtual std::optional<DepositAddress> newest_assigned_address(const std::string& account, std::uint32_t chain) = 0;
    /// Stores newly derived addresses in one transaction; Error(storage) if one exists already.
    virtual void add_addresses(std::span<const DepositAddress> addresses) = 0;
    /// The lowest-index address of (account, chain) neither given out nor used, if any.
    virtual std::optional<DepositAddress> first_free_address(const std::string& account, std::uint32_t chain) = 0;
    /// Highest indices of (account, chain): derived at all, given out or used, used (-1: none).
    virtual AddressExtent address_extent(const std::string& account, std::uint32_t chain) = 0;
    /// Gives out the address (account, chain, index) at `now_s` if it is neither given out nor
    /// used; returns whether it did.
    virtual bool assign_address(const std::string& account, std::uint32_t chain, std::uint32_t index,
                                std::int64_t now_s) = 0;
    /// Marks the address with `script_hash` as used (no-op when it already is or is unknown).
    virtual void mark_address_used(const std::string& script_hash) = 0;

    // --- deposits (coins) ---
    /// Deposits to the address with `script_hash`.
    virtual std::vector<Deposit> deposits_to(const std::string& script_hash) = 0;
    /// Deposits of `user`, newest first.
    virtual std::vector<Deposit> deposits_of(const std::string& user) = 0;
    /// Deposits whose state may still change: unconfirmed, confirmed at `min_height` or above (a
    /// reorg could still take them out), or not credited yet; orphaned ones excluded.
    virtual std::vector<Deposit> unsettled_deposits(std::int64_t min_height) = 0;
    /// Inserts `deposit`, or updates the height, orphaned flag and spent_by of the one with its
    /// (txid, vout). Never changes credited_at: only credit_deposit() sets it.
    virtual void save_deposit(const Deposit& deposit) = 0;
    /// Forgets a deposit whose transaction vanished. Error(bad_argument) for a credited one (mark
    /// it orphaned with save_deposit() instead).
    virtual void remove_deposit(const std::string& txid, std::uint32_t vout) = 0;
    /// In one transaction: records the credit in the ledger and sets credited_at. Returns true
    /// when it credited now, false when it had been credited before. Error(bad_argument) for an
    /// unknown deposit.
    virtual bool credit_deposit(const std::string& txid, std::uint32_t vout, std::int64_t now_s) = 0;
    /// The sum of `user`'s credits in satoshis.
    virtual std::uint64_t credited_total(const std::string& user) = 0;

    // --- withdrawals ---
    /// `user`'s coins a withdrawal may spend: confirmed at `max_height` or below, unspent, not
    /// orphaned, and not reserved by a live withdrawal (call expire_withdrawals() first), oldest first.
    virtual std::vector<Deposit> spendable_coins(const std::string& user, std::int64_t max_height) = 0;
    /// Marks the built withdrawals whose expires_at is at or before `now_s` expired, in one
    /// transaction: their coins and change addresses are free again. Returns how many.
    virtual std::size_t expire_withdrawals(std::int64_t now_s) = 0;
    /// Records a built withdrawal (state built, no txid) in one transaction: expires what is due at
    /// its created_at, gives out its change address, reserves its inputs. Returns false, writing
    /// nothing, when an input is no longer a spendable coin of its user (reserved meanwhile, spent,
    /// orphaned, unconfirmed) or the change address was given out meanwhile: the caller builds again.
    virtual bool add_withdrawal(const WithdrawalRecord& withdrawal) = 0;
    /// The user gave up on their built withdrawal `id`: it expires at `now_s`, in one transaction
    /// (coins and change address free again). Returns false, writing nothing, when `user` has no
    /// built withdrawal with that id.
    virtual bool cancel_withdrawal(const std::string& id, const std::string& user, std::int64_t now_s) = 0;
    virtual std::optional<WithdrawalRecord> withdrawal(const std::string& id) = 0;
    /// `user`'s withdrawals, newest first.
    virtual std::vector<WithdrawalRecord> withdrawals_of(const std::string& user) = 0;
    /// In one transaction: state broadcast with `txid`, the reservations released, its inputs marked
    /// spent by `txid`. Also for an expired one (its signed transaction went out after all). Returns
    /// false, writing nothing, when it is not built or expired (already broadcast, or unknown).
    virtual bool mark_withdrawal_broadcast(const std::string& id, const std::string& txid) = 0;
    /// The broadcast or confirmed withdrawal with `txid` is now at `height` (0: in the mempool, so
    /// broadcast; above: confirmed). Returns whether that changed it (false for any other txid).
    virtual bool set_withdrawal_height(const std::string& txid, std::int64_t height) = 0;
    /// The txid of the broadcast or confirmed withdrawal that spends coin (txid, vout), if any.
    virtual std::optional<std::string> withdrawal_spending(const std::string& txid, std::uint32_t vout) = 0;
    /// Script hashes of the inputs and change of withdrawals whose state a reorg could change:
    /// broadcast ones, and confirmed ones at `min_height` or above.
    virtual std::vector<std::string> unsettled_withdrawal_scripts(std::int64_t min_height) = 0;
};

}  // namespace flash::node
