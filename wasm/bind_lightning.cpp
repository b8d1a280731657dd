// core/lightning for JS: BOLT 11 invoices, what a user pasted or scanned, and the LNURL-pay /
// LNURL-withdraw steps, so the PWA can pay a lightning address with the JS doing only the fetches:
//   const target = core.parsePaymentTarget(text);            // {type: "lightningAddress", url, ...}
//   const first = await (await fetch(target.url)).text();
//   const offer = core.parsePayRequest(first, true);          // show offer.text, min/max, image
//   const second = await (await fetch(core.lnurlPayCallback(first, amountMsat, comment))).text();
//   const { pr } = core.verifyLnurlPayInvoice(first, amountMsat, second);  // then pay pr
// Results are plain JS objects; amounts are numbers of msat (exact below 2^53 msat, ~90,000 BTC);
// keys, hashes and other bytes are lower-case hex. Errors are JS Errors with `code` = the Errc
// name (bad_invoice, bad_lnurl, service_error (message: the service's reason), invoice_mismatch,
// unknown_payment_target, ...).
#include <emscripten/bind.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <type_traits>

#include "core/codec/base64.hpp"
#include "core/codec/hex.hpp"
#include "core/lightning/bolt11.hpp"
#include "core/lightning/lnurl.hpp"
#include "core/lightning/lnurl_pay.hpp"
#include "core/lightning/lnurl_withdraw.hpp"
#include "core/lightning/payment_target.hpp"
#include "wasm/bind_support.hpp"

