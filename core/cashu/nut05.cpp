#include "core/cashu/nut05.hpp"

#include "core/cashu/message_json.hpp"
#include "core/cashu/nut03.hpp"
#include "core/cashu/proof_json.hpp"
#include "core/error.hpp"

namespace flash::cashu {
namespace {

/// The msat amount at options.<option>.<member>, if the wallet sent that option.
std::optional<std::uint64_t> option_msat(const MessageReader& options, const char* option, const char* member) {
    const nlohmann::json* value = options.optional(option);
    if (value == nullptr) return std::nullopt;
    return MessageReader(*value, std::string("melt quote request options.") + option).uint(member);
}

}  // namespace

std::string_view to_string(MeltQuoteState state) noexcept {
    switch (state) {
        case MeltQuoteState::unpaid: return "UNPAID";
        case MeltQuoteState::pending: return "PENDING";
        case MeltQuoteState::paid: return "PAID";
    }
    return "UNPAID";
}

MeltQuoteState parse_melt_quote_state(std::string_view text) {
    if (text == "UNPAID") return MeltQuoteState::unpaid;
    if (text == "PENDING") return MeltQuoteState::pending;
    if (text == "PAID") return MeltQuoteState::paid;
    throw Error(Errc::bad_message, "unknown melt quote state \"" + std::string(text) + "\"");
}

MeltQuoteRequest melt_quote_request_from_json(const nlohmann::json& value) {
    const MessageReader reader(value, "melt quote request");
    MeltQuoteRequest request;
    request.request = reader.string("request");
    request.unit = reader.string("unit");
    if (const nlohmann::json* options = reader.optional("options")) {
        const MessageReader options_reader(*options, "melt quote request options");
        request.amountless_msat = option_msat(options_reader, "amountless", "amount_msat");
        request.mpp_msat = option_msat(options_reader, "mpp", "amount");
    }
    return request;
}

nlohmann::ordered_json to_json(const MeltQuoteRequest& request) {
    nlohmann::ordered_json out;
    out["request"] = request.request;
    out["unit"] = request.unit;
    if (request.amountless_msat || request.mpp_msat) {
        nlohmann::ordered_json options = nlohmann::ordered_json::object();
        if (request.amountless_msat) options["amountless"]["amount_msat"] = *request.amountless_msat;
        if (request.mpp_msat) options["mpp"]["amount"] = *request.mpp_msat;
        out["options"] = std::move(options);
    }
    return out;
}

MeltQuote melt_quote_from_json(const nlohmann::json& value) {
    const MessageReader reader(value, "melt quote");
    MeltQuote quote;
    quote.quote = reader.string("quote");
    quote.request = reader.string("request");
    quote.amount = reader.uint("amount");
    quote.unit = reader.string("unit");
    quote.fee_reserve = reader.uint("fee_reserve");
    quote.state = parse_melt_quote_state(reader.string("state"));
    quote.expiry = reader.optional_uint("expiry");
    quote.payment_preimage = reader.optional_string("payment_preimage");
    if (reader.optional("change") != nullptr)
        quote.change = reader.list("change", max_request_items, blind_signature_from_json);
    return quote;
}

nlohmann::ordered_json to_json(const MeltQuote& quote) {
    nlohmann::ordered_json out;
    out["quote"] = quote.quote;
    out["request"] = quote.request;
    out["amount"] = quote.amount;
    out["unit"] = quote.unit;
    out["fee_reserve"] = quote.fee_reserve;
    out["state"] = to_string(quote.state);
    out["expiry"] = quote.expiry ? nlohmann::ordered_json(*quote.expiry) : nlohmann::ordered_json(nullptr);
    out["payment_preimage"] =
        quote.payment_preimage ? nlohmann::ordered_json(*quote.payment_preimage) : nlohmann::ordered_json(nullptr);
    if (!quote.change.empty()) out["change"] = json_list<BlindSignature>(quote.change, blind_signature_to_json);
    return out;
}

MeltRequest melt_request_from_json(const nlohmann::json& value) {
    const MessageReader reader(value, "melt request");
    MeltRequest request;
    request.quote = reader.string("quote");
    request.inputs = reader.list("inputs", max_request_items, proof_from_json);
    if (reader.optional("outputs") != nullptr)
        request.outputs = reader.list("outputs", max_request_items, blinded_message_from_json);
    request.prefer_async = reader.optional_bool("prefer_async", false);
    return request;
}

nlohmann::ordered_json to_json(const MeltRequest& request) {
    nlohmann::ordered_json out;
    out["quote"] = request.quote;
    out["inputs"] = json_list<Proof>(request.inputs, proof_to_json);
    if (!request.outputs.empty()) out["outputs"] = json_list<BlindedMessage>(request.outputs, blinded_message_to_json);
    if (request.prefer_async) out["prefer_async"] = true;
    return out;
}

}  // namespace flash::cashu
