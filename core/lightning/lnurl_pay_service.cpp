#include "core/lightning/lnurl_pay_service.hpp"

#include <algorithm>

#include "core/codec/percent.hpp"
#include "core/codec/utf8.hpp"
#include "core/error.hpp"
#include "core/lightning/lnurl.hpp"
#include "core/lightning/lnurl_json.hpp"
#include "core/lightning/lnurl_pay.hpp"

namespace flash::lightning::lnurl {

namespace {

[[noreturn]] void refuse(const std::string& reason) { throw Error(Errc::bad_lnurl, reason); }
[[noreturn]] void misuse(const std::string& detail) { throw Error(Errc::bad_argument, detail); }

std::uint64_t parse_decimal(std::string_view text) {
    if (text.empty() || text.size() > 19 || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
        refuse("amount must be a whole number of millisatoshis");
    return std::stoull(std::string(text));
}

}  // namespace

std::string address_metadata(std::string_view description, std::string_view address) {
    if (!codec::is_utf8(description)) misuse("description is not UTF-8");
    std::string identifier;
    try {
        identifier = parse_lightning_address(address).text();
    } catch (const Error&) {
        misuse("not a lightning address: " + std::string(address));
    }
    return nlohmann::json::array({{"text/plain", std::string(description)}, {"text/identifier", identifier}}).dump();
}

std::string pay_request_answer(const PayOffer& offer) {
    const nlohmann::json answer = {{"tag", "payRequest"},
                                   {"callback", offer.callback},
                                   {"minSendable", offer.min_sendable_msat},
                                   {"maxSendable", offer.max_sendable_msat},
                                   {"metadata", offer.metadata},
                                   {"commentAllowed", offer.comment_allowed}};
    std::string text;
    try {
        text = answer.dump();
        parse_pay_request(text);  // a service must not publish what wallets have to refuse
    } catch (const Error& e) {
        misuse(std::string("pay offer is invalid: ") + e.what());
    } catch (const nlohmann::json::exception& e) {
        misuse(std::string("pay offer is not UTF-8: ") + e.what());
    }
    return text;
}

AddressName parse_address_name(std::string_view segment) {
    const std::size_t plus = segment.find('+');
    AddressName out{std::string(segment.substr(0, plus)), std::nullopt};
    if (plus != std::string_view::npos) out.tag = std::string(segment.substr(plus + 1));
    if (!is_valid_username(out.user)) refuse("no such user name");
    return out;
}

PayCallback parse_pay_callback(std::string_view query, const PayOffer& offer) {
    const auto params = codec::parse_query(query);
    if (!params) refuse("malformed query");
    std::optional<std::string> amount, comment;
    for (const auto& [key, value] : *params) {
        if (key == "amount" && !amount) amount = value;
        else if (key == "comment" && !comment) comment = value;
    }
    if (!amount) refuse("amount is missing");
    PayCallback out{parse_decimal(*amount), std::nullopt};
    if (out.amount_msat < offer.min_sendable_msat || out.amount_msat > offer.max_sendable_msat)
        refuse("amount must be between " + std::to_string(offer.min_sendable_msat) + " and " +
               std::to_string(offer.max_sendable_msat) + " msat");
    if (comment && !comment->empty()) {
        const auto count = character_count(*comment);
        if (!count) refuse("comment is not UTF-8");
        if (*count > offer.comment_allowed)
            refuse("comment is longer than " + std::to_string(offer.comment_allowed) + " characters");
        out.comment = std::move(*comment);
    }
    return out;
}

std::string invoice_answer(std::string_view pr, const std::optional<SuccessAction>& success_action) {
    nlohmann::json answer = {{"pr", std::string(pr)}, {"routes", nlohmann::json::array()}};
    if (success_action) answer["successAction"] = success_action_json(*success_action);
    return answer.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace flash::lightning::lnurl