namespace flash::wasm {
namespace {

using nlohmann::json;
using codec::hex_encode;
namespace bolt11 = lightning::bolt11;
namespace lnurl = lightning::lnurl;

/// A JSON value as a JS value (one JSON.parse instead of building it member by member).
val js(const json& value) { return val::global("JSON").call<val>("parse", value.dump()); }

/// A JS number of msat as an integer: whole, non-negative and exact (below 2^53).
std::uint64_t msat_in(double value) {
    if (!(value >= 0 && value <= 9007199254740991.0) || std::floor(value) != value)
        throw Error(Errc::bad_argument, "amount must be a whole number of msat below 2^53");
    return static_cast<std::uint64_t>(value);
}

template <class T>
json optional_json(const std::optional<T>& value) {
    return value ? json(*value) : json(nullptr);
}

std::string scid_text(std::uint64_t scid) {
    return std::to_string(scid >> 40) + "x" + std::to_string((scid >> 16) & 0xffffff) + "x" + std::to_string(scid & 0xffff);
}

json invoice_json(const bolt11::SignedInvoice& signed_invoice) {
    const bolt11::Invoice& inv = signed_invoice.invoice;
    json fallbacks = json::array();
    for (const auto& f : inv.all<bolt11::Fallback>()) fallbacks.push_back({{"version", f.version}, {"program", hex_encode(f.program)}});
    json routes = json::array();
    for (const auto& hint : inv.all<bolt11::RouteHint>()) {
        json hops = json::array();
        for (const auto& hop : hint.hops)
            hops.push_back({{"pubkey", hex_encode(hop.pubkey)},
                            {"shortChannelId", scid_text(hop.short_channel_id)},
                            {"feeBaseMsat", hop.fee_base_msat},
                            {"feeProportionalMillionths", hop.fee_proportional_millionths},
                            {"cltvExpiryDelta", hop.cltv_expiry_delta}});
        routes.push_back(std::move(hops));
    }
    const auto hash = inv.description_hash();
    const auto* metadata = inv.first<bolt11::Metadata>();
    return {{"network", bolt11::currency_prefix(inv.network)},
            {"amountMsat", optional_json(inv.amount_msat)},
            {"timestamp", inv.timestamp},
            {"expiry", inv.expiry_seconds()},
            {"expiresAt", inv.expires_at()},
            {"paymentHash", hex_encode(inv.payment_hash())},
            {"paymentSecret", hex_encode(inv.payment_secret())},
            {"description", optional_json(inv.description())},
            {"descriptionHash", hash ? json(hex_encode(*hash)) : json(nullptr)},
            {"minFinalCltvExpiry", inv.min_final_cltv_expiry()},
            {"features", inv.features().bits},
            {"fallbacks", fallbacks},
            {"routeHints", routes},
            {"metadata", metadata ? json(hex_encode(metadata->data)) : json(nullptr)},
            {"payee", hex_encode(signed_invoice.payee)},
            {"signature", hex_encode(signed_invoice.signature)},
            {"recoveryId", signed_invoice.recovery_id}};
}

json link_json(const lnurl::Link& link) {
    const std::string_view tag = lnurl::tag_name(link.kind);
    return {{"type", "lnurl"}, {"url", link.url.text}, {"host", link.url.host}, {"tag", tag.empty() ? json(nullptr) : json(tag)}};
}

json network_json(keys::Network network) {
    switch (network) {
        case keys::Network::mainnet: return "mainnet";
        case keys::Network::testnet: return "testnet";
        case keys::Network::signet: return "signet";
        case keys::Network::regtest: return "regtest";
    }
    return nullptr;
}

json target_json(const lightning::PaymentTarget& target) {
    return std::visit(
        [](const auto& t) -> json {
            using T = std::decay_t<decltype(t)>;
            if constexpr (std::is_same_v<T, lightning::InvoiceTarget>)
                return {{"type", "invoice"}, {"text", t.text}, {"invoice", invoice_json(t.invoice)}};
            if constexpr (std::is_same_v<T, lnurl::Link>) return link_json(t);
            if constexpr (std::is_same_v<T, lnurl::LightningAddress>)
                return {{"type", "lightningAddress"}, {"address", t.text()}, {"url", t.url.text}, {"host", t.url.host}};
            if constexpr (std::is_same_v<T, lightning::OnChainTarget>) {
                const auto& uri = t.uri;
                json out = {{"type", "onchain"},
                            {"address", uri.address ? json(uri.address->text) : json(nullptr)},
                            {"network", uri.address ? network_json(uri.address->network) : json(nullptr)},
                            {"amountSat", optional_json(uri.amount_sat)},
                            {"label", optional_json(uri.label)},
                            {"message", optional_json(uri.message)},
                            {"invoice", t.invoice ? json{{"text", t.invoice->text}, {"invoice", invoice_json(t.invoice->invoice)}}
                                                  : json(nullptr)},
                            {"lnurl", t.lnurl ? link_json(*t.lnurl) : json(nullptr)}};
                return out;
            }
        },
        target);
}

json success_action_out(const std::optional<lnurl::SuccessAction>& action) {
    return action ? lnurl::success_action_json(*action) : json(nullptr);
}

val decode_bolt11(const std::string& text) {
    return guarded([&] { return js(invoice_json(bolt11::decode(text))); });
}

val parse_payment_target(const std::string& text) {
    return guarded([&] { return js(target_json(lightning::parse_payment_target(text))); });
}

std::string lnurl_encode(const std::string& url) {
    return guarded([&] { return lnurl::encode(url); });
}

val lnurl_decode(const std::string& text) {
    return guarded([&] { return js(link_json(lnurl::decode(text))); });
}

/// The service's payRequest answer (text) as what a payment dialog shows.
val parse_pay_request(const std::string& answer, bool via_lightning_address) {
    return guarded([&] {
        const lnurl::PayRequest request = lnurl::parse_pay_request(answer, via_lightning_address);
        const auto& m = request.metadata;
        json image = nullptr;
        if (m.image) image = {{"mime", m.image->mime}, {"base64", codec::base64_encode(m.image->data)}};
        return js({{"callback", request.callback.text},
                   {"host", request.callback.host},
                   {"minSendable", request.min_sendable_msat},
                   {"maxSendable", request.max_sendable_msat},
                   {"commentAllowed", request.comment_allowed},
                   {"metadata", m.raw},
                   {"text", m.text},
                   {"longText", optional_json(m.long_text)},
                   {"identifier", optional_json(m.identifier)},
                   {"email", optional_json(m.email)},
                   {"image", image}});
    });
}

/// The URL to GET for `amount_msat` (and a LUD-12 comment, "" for none), from the payRequest text.
std::string lnurl_pay_callback(const std::string& pay_request, double amount_msat, const std::string& comment) {
    return guarded([&] { return lnurl::pay_callback_url(lnurl::parse_pay_request(pay_request), msat_in(amount_msat), comment); });
}

/// The invoice answer, checked (description hash, amount): {pr, invoice, successAction}.
val verify_lnurl_pay_invoice(const std::string& pay_request, double amount_msat, const std::string& answer) {
    return guarded([&] {
        const lnurl::PayInvoice paid =
            lnurl::parse_pay_invoice(lnurl::parse_pay_request(pay_request), msat_in(amount_msat), answer);
        return js({{"pr", paid.pr}, {"invoice", invoice_json(paid.invoice)}, {"successAction", success_action_out(paid.success_action)}});
    });
}

/// The plaintext of a LUD-10 aes successAction (the object verifyLnurlPayInvoice returned), keyed
/// with the payment preimage (hex).
std::string decrypt_success_action(const std::string& action_json, const std::string& preimage_hex) {
    return guarded([&] {
        const json object = parse_json(action_json);
        if (object.value("tag", "") != "aes") throw Error(Errc::bad_argument, "not an aes successAction");
        const lnurl::SuccessAction action = lnurl::parse_success_action(object, "");
        const auto* aes_action = std::get_if<lnurl::AesAction>(&action);
        return lnurl::decrypt_aes_action(*aes_action, codec::hex_decode_array<32>(preimage_hex));
    });
}

val parse_withdraw_request(const std::string& answer) {
    return guarded([&] {
        const lnurl::WithdrawRequest request = lnurl::parse_withdraw_request(answer);
        return js({{"callback", request.callback.text},
                   {"host", request.callback.host},
                   {"k1", request.k1},
                   {"defaultDescription", request.default_description},
                   {"minWithdrawable", request.min_withdrawable_msat},
                   {"maxWithdrawable", request.max_withdrawable_msat}});
    });
}

/// The URL to GET with our invoice, from the withdrawRequest text.
std::string lnurl_withdraw_callback(const std::string& withdraw_request, const std::string& invoice) {
    return guarded([&] { return lnurl::withdraw_callback_url(lnurl::parse_withdraw_request(withdraw_request), invoice); });
}

/// Throws (service_error with the reason, bad_lnurl, bad_json) unless the answer is {"status":"OK"}.
void check_lnurl_status(const std::string& answer) {
    guarded([&] { lnurl::check_status_ok(answer); });
}

}  // namespace

EMSCRIPTEN_BINDINGS(flash_lightning) {
    using emscripten::function;
    function("decodeBolt11", &decode_bolt11);
    function("parsePaymentTarget", &parse_payment_target);
    function("lnurlEncode", &lnurl_encode);
    function("lnurlDecode", &lnurl_decode);
    function("parsePayRequest", &parse_pay_request);
    function("lnurlPayCallback", &lnurl_pay_callback);
    function("verifyLnurlPayInvoice", &verify_lnurl_pay_invoice);
    function("decryptSuccessAction", &decrypt_success_action);
    function("parseWithdrawRequest", &parse_withdraw_request);
    function("lnurlWithdrawCallback", &lnurl_withdraw_callback);
    function("checkLnurlStatus", &check_lnurl_status);
}

}  // namespace flash::wasm
