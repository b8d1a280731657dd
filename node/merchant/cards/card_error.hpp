// The refusals of Flash Cards, shared by the holder's API (node/api/card_routes.hpp) and the
// LNURL-withdraw flow a card pays with (card_withdraw.hpp), each with a stable snake_case name.
#pragma once
#include <stdexcept>
#include <string>
#include <string_view>

namespace flash::node::merchant::cards {

enum class CardErrc {
    not_found,           ///< the user has no card with this id
    bad_uid,             ///< a UID that is not 7 bytes (14 hex digits)
    card_taken,          ///< another user holds the card (it must be wiped first)
    card_wiped,          ///< the card was wiped: register it again for new keys
    unknown_card,        ///< a tap of a card this node did not register
    bad_tap,             ///< p or c malformed, or c does not authenticate the tap
    unknown_tap,         ///< a k1 this node never gave
    tap_used,            ///< the k1 paid already
    tap_expired,         ///< the k1 is too old
    card_disabled,       ///< the holder disabled the card
    reprogrammed,        ///< the card got new keys since the tap
    replayed,            ///< the tap's counter is not above the last one paid with
    over_payment_limit,  ///< the amount is above the card's limit per payment
    over_day_limit,      ///< the amount would take the day's payments above the card's daily limit
};

/// "not_found", "bad_uid", ... (the API's error codes).
std::string_view card_errc_name(CardErrc code) noexcept;

class CardError : public std::runtime_error {
public:
    CardError(CardErrc code, const std::string& detail) : std::runtime_error(detail), code_(code) {}
    CardErrc code() const noexcept { return code_; }

private:
    CardErrc code_;
};

}  // namespace flash::node::merchant::cards
