// A BTCPay Server webhook delivery: its signature and its content.
//
// BTCPay POSTs JSON (WebhookEvent: deliveryId, webhookId, originalDeliveryId, isRedelivery, type,
// timestamp; invoice events add storeId, invoiceId, metadata) and signs the exact body bytes:
// header "BTCPay-Sig: sha256=<lower-case hex of HMAC-SHA256(UTF-8 of the webhook's secret, body)>"
// (BTCPayServer WebhookSender.cs). The check runs over the raw body before anything parses it.
// A redelivery (manual, or BTCPay's retry after a failed attempt) is a new delivery with its own
// deliveryId whose originalDeliveryId names the first delivery of the event.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "node/merchant/btcpay/invoice_status.hpp"

namespace flash::node::merchant::btcpay {

/// The request header BTCPay puts the signature in.
inline constexpr std::string_view signature_header = "BTCPay-Sig";

enum class SignatureCheck {
    valid,
    missing,    ///< no header
    malformed,  ///< not "sha256=" followed by 64 hex digits
    mismatch,   ///< a well-formed signature of another body or secret
};

/// Checks `header` (the BTCPay-Sig value, nullopt when absent) against `raw_body` and `secret`.
/// The HMACs are compared in constant time.
SignatureCheck check_signature(std::string_view secret, std::optional<std::string_view> header,
                               std::string_view raw_body);

struct WebhookDelivery {
    std::string delivery_id;
    std::string webhook_id;
    std::string original_delivery_id;  ///< "" unless a redelivery
    bool is_redelivery = false;
    std::string type;                  ///< "InvoiceSettled", "InvoiceExpired", ... (any name is kept)
    std::int64_t timestamp = 0;
    std::string store_id;              ///< "" for events of no store
    std::string invoice_id;            ///< "" for events of no invoice

    /// The event this delivery carries: the first delivery's id.
    const std::string& event_id() const noexcept {
        return original_delivery_id.empty() ? delivery_id : original_delivery_id;
    }
};

/// Parses a delivery's body. Throws Error(bad_json) when it is not JSON (or too large or deep),
/// Error(bad_message) when a field is missing or of the wrong type: deliveryId, webhookId, type and
/// timestamp are required, and storeId and invoiceId for every "Invoice..." event; ids are 1 to 128
/// printable ASCII characters.
WebhookDelivery parse_delivery(std::string_view raw_body);

/// The status an event of `type` puts its invoice in: InvoiceProcessing, InvoiceSettled,
/// InvoiceExpired, InvoiceInvalid. nullopt for every other type (InvoiceCreated,
/// InvoiceReceivedPayment, InvoicePaymentSettled, payout events, ...), which change no status.
std::optional<InvoiceStatus> status_after(std::string_view type) noexcept;

}  // namespace flash::node::merchant::btcpay
