// BtcpayMerchants: the node's BTCPay Server integration for its users. A user (NIP-98 key)
// registers a store (server URL, store id, Greenfield API key, webhook secret); the node keeps the
// credentials sealed (merchant_secrets.hpp), creates invoices at the store for the user, records
// them, and follows their status through the store's webhook deliveries (webhook_receiver.hpp),
// which BTCPay posts to /api/v1/merchant/btcpay/webhook/{merchant id}.
//
// Calls to BTCPay are synchronous (up to the timeout each): run this off the server's I/O
// thread. Not thread-safe: one thread at a time (it owns one database connection).
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "node/merchant/btcpay/greenfield_types.hpp"
#include "node/merchant/btcpay/merchant_secrets.hpp"
#include "node/merchant/btcpay/webhook_receiver.hpp"
#include "node/storage/node_store.hpp"

namespace flash::node::merchant::btcpay {

/// The user has no merchant with this id (another user's counts as none).
class UnknownMerchant : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A store as its merchant registers it.
struct StoreRegistration {
    std::string server_url;      ///< https://host[:port][/prefix]; http only for loopback and .onion hosts
    std::string store_id;
    std::string api_key;         ///< needs btcpay.store.cancreateinvoice and btcpay.store.canviewinvoices
    std::string webhook_secret;  ///< the secret of the store's webhook that posts to this node
};

/// An invoice a merchant asks for.
struct NewInvoice {
    std::string merchant_id;
    std::string amount;                          ///< a decimal > 0 in `currency`
    std::string currency;                        ///< "SATS", "BTC", "USD", ... (2 to 10 letters or digits)
    std::string order_id{};                      ///< metadata.orderId; "" for none
    std::string description{};                   ///< metadata.itemDesc; "" for none
    std::optional<std::uint32_t> expiration_minutes{};  ///< 1 to 10080; nullopt: the store's setting
};

struct CreatedInvoice {
    MerchantInvoice invoice;                      ///< as recorded
    std::vector<InvoicePaymentMethod> payment_methods;
    /// Why the payment methods could not be read (the invoice exists and is recorded anyway).
    std::optional<std::string> payment_methods_error;
};

class BtcpayMerchants {
public:
    /// Takes over `store` (a connection of its own). `now_s` is the clock; `timeout` bounds each
    /// call to a BTCPay Server.
    BtcpayMerchants(std::unique_ptr<NodeStore> store, MerchantSecrets secrets, std::function<std::int64_t()> now_s,
                    std::chrono::milliseconds timeout = std::chrono::milliseconds(10'000));
    BtcpayMerchants(const BtcpayMerchants&) = delete;
    BtcpayMerchants& operator=(const BtcpayMerchants&) = delete;

    /// Registers the store for `user`, or replaces its credentials when the user registered the
    /// same store at the same server before (the merchant id, and so the webhook URL, stays).
    /// Throws Error(bad_argument) for a field that is empty or too long, Error(bad_uri) for a
    /// server URL that is not https (or http to loopback or .onion) or does not parse.
    MerchantRecord register_store(const std::string& user, const StoreRegistration& registration);
    /// The user's merchants.
    std::vector<MerchantRecord> merchants(const std::string& user);

    /// Creates the invoice at the merchant's store and records it. Throws UnknownMerchant,
    /// Error(bad_argument) for an amount, currency, order id, description or expiry that is not
    /// allowed, BtcpayError when BTCPay refuses or cannot be reached (nothing is recorded then).
    CreatedInvoice create_invoice(const std::string& user, const NewInvoice& request);
    /// The newest invoices of the user's merchants (or of one of them), at most `limit`.
    /// Throws UnknownMerchant for a merchant id that is not the user's.
    std::vector<MerchantInvoice> invoices(const std::string& user, const std::optional<std::string>& merchant_id,
                                          std::size_t limit);

    /// A webhook delivery for `merchant_id` (see WebhookReceiver::receive()).
    WebhookOutcome receive_webhook(const std::string& merchant_id, std::optional<std::string_view> signature,
                                   std::string_view raw_body);

private:
    MerchantRecord owned_merchant(const std::string& user, const std::string& merchant_id);

    std::unique_ptr<NodeStore> store_;
    MerchantSecrets secrets_;
    std::function<std::int64_t()> now_s_;
    std::chrono::milliseconds timeout_;
    WebhookReceiver receiver_;  ///< uses store_ and secrets_
};

}  // namespace flash::node::merchant::btcpay
