#include "node/merchant/btcpay/btcpay_merchants.hpp"

#include <cctype>

#include "core/codec/hex.hpp"
#include "core/crypto/memory.hpp"
#include "core/crypto/random.hpp"
#include "core/error.hpp"
#include "node/merchant/btcpay/btcpay_error.hpp"
#include "node/merchant/btcpay/greenfield_client.hpp"
#include "node/merchant/btcpay/greenfield_json.hpp"
#include "node/net/url.hpp"
#include "node/server/asio.hpp"
#include "node/server/log.hpp"

namespace flash::node::merchant::btcpay {
namespace {

constexpr std::size_t max_id_chars = 128;
constexpr std::size_t max_secret_chars = 256;
constexpr std::size_t max_text_chars = 500;
constexpr std::uint32_t max_expiration_minutes = 7 * 24 * 60;

void require_text(std::string_view value, const char* name, std::size_t max_chars, bool printable_only) {
    if (value.empty()) throw Error(Errc::bad_argument, std::string(name) + " is required");
    if (value.size() > max_chars)
        throw Error(Errc::bad_argument, std::string(name) + " is longer than " + std::to_string(max_chars) + " bytes");
    if (!printable_only) return;
    for (const char c : value) {
        if (c <= ' ' || c > '~')
            throw Error(Errc::bad_argument, std::string(name) + " has a character other than printable ASCII");
    }
}

/// Loopback or .onion: the only hosts an API key may travel to without TLS.
bool private_transport(const std::string& host) {
    if (host == "localhost" || host.ends_with(".onion")) return true;
    boost::system::error_code ec;
    const asio::ip::address address = asio::ip::make_address(host, ec);  // a literal, never a name
    return !ec && address.is_loopback();
}

/// The server URL as stored: parsed, https (or http to a private host), without a trailing slash.
std::string checked_server_url(std::string url) {
    while (url.ends_with('/')) url.pop_back();
    net::BaseUrl base;
    try {
        base = net::parse_base_url(url);
    } catch (const Error& e) {
        throw Error(Errc::bad_uri, std::string("server_url: ") + e.what());
    }
    if (!base.tls && !private_transport(base.host))
        throw Error(Errc::bad_uri, "server_url must be https (http only to loopback or .onion hosts)");
    return url;
}

bool positive_decimal(std::string_view amount) {
    return greenfield_json::is_decimal(amount) && amount.find_first_of("123456789") != std::string_view::npos;
}

bool currency_code(std::string_view currency) {
    if (currency.size() < 2 || currency.size() > 10) return false;
    for (const char c : currency) {
        if (!std::isalnum(static_cast<unsigned char>(c))) return false;
    }
    return true;
}

}  // namespace

BtcpayMerchants::BtcpayMerchants(std::unique_ptr<NodeStore> store, MerchantSecrets secrets,
                                 std::function<std::int64_t()> now_s, std::chrono::milliseconds timeout)
    : store_(std::move(store)),
      secrets_(std::move(secrets)),
      now_s_(std::move(now_s)),
      timeout_(timeout),
      receiver_(store_->merchant(), secrets_, now_s_) {}

MerchantRecord BtcpayMerchants::register_store(const std::string& user, const StoreRegistration& registration) {
    const std::string server_url = checked_server_url(registration.server_url);
    require_text(registration.store_id, "store_id", max_id_chars, true);
    require_text(registration.api_key, "api_key", max_secret_chars, true);
    require_text(registration.webhook_secret, "webhook_secret", max_secret_chars, false);

    MerchantStore& merchants = store_->merchant();
    MerchantRecord record;
    if (std::optional<MerchantRecord> existing = merchants.find_merchant(user, server_url, registration.store_id)) {
        record = std::move(*existing);
    } else {
        record.id = codec::hex_encode(crypto::random_array<16>());
        record.user = user;
        record.server_url = server_url;
        record.store_id = registration.store_id;
    }
    record.api_key_sealed = secrets_.seal(registration.api_key, api_key_context(record.id));
    record.webhook_secret_sealed = secrets_.seal(registration.webhook_secret, webhook_secret_context(record.id));
    record.registered_at = now_s_();
    merchants.save_merchant(record);
    return record;
}

std::vector<MerchantRecord> BtcpayMerchants::merchants(const std::string& user) {
    return store_->merchant().merchants_of(user);
}

MerchantRecord BtcpayMerchants::owned_merchant(const std::string& user, const std::string& merchant_id) {
    std::optional<MerchantRecord> merchant = store_->merchant().merchant(merchant_id);
    if (!merchant || merchant->user != user) throw UnknownMerchant("no merchant " + merchant_id + " of this user");
    return std::move(*merchant);
}

CreatedInvoice BtcpayMerchants::create_invoice(const std::string& user, const NewInvoice& request) {
    const MerchantRecord merchant = owned_merchant(user, request.merchant_id);
    if (!positive_decimal(request.amount))
        throw Error(Errc::bad_argument, "amount must be a decimal string above 0, like \"2100\" or \"0.5\"");
    if (!currency_code(request.currency)) throw Error(Errc::bad_argument, "currency must be a code like SATS, BTC or USD");
    if (!request.order_id.empty()) require_text(request.order_id, "order_id", max_id_chars, true);
    if (request.description.size() > max_text_chars) throw Error(Errc::bad_argument, "description is too long");
    if (const auto minutes = request.expiration_minutes; minutes && (*minutes == 0 || *minutes > max_expiration_minutes))
        throw Error(Errc::bad_argument, "expiration_minutes must be 1 to 10080");

    CreateInvoiceRequest create;
    create.amount = request.amount;
    create.currency = request.currency;
    if (!request.order_id.empty()) create.metadata["orderId"] = request.order_id;
    if (!request.description.empty()) create.metadata["itemDesc"] = request.description;
    create.expiration_minutes = request.expiration_minutes;

    std::string api_key = secrets_.unseal(merchant.api_key_sealed, api_key_context(merchant.id));
    const GreenfieldClient client({.server_url = merchant.server_url, .api_key = api_key, .timeout = timeout_});
    crypto::wipe(api_key.data(), api_key.size());
    const InvoiceData created = client.create_invoice(merchant.store_id, create);
    if (created.store_id != merchant.store_id)
        throw BtcpayError(BtcpayErrc::malformed, "the invoice was created for another store than asked");

    CreatedInvoice out;
    out.invoice.merchant_id = merchant.id;
    out.invoice.invoice_id = created.id;
    out.invoice.amount = created.amount;
    out.invoice.currency = created.currency;
    out.invoice.order_id = request.order_id;
    out.invoice.checkout_link = created.checkout_link;
    out.invoice.status = created.status;
    out.invoice.status_at = created.created_time;
    out.invoice.created_at = created.created_time;
    out.invoice.expires_at = created.expiration_time;
    out.invoice.updated_at = now_s_();
    store_->merchant().add_invoice(out.invoice);
    try {
        out.payment_methods = client.invoice_payment_methods(merchant.store_id, created.id);
    } catch (const BtcpayError& e) {
        // Only the kind of failure: what the server sent stays in the log (the URL is the user's).
        log::warn("BTCPay payment methods not read", {{"invoice", created.id}, {"error", e.what()}});
        out.payment_methods_error =
            "the payment methods could not be read (" + std::string(btcpay_errc_name(e.code())) + ")";
    }
    return out;
}

std::vector<MerchantInvoice> BtcpayMerchants::invoices(const std::string& user,
                                                       const std::optional<std::string>& merchant_id,
                                                       std::size_t limit) {
    if (merchant_id) owned_merchant(user, *merchant_id);
    return store_->merchant().invoices_of(user, merchant_id, limit);
}

WebhookOutcome BtcpayMerchants::receive_webhook(const std::string& merchant_id, std::optional<std::string_view> signature,
                                                std::string_view raw_body) {
    return receiver_.receive(merchant_id, signature, raw_body);
}

}  // namespace flash::node::merchant::btcpay
