// WebhookReceiver: takes a BTCPay webhook delivery for one of the node's merchants and processes it
// exactly once.
//
// Order of checks: the merchant exists; the BTCPay-Sig header matches the raw body under the
// merchant's webhook secret (before the body is parsed); the body is a delivery; it is for the
// merchant's store. Then, in one database transaction, the delivery is recorded and the invoice's
// status changes (merchant_store.hpp). A delivery whose event was processed before (the same
// deliveryId, or a redelivery naming it in originalDeliveryId) changes nothing and is answered as
// a duplicate, so that BTCPay stops retrying. When the database fails nothing is recorded and the
// caller answers 503: BTCPay retries server errors, and the retry is processed then.
//
// Not thread-safe: one receiver per store connection.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "node/merchant/btcpay/merchant_secrets.hpp"
#include "node/storage/merchant_store.hpp"

namespace flash::node::merchant::btcpay {

enum class WebhookResult {
    processed,         ///< recorded now (200)
    duplicate,         ///< its event was processed before; nothing changed (200)
    unknown_merchant,  ///< no merchant with this id (404)
    bad_signature,     ///< BTCPay-Sig missing, malformed or not matching (401)
    malformed,         ///< the body is not a delivery (400)
    wrong_store,       ///< a delivery for another store than the merchant's (400)
};

/// "processed", "duplicate", ... (the node API's answers).
std::string_view webhook_result_name(WebhookResult result) noexcept;

struct WebhookOutcome {
    WebhookResult result = WebhookResult::processed;
    std::string detail;            ///< why it was refused, for the answer's message
    bool invoice_changed = false;  ///< processed: the delivery moved its invoice's status
};

class WebhookReceiver {
public:
    /// `store` and `secrets` must outlive the receiver; `now_s` is the clock (unix seconds).
    WebhookReceiver(MerchantStore& store, const MerchantSecrets& secrets, std::function<std::int64_t()> now_s);

    /// Handles one delivery POSTed for `merchant_id`: `signature` is the BTCPay-Sig header (nullopt
    /// when absent), `raw_body` the body exactly as received. Throws Error(storage) when the
    /// database fails and Error(decrypt_failed) when the merchant's stored secret no longer opens
    /// (the node's merchant.key changed): nothing is recorded in either case.
    WebhookOutcome receive(const std::string& merchant_id, std::optional<std::string_view> signature,
                           std::string_view raw_body);

private:
    MerchantStore& store_;
    const MerchantSecrets& secrets_;
    std::function<std::int64_t()> now_s_;
};

}  // namespace flash::node::merchant::btcpay
