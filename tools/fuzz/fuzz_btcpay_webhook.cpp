// A BTCPay Server webhook delivery as flash-node reads it from a request: the input's first line
// is the BTCPay-Sig header, the rest the raw body. The signature check never throws and says valid
// only for the body's own HMAC; the body is rejected only with flash::Error, and a delivery it
// accepts has the ids and type the receiver relies on.
#include <optional>

#include "core/codec/hex.hpp"
#include "core/crypto/mac.hpp"
#include "node/merchant/btcpay/webhook.hpp"
#include "tools/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace flash;
    using namespace flash::node::merchant::btcpay;
    const std::string_view text = fuzz::text(data, size);
    const std::size_t newline = text.find('\n');
    const std::string_view header = text.substr(0, newline);
    const std::string_view body = newline == std::string_view::npos ? std::string_view{} : text.substr(newline + 1);

    constexpr std::string_view secret = "whsec-fuzz";
    const std::string expected = "sha256=" + codec::hex_encode(crypto::hmac_sha256(as_bytes(secret), as_bytes(body)));
    fuzz::require(check_signature(secret, expected, body) == SignatureCheck::valid, "the body's own HMAC is valid");
    fuzz::require(check_signature(secret, std::nullopt, body) == SignatureCheck::missing, "no header is missing");
    if (check_signature(secret, header, body) == SignatureCheck::valid)
        fuzz::require(fuzz::lower_ascii(header) == expected, "only the body's own HMAC is valid");

    std::optional<WebhookDelivery> delivery;
    fuzz::reject_with_typed_error([&] { delivery = parse_delivery(text); });
    if (!delivery) fuzz::reject_with_typed_error([&] { delivery = parse_delivery(body); });
    if (delivery) {
        fuzz::require(!delivery->delivery_id.empty() && !delivery->webhook_id.empty() && !delivery->type.empty(),
                      "an accepted delivery has its ids and type");
        fuzz::require(!delivery->event_id().empty(), "an accepted delivery names its event");
        if (delivery->type.starts_with("Invoice"))
            fuzz::require(!delivery->store_id.empty() && !delivery->invoice_id.empty(),
                          "an invoice event names its store and invoice");
        (void)status_after(delivery->type);
    }
    return 0;
}
