#include "node/api/card_json.hpp"

#include "core/codec/hex.hpp"
#include "node/api/ledger_json.hpp"

namespace flash::node::api {
namespace {

void add_keys(nlohmann::json& out, const merchant::cards::boltcard::CardKeys& keys) {
    out["k0"] = codec::hex_encode(keys.k0.view());
    out["k1"] = codec::hex_encode(keys.k1.view());
    out["k2"] = codec::hex_encode(keys.k2.view());
    out["k3"] = codec::hex_encode(keys.k3.view());
    out["k4"] = codec::hex_encode(keys.k4.view());
}

}  // namespace

const char* card_state_name(CardState state) {
    switch (state) {
        case CardState::active: return "active";
        case CardState::disabled: return "disabled";
        case CardState::wiped: return "wiped";
    }
    return "disabled";
}

nlohmann::json card_json(const CardRecord& card) {
    return {{"id", card.id},
            {"uid", codec::hex_encode(card.uid)},
            {"name", card.settings.name},
            {"version", card.version},
            {"counter", card.counter},
            {"state", card_state_name(card.state)},
            {"max_payment_sat", card.settings.max_payment_msat / 1000},
            {"max_day_sat", card.settings.max_day_msat / 1000},
            {"created_at", card.created_at},
            {"updated_at", card.updated_at}};
}

nlohmann::json card_overview_json(const merchant::cards::CardOverview& overview) {
    nlohmann::json out = card_json(overview.card);
    out["spent_today_msat"] = overview.spent_today_msat;
    nlohmann::json payments = nlohmann::json::array();
    for (const CardPaymentRecord& record : overview.payments) {
        nlohmann::json payment = payment_json(record.payment);
        payment["counter"] = record.counter;
        payment["reward_msat"] = record.reward_msat;
        payments.push_back(std::move(payment));
    }
    out["payments"] = std::move(payments);
    return out;
}

nlohmann::json programming_json(const merchant::cards::ProgrammedCard& programmed, const std::string& lnurlw_base) {
    const std::string& name = programmed.card.settings.name;
    nlohmann::json out = {{"protocol_name", "create_bolt_card_response"},
                          {"protocol_version", 2},
                          {"card_name", name.empty() ? "Flash Card" : name},
                          {"lnurlw_base", lnurlw_base},
                          {"uid_privacy", "N"}};
    add_keys(out, programmed.keys);
    return out;
}

nlohmann::json wipe_json(const merchant::cards::ProgrammedCard& wiped) {
    nlohmann::json out = {{"action", "wipe"}, {"version", wiped.card.version}, {"uid", codec::hex_encode(wiped.card.uid)}};
    add_keys(out, wiped.keys);
    return out;
}

}  // namespace flash::node::api
