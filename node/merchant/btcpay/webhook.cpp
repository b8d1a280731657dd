#include "node/merchant/btcpay/webhook.hpp"

#include <nlohmann/json.hpp>

#include "core/codec/hex.hpp"
#include "core/crypto/mac.hpp"
#include "core/crypto/memory.hpp"
#include "core/error.hpp"
#include "core/nostr/json_text.hpp"

namespace flash::node::merchant::btcpay {
namespace {

using nlohmann::json;

constexpr std::string_view signature_prefix = "sha256=";
/// A delivery is a few hundred bytes (the invoice's metadata can make it bigger).
constexpr std::size_t max_delivery_bytes = 256 * 1024;
constexpr std::size_t max_delivery_depth = 32;
constexpr std::size_t max_id_chars = 128;

[[noreturn]] void bad(const std::string& what) { throw Error(Errc::bad_message, "webhook delivery: " + what); }

bool printable_id(std::string_view text) {
    if (text.empty() || text.size() > max_id_chars) return false;
    for (const char c : text) {
        if (c <= ' ' || c > '~') return false;
    }
    return true;
}

/// A string member that is a printable id; "" when absent (or null) and not `required`.
std::string id_field(const json& body, const char* key, bool required) {
    const auto it = body.find(key);
    if (it == body.end() || it->is_null()) {
        if (required) bad(std::string(key) + " is missing");
        return {};
    }
    if (!it->is_string() || !printable_id(it->get_ref<const std::string&>()))
        bad(std::string(key) + " is not an id (1 to 128 printable characters)");
    return it->get<std::string>();
}

}  // namespace

SignatureCheck check_signature(std::string_view secret, std::optional<std::string_view> header,
                               std::string_view raw_body) {
    if (!header) return SignatureCheck::missing;
    if (!header->starts_with(signature_prefix)) return SignatureCheck::malformed;
    ByteArray<32> given{};
    try {
        given = codec::hex_decode_array<32>(header->substr(signature_prefix.size()));
    } catch (const Error&) {
        return SignatureCheck::malformed;
    }
    const crypto::Hash256 expected = crypto::hmac_sha256(as_bytes(secret), as_bytes(raw_body));
    return crypto::ct_equal(expected, given) ? SignatureCheck::valid : SignatureCheck::mismatch;
}

WebhookDelivery parse_delivery(std::string_view raw_body) {
    const json body = nostr::parse_json_text(raw_body, max_delivery_bytes, max_delivery_depth);
    if (!body.is_object()) bad("not a JSON object");
    WebhookDelivery out;
    out.delivery_id = id_field(body, "deliveryId", true);
    out.webhook_id = id_field(body, "webhookId", true);
    out.original_delivery_id = id_field(body, "originalDeliveryId", false);
    if (const auto it = body.find("isRedelivery"); it != body.end() && !it->is_null()) {
        if (!it->is_boolean()) bad("isRedelivery is not a boolean");
        out.is_redelivery = it->get<bool>();
    }
    out.type = id_field(body, "type", true);
    const auto timestamp = body.find("timestamp");
    if (timestamp == body.end() || !timestamp->is_number_integer()) bad("timestamp is not a unix time");
    out.timestamp = timestamp->get<std::int64_t>();
    const bool invoice_event = out.type.starts_with("Invoice");
    out.store_id = id_field(body, "storeId", invoice_event);
    out.invoice_id = id_field(body, "invoiceId", invoice_event);
    if (const auto metadata = body.find("metadata"); metadata != body.end() && !metadata->is_null() &&
                                                     !metadata->is_object()) {
        bad("metadata is not an object");
    }
    return out;
}

std::optional<InvoiceStatus> status_after(std::string_view type) noexcept {
    if (type == "InvoiceProcessing") return InvoiceStatus::processing;
    if (type == "InvoiceSettled") return InvoiceStatus::settled;
    if (type == "InvoiceExpired") return InvoiceStatus::expired;
    if (type == "InvoiceInvalid") return InvoiceStatus::invalid;
    return std::nullopt;
}

}  // namespace flash::node::merchant::btcpay
