#include "node/api/reward_routes.hpp"

#include <cmath>

#include "core/codec/hex.hpp"
#include "node/api/api_error.hpp"
#include "node/api/json_body.hpp"

namespace flash::node::api {
namespace {

constexpr std::string_view rules_path = "/api/v1/merchant/rewards";
constexpr std::string_view ledger_path = "/api/v1/merchant/rewards/ledger";
constexpr std::string_view ecash_path = "/api/v1/rewards/ecash";

[[noreturn]] void bad(const std::string& message) { throw ApiError(http::status::bad_request, "bad_request", message); }

void require_method(const Request& request, http::verb method) {
    if (request.method() != method)
        throw ApiError(http::status::method_not_allowed, "method_not_allowed", "method not allowed here");
}

/// A percentage with at most two decimals, as basis points.
std::uint32_t basis_points(double percent) {
    if (!(percent >= 0 && percent <= 100)) bad("percent is between 0 and 100");
    const double bp = percent * 100;
    const double whole = std::round(bp);
    if (std::fabs(bp - whole) > 1e-6) bad("percent has at most two decimals");
    return static_cast<std::uint32_t>(whole);
}

RewardRule rule_from(const nlohmann::json& body, const std::string& merchant) {
    RewardRule rule;
    rule.merchant = merchant;
    rule.per_tap_msat = sat_to_msat(optional_uint(body, "per_tap_sat").value_or(0));
    rule.percent_bp = basis_points(optional_number(body, "percent").value_or(0));
    rule.cap_card_day_msat = sat_to_msat(required_uint(body, "cap_per_card_day_sat"));
    rule.cap_merchant_day_msat = sat_to_msat(required_uint(body, "cap_per_merchant_day_sat"));
    rule.active = optional_bool(body, "active").value_or(rule.active);
    const auto payout = body.find("payout");
    if (payout != body.end() && !payout->is_null()) {
        if (*payout == "ecash") rule.payout = RewardPayout::ecash;
        else if (*payout != "lightning") bad("payout is \"lightning\" or \"ecash\"");
    }
    return rule;
}

nlohmann::json rule_json(const RewardRule& rule) {
    return {{"per_tap_sat", rule.per_tap_msat / 1000},
            {"percent", rule.percent_bp / 100.0},
            {"cap_per_card_day_sat", rule.cap_card_day_msat / 1000},
            {"cap_per_merchant_day_sat", rule.cap_merchant_day_msat / 1000},
            {"active", rule.active},
            {"payout", rule.payout == RewardPayout::ecash ? "ecash" : "lightning"},
            {"updated_at", rule.updated_at}};
}

nlohmann::json entry_json(const RewardEntry& entry) {
    nlohmann::json out = {{"card_id", entry.card_id},
                          {"purchase_msat", entry.purchase_msat},
                          {"amount_msat", entry.amount_msat},
                          {"state", entry.state == RewardState::credited ? "credited" : "refused"},
                          {"at", entry.created_at}};
    if (entry.state == RewardState::refused) out["reason"] = entry.reason;
    if (entry.transfer_ref) out["ref"] = codec::hex_encode(*entry.transfer_ref);
    // The quote id is the holder's to mint with: the merchant only learns how the reward went.
    if (entry.state == RewardState::credited) out["payout"] = entry.mint_quote ? "ecash" : "lightning";
    return out;
}

nlohmann::json unclaimed_json(const RewardEntry& entry) {
    return {{"quote", *entry.mint_quote}, {"amount_sat", entry.amount_msat / 1000}, {"unit", "sat"},
            {"card_id", entry.card_id}, {"at", entry.created_at}};
}

}  // namespace

bool RewardRoutes::serves(std::string_view path) {
    return path == rules_path || path == ledger_path || path == ecash_path;
}

Response RewardRoutes::handle(const Request& request, std::string_view path, const std::string& user) {
    try {
        return dispatch(request, path, user);
    } catch (const std::exception& e) {
        return exception_response(request, e);
    }
}

Response RewardRoutes::dispatch(const Request& request, std::string_view path, const std::string& user) {
    if (path == ecash_path) {
        require_method(request, http::verb::get);
        nlohmann::json unclaimed = nlohmann::json::array();
        for (const RewardEntry& entry : rewards_.unclaimed_ecash(user)) unclaimed.push_back(unclaimed_json(entry));
        return json_response(request, http::status::ok, {{"rewards", std::move(unclaimed)}});
    }
    if (path == ledger_path) {
        require_method(request, http::verb::get);
        nlohmann::json entries = nlohmann::json::array();
        for (const RewardEntry& entry : rewards_.ledger(user)) entries.push_back(entry_json(entry));
        return json_response(request, http::status::ok,
                             {{"credited_today_msat", rewards_.credited_today_msat(user)}, {"rewards", std::move(entries)}});
    }
    if (request.method() == http::verb::get) {
        const std::optional<RewardRule> rule = rewards_.rule(user);
        if (!rule) throw ApiError(http::status::not_found, "not_found", "no reward rule set");
        return json_response(request, http::status::ok, rule_json(*rule));
    }
    require_method(request, http::verb::post);
    return json_response(request, http::status::ok, rule_json(rewards_.set_rule(rule_from(object_body(request), user))));
}

}  // namespace flash::node::api
