#include "core/cashu/nut04.hpp"

#include "core/cashu/message_json.hpp"
#include "core/cashu/nut03.hpp"
#include "core/cashu/proof_json.hpp"
#include "core/codec/hex.hpp"
#include "core/error.hpp"

namespace flash::cashu {

std::string_view to_string(MintQuoteState state) noexcept {
    switch (state) {
        case MintQuoteState::unpaid: return "UNPAID";
        case MintQuoteState::paid: return "PAID";
        case MintQuoteState::issued: return "ISSUED";
    }
    return "UNPAID";
}

MintQuoteState parse_mint_quote_state(std::string_view text) {
    if (text == "UNPAID") return MintQuoteState::unpaid;
    if (text == "PAID") return MintQuoteState::paid;
    if (text == "ISSUED") return MintQuoteState::issued;
    throw Error(Errc::bad_message, "unknown mint quote state \"" + std::string(text) + "\"");
}

MintQuoteRequest mint_quote_request_from_json(const nlohmann::json& value) {
    const MessageReader reader(value, "mint quote request");
    MintQuoteRequest request;
    request.amount = reader.uint("amount");
    request.unit = reader.string("unit");
    request.description = reader.optional_string("description");
    request.pubkey = reader.optional_public_key("pubkey");
    return request;
}

nlohmann::ordered_json to_json(const MintQuoteRequest& request) {
    nlohmann::ordered_json out;
    out["amount"] = request.amount;
    out["unit"] = request.unit;
    if (request.description) out["description"] = *request.description;
    if (request.pubkey) out["pubkey"] = codec::hex_encode(*request.pubkey);
    return out;
}

MintQuote mint_quote_from_json(const nlohmann::json& value) {
    const MessageReader reader(value, "mint quote");
    MintQuote quote;
    quote.quote = reader.string("quote");
    quote.request = reader.string("request");
    quote.amount = reader.uint("amount");
    quote.unit = reader.string("unit");
    quote.state = parse_mint_quote_state(reader.string("state"));
    quote.expiry = reader.optional_uint("expiry");
    quote.pubkey = reader.optional_public_key("pubkey");
    return quote;
}

nlohmann::ordered_json to_json(const MintQuote& quote) {
    nlohmann::ordered_json out;
    out["quote"] = quote.quote;
    out["request"] = quote.request;
    out["amount"] = quote.amount;
    out["unit"] = quote.unit;
    out["state"] = to_string(quote.state);
    out["expiry"] = quote.expiry ? nlohmann::ordered_json(*quote.expiry) : nlohmann::ordered_json(nullptr);
    if (quote.pubkey) out["pubkey"] = codec::hex_encode(*quote.pubkey);
    return out;
}

MintRequest mint_request_from_json(const nlohmann::json& value) {
    const MessageReader reader(value, "mint request");
    MintRequest request;
    request.quote = reader.string("quote");
    request.outputs = reader.list("outputs", max_request_items, blinded_message_from_json);
    if (const auto signature = reader.optional_string("signature")) {
        try {
            request.signature = codec::hex_decode_array<64>(*signature);
        } catch (const Error&) {
            reader.fail("\"signature\" is not 64 bytes of hex");
        }
    }
    return request;
}

nlohmann::ordered_json to_json(const MintRequest& request) {
    nlohmann::ordered_json out;
    out["quote"] = request.quote;
    out["outputs"] = json_list<BlindedMessage>(request.outputs, blinded_message_to_json);
    if (request.signature) out["signature"] = codec::hex_encode(*request.signature);
    return out;
}

}  // namespace flash::cashu
