#include "core/lightning/lnurl_pay.hpp"

#include "core/codec/base64.hpp"
#include "core/codec/hex.hpp"
#include "core/error.hpp"
#include "core/lightning/lnurl.hpp"
#include "core/lightning/lnurl_json.hpp"
#include "core/nostr/json_text.hpp"

namespace flash::lightning::lnurl {

namespace {

[[noreturn]] void fail(const std::string& detail) { throw Error(Errc::bad_lnurl, "payRequest: " + detail); }
[[noreturn]] void mismatch(const std::string& detail) { throw Error(Errc::invoice_mismatch, detail); }

// The metadata array's entries are [type, value, ...]; the value of the types read here is a string.
std::string entry_text(const nlohmann::json& entry, const std::string& type) {
    if (entry.size() < 2 || !entry[1].is_string()) fail("metadata " + type + " value is not a string");
    return entry[1].get<std::string>();
}

void set_once(std::optional<std::string>& field, std::string value, const std::string& type) {
    if (field) fail("metadata has more than one " + type);
    field = std::move(value);
}

PayImage decode_image(const std::string& mime, const std::string& base64) {
    if (base64.size() > max_image_base64) fail("metadata image over 136536 base64 characters");
    try {
        return {mime, codec::base64_decode(base64)};
    } catch (const Error&) {
        fail("metadata image is not base64");
    }
}

PayMetadata parse_metadata(std::string raw, bool via_lightning_address) {
    nlohmann::json entries;
    try {
        entries = nostr::parse_json_text(raw, max_answer_bytes);
    } catch (const Error&) {
        fail("metadata is not JSON");
    }
    if (!entries.is_array()) fail("metadata is not a JSON array");
    PayMetadata out;
    std::optional<std::string> text;
    for (const auto& entry : entries) {
        // Later LUDs may add entries with any value type; only the first item's type is fixed.
        if (!entry.is_array() || entry.empty() || !entry[0].is_string()) fail("metadata entry is not [type, ...]");
        const std::string type = entry[0].get<std::string>();
        if (type == "text/plain") set_once(text, entry_text(entry, type), type);
        else if (type == "text/long-desc") set_once(out.long_text, entry_text(entry, type), type);
        else if (type == "text/identifier") set_once(out.identifier, entry_text(entry, type), type);
        else if (type == "text/email") set_once(out.email, entry_text(entry, type), type);
        else if (type == "image/png;base64" || type == "image/jpeg;base64") {
            if (out.image) fail("metadata has more than one image");
            out.image = decode_image(type.substr(0, type.find(';')), entry_text(entry, type));
        }
    }
    if (!text) fail("metadata has no text/plain entry");
    if (via_lightning_address && !out.identifier && !out.email)
        fail("metadata of a lightning address has no text/identifier or text/email (LUD-16)");
    out.text = std::move(*text);
    out.raw = std::move(raw);
    return out;
}

}  // namespace

crypto::Hash256 metadata_hash(std::string_view metadata) { return crypto::sha256(as_bytes(metadata)); }

PayRequest parse_pay_request(std::string_view json_text, bool via_lightning_address) {
    const nlohmann::json answer = check_service_answer(json_text);
    require_tag(answer, "payRequest");
    PayRequest out{parse_service_url(required_string(answer, "callback")),
                   required_msat(answer, "minSendable"),
                   required_msat(answer, "maxSendable"),
                   parse_metadata(required_string(answer, "metadata"), via_lightning_address),
                   optional_count(answer, "commentAllowed", 0)};
    if (out.min_sendable_msat < 1) fail("minSendable is below 1 msat");
    if (out.min_sendable_msat > out.max_sendable_msat) fail("minSendable is above maxSendable");
    return out;
}

std::string pay_callback_url(const PayRequest& request, std::uint64_t amount_msat, std::string_view comment) {
    if (amount_msat < request.min_sendable_msat || amount_msat > request.max_sendable_msat)
        throw Error(Errc::bad_argument, "amount outside the service's minSendable..maxSendable");
    std::vector<std::pair<std::string, std::string>> params{{"amount", std::to_string(amount_msat)}};
    if (!comment.empty()) {
        const auto count = character_count(comment);
        if (!count) throw Error(Errc::bad_argument, "comment is not UTF-8");
        if (*count > request.comment_allowed)
            throw Error(Errc::bad_argument, "comment longer than the " + std::to_string(request.comment_allowed) +
                                                " characters the service allows");
        params.emplace_back("comment", std::string(comment));
    }
    return append_query(request.callback, params);
}

PayInvoice parse_pay_invoice(const PayRequest& request, std::uint64_t amount_msat, std::string_view json_text) {
    const nlohmann::json answer = check_service_answer(json_text);
    PayInvoice out{required_string(answer, "pr"), {}, std::nullopt};
    if (const auto routes = answer.find("routes"); routes != answer.end() && !routes->is_array() && !routes->is_null())
        fail("routes is not an array");
    if (const auto action = answer.find("successAction"); action != answer.end() && !action->is_null())
        out.success_action = parse_success_action(*action, request.callback.host);
    out.invoice = bolt11::decode(out.pr);

    const auto hash = out.invoice.invoice.description_hash();
    if (!hash) mismatch("the invoice has no description hash (LUD-06 requires h = sha256(metadata))");
    if (*hash != metadata_hash(request.metadata.raw))
        mismatch("the invoice's description hash " + codec::hex_encode(*hash) + " is not sha256(metadata)");
    const auto amount = out.invoice.invoice.amount_msat;
    if (amount != amount_msat)
        mismatch("the invoice asks " + (amount ? std::to_string(*amount) + " msat" : std::string("any amount")) +
                 ", not the " + std::to_string(amount_msat) + " msat requested");
    return out;
}

}  // namespace flash::lightning::lnurl
