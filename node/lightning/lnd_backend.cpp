#include "node/lightning/lnd_backend.hpp"

#include <charconv>

#include "core/bitcoin/transaction.hpp"
#include "core/codec/base64.hpp"
#include "core/codec/hex.hpp"
#include "core/codec/utf8.hpp"
#include "core/crypto/secp256k1.hpp"
#include "core/error.hpp"
#include "node/lightning/lnd_json.hpp"
#include "node/net/url.hpp"

namespace flash::node::lightning {
namespace {

namespace bolt11 = flash::lightning::bolt11;
using nlohmann::json;

/// The longest description a BOLT 11 `d` field holds.
constexpr std::size_t max_description_bytes = 639;

/// The invoice a rebalance pays to ourselves: labelled, and payable long past the router's timeout.
constexpr const char* rebalance_memo = "flash rebalance";
constexpr std::uint32_t rebalance_expiry_s = 3600;

/// A payment hash as LND's REST paths and queries want it: base64url with padding (grpc-gateway
/// tries standard, then padded URL-safe base64; '+' and '/' would not survive a URL).
std::string hash_param(const ByteArray<32>& hash) { return codec::base64url_encode(hash, codec::Padding::with); }

std::string track_target(const ByteArray<32>& hash) {
    return "/v2/router/track/" + hash_param(hash) + "?no_inflight_updates=false";
}

DecodedInvoice decoded_view(const bolt11::SignedInvoice& decoded) {
    DecodedInvoice out;
    out.payment_hash = decoded.invoice.payment_hash();
    out.amount_msat = decoded.invoice.amount_msat;
    out.expiry_unix = decoded.invoice.expires_at();
    out.description = decoded.invoice.description().value_or("");
    return out;
}

}  // namespace

LndBackend::LndBackend(const LndOptions& options)
    : rest_(options.connection), pay_timeout_s_(options.pay_timeout_s), watch_(rest_, options.backoff) {}

bolt11::Network LndBackend::network() {
    std::lock_guard lock(network_mutex_);
    if (!network_) network_ = lnd_json::read_network(rest_.call("GET", "/v1/getinfo"));
    return *network_;
}

bolt11::SignedInvoice LndBackend::decode_for_lnd(const std::string& text) {
    bolt11::SignedInvoice decoded;
    try {
        decoded = bolt11::decode(text);
    } catch (const Error& e) {
        throw Error(Errc::bad_argument, std::string("not a valid BOLT 11 invoice: ") + e.what());
    }
    if (decoded.invoice.network != network()) {
        throw Error(Errc::bad_argument, "the invoice is for " +
                                            std::string(bolt11::currency_prefix(decoded.invoice.network)) +
                                            ", LND runs on " + std::string(bolt11::currency_prefix(network())));
    }
    return decoded;
}

Invoice LndBackend::create_invoice(std::uint64_t amount_msat, const std::string& description, std::uint32_t expiry_s) {
    if (amount_msat == 0) throw Error(Errc::bad_argument, "an invoice needs an amount");
    if (description.size() > max_description_bytes || !codec::is_utf8(description)) {
        throw Error(Errc::bad_argument, "the description must be UTF-8 of at most 639 bytes");
    }
    return add_invoice(lnd_json::add_invoice_request(amount_msat, description, expiry_s), amount_msat, std::nullopt);
}

Invoice LndBackend::create_invoice_with_hash(std::uint64_t amount_msat, const ByteArray<32>& description_hash,
                                             std::uint32_t expiry_s) {
    if (amount_msat == 0) throw Error(Errc::bad_argument, "an invoice needs an amount");
    return add_invoice(lnd_json::add_hashed_invoice_request(amount_msat, description_hash, expiry_s), amount_msat,
                       description_hash);
}

Invoice LndBackend::add_invoice(const json& request, std::uint64_t amount_msat,
                                const std::optional<ByteArray<32>>& description_hash) {
    const std::uint64_t generation = watch_.generation();
    const lnd_json::AddedInvoice added = lnd_json::read_added_invoice(rest_.call("POST", "/v1/invoices", &request));

    bolt11::SignedInvoice decoded;
    try {
        decoded = bolt11::decode(added.payment_request);
    } catch (const Error& e) {
        throw LightningError(std::string("LND made an invoice that does not decode: ") + e.what());
    }
    if (decoded.invoice.payment_hash() != added.payment_hash || decoded.invoice.amount_msat != amount_msat) {
        throw LightningError("LND made an invoice for another hash or amount than it reports");
    }
    if (description_hash && decoded.invoice.description_hash() != description_hash) {
        throw LightningError("LND made an invoice without the description hash asked for");
    }
    watch_.remember(added.payment_hash, InvoiceState::open, generation);

    Invoice out;
    out.bolt11 = added.payment_request;
    out.payment_hash = added.payment_hash;
    out.amount_msat = amount_msat;
    out.expiry_unix = decoded.invoice.expires_at();
    return out;
}

InvoiceState LndBackend::invoice_state(const ByteArray<32>& payment_hash) {
    if (const std::optional<InvoiceState> known = watch_.known(payment_hash)) return *known;
    const std::uint64_t generation = watch_.generation();
    json invoice;
    try {
        invoice = rest_.call("GET", "/v2/invoices/lookup?payment_hash=" + net::percent_encode(hash_param(payment_hash)));
    } catch (const LndCallError& e) {
        if (e.code() == LndCallError::not_found) throw Error(Errc::bad_argument, "LND has no invoice with this hash");
        throw;
    }
    const lnd_json::InvoiceUpdate update = lnd_json::read_invoice(invoice);
    if (update.payment_hash != payment_hash) throw LightningError("LND looked up another invoice than asked");
    watch_.remember(payment_hash, update.state, generation);
    return update.state;
}

DecodedInvoice LndBackend::decode(const std::string& bolt11) { return decoded_view(decode_for_lnd(bolt11)); }

PaymentResult LndBackend::pay(const std::string& bolt11, std::uint64_t max_fee_msat) {
    const bolt11::SignedInvoice decoded = decode_for_lnd(bolt11);
    if (!decoded.invoice.amount_msat) throw Error(Errc::bad_argument, "amountless invoices are not supported");
    return send(lnd_json::send_payment_request(bolt11, max_fee_msat, pay_timeout_s_), decoded.invoice.payment_hash());
}

PaymentResult LndBackend::send(const json& request, const ByteArray<32>& payment_hash) {
    std::optional<PaymentResult> outcome;
    try {
        rest_.stream(
            "POST", "/v2/router/send", &request,
            [&](const json& message) {
                lnd_json::PaymentUpdate update = lnd_json::read_payment(message);
                if (update.initiated) return true;  // registered, no HTLC yet: wait for more
                outcome = std::move(update.result);
                return false;
            },
            rest_.timeout());
    } catch (const LndCallError& e) {
        // LND refuses a hash it already paid or is paying: report that attempt, never pay twice.
        if (e.code() == LndCallError::already_exists) return payment(payment_hash);
        throw;
    }
    if (!outcome) throw LightningError("LND ended the payment stream without a status");
    return *outcome;
}

PaymentResult LndBackend::payment(const ByteArray<32>& payment_hash) {
    std::optional<PaymentResult> first;
    try {
        rest_.stream(
            "GET", track_target(payment_hash), nullptr,
            [&](const json& message) {
                first = lnd_json::read_payment(message).result;
                return false;
            },
            rest_.timeout());
    } catch (const LndCallError& e) {
        if (e.code() == LndCallError::not_found) return PaymentResult{};  // "payment isn't initiated"
        throw;
    }
    if (!first) throw LightningError("LND ended the payment tracking stream without a status");
    return *first;
}

ChannelBalances LndBackend::channel_balances() {
    const json balance = rest_.call("GET", "/v1/balance/channels");
    const json list = rest_.call("GET", "/v1/channels");
    return lnd_json::read_channel_balances(balance, list);
}

PaymentResult LndBackend::rebalance(const std::string& out_channel_id, const std::string& in_channel_peer,
                                    std::uint64_t amount_sat, std::uint64_t max_fee_msat) {
    if (amount_sat == 0 || amount_sat > flash::bitcoin::max_money)
        throw Error(Errc::bad_argument, "a rebalance needs an amount of 1 sat to 21,000,000 BTC");
    std::uint64_t channel = 0;
    const auto [end, ec] = std::from_chars(out_channel_id.data(), out_channel_id.data() + out_channel_id.size(), channel);
    if (ec != std::errc{} || end != out_channel_id.data() + out_channel_id.size())
        throw Error(Errc::bad_argument, "'" + out_channel_id + "' is not a short channel id");
    crypto::PublicKey peer{};
    try {
        peer = crypto::parse_public_key(codec::hex_decode(in_channel_peer));
    } catch (const Error&) {
        throw Error(Errc::bad_argument, "'" + in_channel_peer + "' is not a node id (33-byte public key, hex)");
    }
    // The circle ends at our own invoice; LND settles it when the payment arrives.
    const Invoice invoice = create_invoice(amount_sat * 1000, rebalance_memo, rebalance_expiry_s);
    return send(lnd_json::circular_payment_request(invoice.bolt11, max_fee_msat, pay_timeout_s_, channel, peer),
                invoice.payment_hash);
}

WalletBalance LndBackend::wallet_balance() {
    return lnd_json::read_wallet_balance(rest_.call("GET", "/v1/balance/blockchain"));
}

}  // namespace flash::node::lightning
