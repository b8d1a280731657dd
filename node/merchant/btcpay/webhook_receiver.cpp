#include "node/merchant/btcpay/webhook_receiver.hpp"

#include "core/crypto/memory.hpp"
#include "core/error.hpp"
#include "node/merchant/btcpay/webhook.hpp"

namespace flash::node::merchant::btcpay {

std::string_view webhook_result_name(WebhookResult result) noexcept {
    switch (result) {
        case WebhookResult::processed: return "processed";
        case WebhookResult::duplicate: return "duplicate";
        case WebhookResult::unknown_merchant: return "unknown_merchant";
        case WebhookResult::bad_signature: return "bad_signature";
        case WebhookResult::malformed: return "malformed";
        case WebhookResult::wrong_store: return "wrong_store";
    }
    return "malformed";
}

WebhookReceiver::WebhookReceiver(MerchantStore& store, const MerchantSecrets& secrets,
                                 std::function<std::int64_t()> now_s)
    : store_(store), secrets_(secrets), now_s_(std::move(now_s)) {}

WebhookOutcome WebhookReceiver::receive(const std::string& merchant_id, std::optional<std::string_view> signature,
                                        std::string_view raw_body) {
    const std::optional<MerchantRecord> merchant = store_.merchant(merchant_id);
    if (!merchant) return {WebhookResult::unknown_merchant, "no merchant with this id"};

    std::string secret = secrets_.unseal(merchant->webhook_secret_sealed, webhook_secret_context(merchant_id));
    const SignatureCheck check = check_signature(secret, signature, raw_body);
    crypto::wipe(secret.data(), secret.size());
    switch (check) {
        case SignatureCheck::valid: break;
        case SignatureCheck::missing: return {WebhookResult::bad_signature, "the BTCPay-Sig header is missing"};
        case SignatureCheck::malformed:
            return {WebhookResult::bad_signature, "the BTCPay-Sig header is not sha256=<64 hex digits>"};
        case SignatureCheck::mismatch: return {WebhookResult::bad_signature, "the BTCPay-Sig signature does not match"};
    }

    WebhookDelivery delivery;
    try {
        delivery = parse_delivery(raw_body);
    } catch (const Error& e) {
        return {WebhookResult::malformed, e.what()};
    }
    if (!delivery.store_id.empty() && delivery.store_id != merchant->store_id)
        return {WebhookResult::wrong_store, "the delivery is for store " + delivery.store_id + ", not this merchant's"};

    const std::int64_t now = now_s_();
    WebhookDeliveryRecord record;
    record.merchant_id = merchant_id;
    record.delivery_id = delivery.delivery_id;
    record.event_id = delivery.event_id();
    record.webhook_id = delivery.webhook_id;
    record.type = delivery.type;
    record.invoice_id = delivery.invoice_id;
    record.timestamp = delivery.timestamp;
    record.received_at = now;
    std::optional<InvoiceStatusChange> change;
    if (const std::optional<InvoiceStatus> status = status_after(delivery.type))
        change = InvoiceStatusChange{*status, delivery.timestamp};
    const DeliveryOutcome outcome = store_.record_delivery(record, change, now);
    if (outcome.duplicate) return {WebhookResult::duplicate, "this event was processed before"};
    return {WebhookResult::processed, "", outcome.invoice_changed};
}

}  // namespace flash::node::merchant::btcpay
