// MerchantStore: the merchants of flash-node's users and what their BTCPay Server stores told the
// node: the stores they registered (credentials sealed, see merchant/btcpay/merchant_secrets.hpp),
// the invoices created through the node, and every webhook delivery processed (so that each is
// processed once although BTCPay delivers again after a failure or on request).
//
// Errors: flash::Error(Errc::storage) when the database fails; nothing is half-written then.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "node/merchant/btcpay/invoice_status.hpp"

namespace flash::node {

/// A BTCPay store a user registered. The credentials are sealed by the caller; the store keeps bytes.
struct MerchantRecord {
    std::string id;                 ///< the node's id for it (random, hex), in the webhook URL
    std::string user;               ///< the NIP-98 public key (hex) that registered it
    std::string server_url;         ///< the BTCPay Server, https://host[:port][/prefix]
    std::string store_id;           ///< the store's id at that server
    Bytes api_key_sealed;           ///< the Greenfield API key, sealed
    Bytes webhook_secret_sealed;    ///< the secret BTCPay signs deliveries with, sealed
    std::int64_t registered_at = 0; ///< unix seconds, of the latest registration
    bool operator==(const MerchantRecord&) const = default;
};

/// An invoice created through the node at a merchant's store.
struct MerchantInvoice {
    std::string merchant_id;
    std::string invoice_id;         ///< BTCPay's
    std::string amount;             ///< decimal string in `currency`, as BTCPay gave it
    std::string currency;
    std::string order_id;           ///< metadata.orderId, "" when none
    std::string checkout_link;
    merchant::btcpay::InvoiceStatus status = merchant::btcpay::InvoiceStatus::fresh;
    std::int64_t status_at = 0;     ///< BTCPay's time of the event that set `status` (creation at first)
    std::int64_t created_at = 0;    ///< BTCPay's createdTime
    std::int64_t expires_at = 0;    ///< BTCPay's expirationTime
    std::int64_t updated_at = 0;    ///< the node's clock when `status` last changed (or the invoice was added)
    bool operator==(const MerchantInvoice&) const = default;
};

/// One webhook delivery as BTCPay sent it. A redelivery has an id of its own and names the first
/// delivery of the same event in `event_id`.
struct WebhookDeliveryRecord {
    std::string merchant_id;
    std::string delivery_id;
    std::string event_id;           ///< originalDeliveryId, or delivery_id for a first delivery
    std::string webhook_id;
    std::string type;               ///< "InvoiceSettled", ...
    std::string invoice_id;         ///< "" for events of no invoice
    std::int64_t timestamp = 0;     ///< BTCPay's time of the event
    std::int64_t received_at = 0;   ///< the node's clock
};

/// What a delivery asks of an invoice's status.
struct InvoiceStatusChange {
    merchant::btcpay::InvoiceStatus status = merchant::btcpay::InvoiceStatus::fresh;
    std::int64_t at = 0;            ///< the event's timestamp
};

struct DeliveryOutcome {
    bool duplicate = false;        ///< the delivery, or another of the same event, was processed before: nothing changed
    bool invoice_changed = false;  ///< the invoice took the new status
};

class MerchantStore {
public:
    virtual ~MerchantStore() = default;

    /// Inserts `merchant`, or replaces the credentials and registered_at of the merchant with its id.
    /// Error(storage) when another merchant has the same user, server and store.
    virtual void save_merchant(const MerchantRecord& merchant) = 0;
    virtual std::optional<MerchantRecord> merchant(const std::string& id) = 0;
    /// The user's registration of `store_id` at `server_url`, if any.
    virtual std::optional<MerchantRecord> find_merchant(const std::string& user, const std::string& server_url,
                                                        const std::string& store_id) = 0;
    /// The user's merchants, oldest registration first.
    virtual std::vector<MerchantRecord> merchants_of(const std::string& user) = 0;

    /// Records a new invoice. Error(storage) when the merchant already has one with this id.
    virtual void add_invoice(const MerchantInvoice& invoice) = 0;
    virtual std::optional<MerchantInvoice> invoice(const std::string& merchant_id, const std::string& invoice_id) = 0;
    /// The newest invoices of the user's merchants (of one merchant when `merchant_id` is set), at most `limit`.
    virtual std::vector<MerchantInvoice> invoices_of(const std::string& user, const std::optional<std::string>& merchant_id,
                                                     std::size_t limit) = 0;

    /// In one transaction: unless the merchant has processed this delivery or another delivery of
    /// its event, records it and, when `change` is given and the merchant has the invoice, applies
    /// the change if it is newer than the invoice's status (a later event, or at the same time
    /// one further along, see invoice_status_rank()), at `now_s`.
    virtual DeliveryOutcome record_delivery(const WebhookDeliveryRecord& delivery,
                                            const std::optional<InvoiceStatusChange>& change, std::int64_t now_s) = 0;
    /// The deliveries of a merchant's invoice that were processed, in order.
    virtual std::vector<WebhookDeliveryRecord> deliveries_of(const std::string& merchant_id,
                                                             const std::string& invoice_id) = 0;
};

}  // namespace flash::node
