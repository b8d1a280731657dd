// JSON shapes of Flash Cards in /api/v1 answers: the card, its payments, and the data a Bolt Card
// programmer reads (the keys to write at registration, or to reset the card with after a wipe).
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "node/merchant/cards/card_registry.hpp"

namespace flash::node::api {

/// "active", "disabled" or "wiped".
const char* card_state_name(CardState state);
nlohmann::json card_json(const CardRecord& card);
/// card_json() with the day's spending and the payments made with the card.
nlohmann::json card_overview_json(const merchant::cards::CardOverview& overview);
/// The Bolt Card programmer's "create_bolt_card_response" (protocol version 2): the card's name,
/// `lnurlw_base` and K0..K4 in hex.
nlohmann::json programming_json(const merchant::cards::ProgrammedCard& programmed, const std::string& lnurlw_base);
/// The Bolt Card programmer's reset data: {"action": "wipe", "version", "k0".."k4"} with the UID.
nlohmann::json wipe_json(const merchant::cards::ProgrammedCard& wiped);

}  // namespace flash::node::api
