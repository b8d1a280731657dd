#include "node/merchant/cards/card_error.hpp"

namespace flash::node::merchant::cards {

std::string_view card_errc_name(CardErrc code) noexcept {
    switch (code) {
        case CardErrc::not_found: return "not_found";
        case CardErrc::bad_uid: return "bad_uid";
        case CardErrc::card_taken: return "card_taken";
        case CardErrc::card_wiped: return "card_wiped";
        case CardErrc::unknown_card: return "unknown_card";
        case CardErrc::bad_tap: return "bad_tap";
        case CardErrc::unknown_tap: return "unknown_tap";
        case CardErrc::tap_used: return "tap_used";
        case CardErrc::tap_expired: return "tap_expired";
        case CardErrc::card_disabled: return "card_disabled";
        case CardErrc::reprogrammed: return "reprogrammed";
        case CardErrc::replayed: return "replayed";
        case CardErrc::over_payment_limit: return "over_payment_limit";
        case CardErrc::over_day_limit: return "over_day_limit";
    }
    return "unknown";
}

}  // namespace flash::node::merchant::cards
