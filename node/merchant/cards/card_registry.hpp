// CardRegistry: a user's Flash Cards as their holder manages them. Registering a card's UID gives
// the data a Bolt Card programmer writes (the keys, once: the node stores none, it derives them
// again when needed); registering it again gives new keys (version + 1). The holder lists their
// cards with the day's spending and the payments made with each, changes limits, disables and
// enables a card, and wipes it (which gives the current keys once more, to reset the card). In a
// demo, the node can also tap a card in its holder's place (simulate_tap()).
//
// Not thread-safe: one thread at a time (it owns one database connection).
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/lightning/boltcard_sun.hpp"
#include "node/merchant/cards/card_issuer.hpp"
#include "node/storage/node_store.hpp"

namespace flash::node::merchant::cards {

/// Limits a card gets when its holder sets none.
inline constexpr std::uint64_t default_max_payment_msat = 50'000'000;  // 50,000 sat
inline constexpr std::uint64_t default_max_day_msat = 200'000'000;     // 200,000 sat
/// The longest card name, in bytes of UTF-8.
inline constexpr std::size_t max_card_name = 64;

/// What the holder changes; nullopt keeps the current value (or the default, at registration).
struct CardChange {
    std::optional<std::string> name;
    std::optional<std::uint64_t> max_payment_msat;
    std::optional<std::uint64_t> max_day_msat;
    std::optional<bool> enabled;  ///< ignored at registration (a card starts active)
};

/// A card and the keys to write to it (registration: version 1 for a new card) or to reset it
/// with (wipe).
struct ProgrammedCard {
    CardRecord card;
    boltcard::CardKeys keys;
};

/// A tap made by the node in the card's place (simulate_tap()).
struct SimulatedTap {
    std::string card_id;
    std::uint32_t counter = 0;
    boltcard::TapParams params;  ///< p and c, as the card writes them
};

/// A card as its holder sees it.
struct CardOverview {
    CardRecord card;
    std::uint64_t spent_today_msat = 0;
    std::vector<CardPaymentRecord> payments;  ///< newest first, at most history_limit
};

class CardRegistry {
public:
    static constexpr std::size_t history_limit = 50;

    /// `issuer` must outlive the registry; it takes over `store` (a connection of its own);
    /// `now_s` is the clock.
    CardRegistry(const CardIssuer& issuer, std::unique_ptr<NodeStore> store, std::function<std::int64_t()> now_s);

    /// Registers the card with `uid_hex` (14 hex digits) for `user`, or gives it new keys.
    /// Throws CardError(bad_uid), CardError(card_taken) when another user holds it,
    /// Error(bad_argument) for settings out of range (a name too long or not UTF-8, a limit of 0).
    ProgrammedCard register_card(const std::string& user, std::string_view uid_hex, const CardChange& settings);
    /// The user's cards, oldest first.
    std::vector<CardOverview> cards(const std::string& user);
    /// Applies `change` to the user's card `id`. CardError(not_found), CardError(card_wiped) (a
    /// wiped card changes no more), Error(bad_argument) as above.
    CardRecord change(const std::string& user, const std::string& id, const CardChange& change);
    /// Marks the user's card `id` wiped (it pays no more) and gives its keys to reset it with
    /// (again, for a card wiped before). CardError(not_found).
    ProgrammedCard wipe(const std::string& user, const std::string& id);
    /// What the user's card `id` writes on its next tap, made by the node with the card's keys:
    /// the counter one above the last one paid with, so that it pays like the card's own next tap
    /// (and, like a real tap never paid with, stays usable until a later one pays). Only for a
    /// demo without an NFC card: the caller allows it on the fake Lightning backend only.
    /// CardError(not_found), CardError(card_wiped); Error(bad_argument) when the counter is at
    /// its end (the card must be programmed again).
    SimulatedTap simulate_tap(const std::string& user, const std::string& id);

private:
    const CardIssuer& issuer_;
    std::unique_ptr<NodeStore> store_;
    std::function<std::int64_t()> now_s_;
};

}  // namespace flash::node::merchant::cards
