// RewardStore: merchants' reward rules for card payments and the ledger of rewards given (or
// refused), one entry per card payment at most. The money itself moves in the Lightning ledger
// (LedgerStore::transfer); an entry names that transfer, and for an eCash reward also the mint
// quote of the node's mint that holds it for the holder. The mint keeps its quotes in a database
// file of its own, so the entry also says how far that quote got (RewardEcash).
//
// Merchants and holders are users (hex NIP-98 public keys); amounts are millisatoshis, times unix
// seconds. Errors: flash::Error(Errc::storage) when the database fails.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/bytes.hpp"

namespace flash::node {

/// How a reward reaches the holder: to their Lightning balance, or as eCash of the node's mint.
enum class RewardPayout { lightning, ecash };

/// What a merchant gives a card holder for each card payment to the merchant's invoices.
struct RewardRule {
    std::string merchant;
    std::uint64_t per_tap_msat = 0;           ///< a fixed amount per payment
    std::uint32_t percent_bp = 0;             ///< plus this share of the purchase, in basis points (100 = 1%)
    std::uint64_t cap_card_day_msat = 0;      ///< the most one card gets from the merchant per UTC day
    std::uint64_t cap_merchant_day_msat = 0;  ///< the most the merchant gives all cards per UTC day
    bool active = true;
    RewardPayout payout = RewardPayout::lightning;
    /// The last card payment recorded before the rule became active (set by the store): it and
    /// those before it are never rewarded.
    std::int64_t active_after_payment = 0;
    std::int64_t updated_at = 0;
    bool operator==(const RewardRule&) const = default;
};

/// A card payment to a merchant with an active rule that has no reward entry yet.
struct RewardCandidate {
    std::int64_t card_payment_id = 0;
    std::string card_id;
    std::string holder;
    std::string merchant;
    std::uint64_t purchase_msat = 0;
    std::int64_t paid_at = 0;
};

enum class RewardState { credited, refused };

/// Where an eCash reward's mint quote stands: owed (the merchant paid, the mint has no quote yet),
/// paid (the mint holds a paid quote for the holder), minted (the holder's wallet minted it).
enum class RewardEcash { owed, paid, minted };

struct RewardEntry {
    std::int64_t id = 0;                      ///< set by the store
    std::int64_t card_payment_id = 0;
    std::string merchant;
    std::string card_id;
    std::string holder;
    std::uint64_t purchase_msat = 0;
    std::uint64_t amount_msat = 0;            ///< credited (0 when refused)
    RewardState state = RewardState::credited;
    std::string reason;                       ///< why refused: card_cap, merchant_cap, merchant_balance, too_small
    std::optional<ByteArray<32>> transfer_ref;  ///< the ledger transfer (credited)
    /// An eCash reward (credited): the id of the mint quote of the node's mint that holds it until
    /// the holder's wallet mints it (whole sats: amount_msat is a multiple of 1000), and its state.
    std::optional<std::string> mint_quote;
    RewardEcash ecash = RewardEcash::owed;
    std::int64_t created_at = 0;
    bool operator==(const RewardEntry&) const = default;
};

/// Rewards credited since the start of a day.
struct RewardTotals {
    std::uint64_t card_msat = 0;      ///< to one card, by one merchant
    std::uint64_t merchant_msat = 0;  ///< by the merchant, to every card
    bool operator==(const RewardTotals&) const = default;
};

class RewardStore {
public:
    virtual ~RewardStore() = default;

    /// Sets the merchant's rule (one per merchant). active_after_payment becomes the last card
    /// payment's id when the rule is new or was inactive, and stays as it was otherwise. Returns the
    /// rule as stored.
    virtual RewardRule set_rule(const RewardRule& rule) = 0;
    virtual std::optional<RewardRule> rule(const std::string& merchant) = 0;

    /// Card payments that succeeded inside the ledger, to an invoice of a merchant whose rule is
    /// active and was so when they were recorded, without a reward entry; oldest first, at most
    /// `limit`.
    virtual std::vector<RewardCandidate> unrewarded(std::size_t limit) = 0;
    virtual RewardTotals totals(const std::string& merchant, const std::string& card_id, std::int64_t day_start) = 0;
    /// Records `entry` (setting its id) unless its card payment has one; returns false then.
    /// Works inside the caller's transaction when one is open.
    virtual bool record(RewardEntry& entry) = 0;
    /// The merchant's entries, newest first, at most `limit`.
    virtual std::vector<RewardEntry> ledger_of(const std::string& merchant, std::size_t limit) = 0;
    /// eCash rewards in state `state`, oldest first, at most `limit`; of `holder` only, unless "".
    virtual std::vector<RewardEntry> ecash_rewards(RewardEcash state, const std::string& holder, std::size_t limit) = 0;
    /// Moves the eCash reward `id` on to `state`.
    virtual void set_ecash(std::int64_t id, RewardEcash state) = 0;
};

}  // namespace flash::node
