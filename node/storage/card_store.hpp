// CardStore: the Flash Cards (Bolt Cards) of flash-node's users: each card's UID, key version,
// last counter paid with and settings; the taps read (a one-time k1 each); the payments made with
// a card (each one a ledger payment of the card holder, ledger_store.hpp).
//
// No key is stored: K0..K4 derive from the node's issuer key, the UID and the version
// (merchant/cards/card_issuer.hpp). A user is the hex public key of their NIP-98 requests; amounts
// are millisatoshis, times unix seconds.
// Errors: flash::Error(Errc::storage) when the database fails (nothing is half-written then);
// merchant::cards::CardError (merchant/cards/card_error.hpp) for the refusals named below.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "node/storage/ledger_store.hpp"

namespace flash::node {

enum class CardState { active, disabled, wiped };

/// What the holder decides about a card.
struct CardSettings {
    std::string name;
    std::uint64_t max_payment_msat = 0;  ///< the most one payment may be
    std::uint64_t max_day_msat = 0;      ///< the most all payments of one UTC day may add up to
    bool operator==(const CardSettings&) const = default;
};

struct CardRecord {
    std::string id;                   ///< the card's ID (Bolt Card deterministic spec), 32 hex digits
    std::string user;                 ///< the holder, whose Lightning account pays
    ByteArray<7> uid{};
    std::uint32_t version = 1;        ///< how many times the node gave keys for this UID
    std::uint32_t counter = 0;        ///< the highest tap counter paid with under `version`
    CardState state = CardState::active;
    CardSettings settings;
    std::int64_t created_at = 0;
    std::int64_t updated_at = 0;
    bool operator==(const CardRecord&) const = default;
};

/// A tap read and answered with a withdrawRequest: its k1 pays once, for this card, version and
/// counter, until `expires_at`.
struct CardTapRecord {
    ByteArray<32> k1_hash{};          ///< SHA-256 of the k1 (the k1 itself is a bearer secret)
    std::string card_id;
    std::uint32_t version = 0;
    std::uint32_t counter = 0;
    std::int64_t created_at = 0;
    std::int64_t expires_at = 0;
    std::optional<std::int64_t> used_at;
    bool operator==(const CardTapRecord&) const = default;
};

/// A payment made with a card, as the holder's history shows it.
struct CardPaymentRecord {
    std::int64_t id = 0;
    std::string card_id;
    std::uint32_t counter = 0;
    LedgerPayment payment;            ///< the ledger's record (state, fee, internal, ...)
    std::uint64_t reward_msat = 0;    ///< what the merchant's rewards credited for it
};

/// What one payment with a card claims, checked and recorded inside the payment's transaction.
struct CardSpend {
    ByteArray<32> k1_hash{};
    std::int64_t payment_id = 0;      ///< the ledger payment just recorded
    std::uint64_t amount_msat = 0;
    std::int64_t now_s = 0;
    std::int64_t day_start = 0;       ///< the start of the UTC day of `now_s`
};

class CardStore {
public:
    /// The most unused taps (k1s) kept per card.
    static constexpr int max_unused_taps = 16;

    virtual ~CardStore() = default;

    /// In one transaction: records `card` (version 1, counter 0, active) when its id is new, or
    /// gives the known card new keys (version + 1, counter 0, active, the new holder's settings)
    /// when `card.user` holds it or it is wiped. Returns the record as stored (version 1 only for
    /// a new card). CardError(card_taken) when another user holds it.
    virtual CardRecord register_card(const CardRecord& card) = 0;
    virtual std::optional<CardRecord> card(const std::string& id) = 0;
    /// The user's cards, oldest first.
    virtual std::vector<CardRecord> cards_of(const std::string& user) = 0;
    /// Changes the settings and the state of `user`'s card `id`; returns the new record.
    /// CardError(not_found) when `user` has no such card, CardError(card_wiped) for a wiped card
    /// (unless `state` is wiped: wiping again changes nothing else).
    virtual CardRecord update_card(const std::string& user, const std::string& id, const CardSettings& settings,
                                   CardState state, std::int64_t now_s) = 0;

    /// Records a tap read; forgets taps that expired before `forget_before`, and the card's unused
    /// taps beyond the newest max_unused_taps (a tap URL read over and over adds no more).
    virtual void add_tap(const CardTapRecord& tap, std::int64_t forget_before) = 0;
    virtual std::optional<CardTapRecord> tap(const ByteArray<32>& k1_hash) = 0;

    /// What the card's payments of the day starting at `day_start` add up to (failed ones excluded).
    virtual std::uint64_t spent_since(const std::string& card_id, std::int64_t day_start) = 0;

    /// To be called inside the transaction of the payment `spend.payment_id` (a PaymentCondition):
    /// uses the tap's k1 once, moves the card's counter up to the tap's, checks the card (active,
    /// same version) and its limits, and records the card payment. Throws CardError
    /// (unknown_tap, tap_used, tap_expired, card_disabled, card_wiped, reprogrammed, replayed,
    /// over_payment_limit, over_day_limit): the caller's transaction then rolls back.
    virtual void spend(const CardSpend& spend) = 0;

    /// The card's payments, newest first, at most `limit`.
    virtual std::vector<CardPaymentRecord> payments_of(const std::string& card_id, std::size_t limit) = 0;
};

}  // namespace flash::node
