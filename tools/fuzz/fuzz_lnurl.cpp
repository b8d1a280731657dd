// Everything LNURL reads from outside: pasted/scanned text (payment targets, lnurl1..., LUD-17
// links, lightning addresses, bitcoin: URIs), service answers (payRequest, withdrawRequest,
// invoice answers, status) and, on the service side, callback query strings. Rejected only with
// flash::Error; accepted links and URLs survive a round trip.
#include <optional>

#include "core/bitcoin/bip21.hpp"
#include "core/lightning/lnurl.hpp"
#include "core/lightning/lnurl_pay.hpp"
#include "core/lightning/lnurl_pay_service.hpp"
#include "core/lightning/lnurl_withdraw.hpp"
#include "core/lightning/payment_target.hpp"
#include "tools/fuzz/fuzz_support.hpp"

namespace {

using namespace flash;
using namespace flash::lightning;

// A fixed payRequest to check invoice answers against.
const lnurl::PayRequest& known_request() {
    static const lnurl::PayRequest request = lnurl::parse_pay_request(
        R"({"tag":"payRequest","callback":"https://x.com/cb","minSendable":1,"maxSendable":100000000000,)"
        R"("metadata":"[[\"text/plain\",\"fuzz\"]]","commentAllowed":10})");
    return request;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text = fuzz::text(data, size);

    fuzz::reject_with_typed_error([&] { parse_payment_target(text); });
    fuzz::reject_with_typed_error([&] { bitcoin::bip21::parse_uri(text); });
    fuzz::reject_with_typed_error([&] { lnurl::parse_lightning_address(text); });
    fuzz::reject_with_typed_error([&] { lnurl::resolve_scheme(text); });

    std::optional<lnurl::Link> link;
    fuzz::reject_with_typed_error([&] { link = lnurl::decode(text); });
    if (link) {
        const lnurl::Link again = lnurl::decode(lnurl::encode(link->url.text));
        fuzz::require(again.url.text == link->url.text && again.kind == link->kind, "LNURL bech32 round trip");
    }
    std::optional<ServiceUrl> url;
    fuzz::reject_with_typed_error([&] { url = parse_service_url(text); });
    if (url && url->text.size() + 100 < max_service_url_length) {
        fuzz::require(parse_service_url(url->text).text == url->text, "service URL normal form is stable");
        // Appending keeps the URL a service URL (the new values are percent-encoded).
        const ServiceUrl appended = parse_service_url(append_query(*url, {{"amount", "1000"}, {"k1", std::string(text.substr(0, 20))}}));
        fuzz::require(appended.host == url->host, "appending parameters keeps the host");
    }

    std::optional<lnurl::PayRequest> pay;
    fuzz::reject_with_typed_error([&] { pay = lnurl::parse_pay_request(text); });
    if (pay) fuzz::require(parse_service_url(lnurl::pay_callback_url(*pay, pay->min_sendable_msat)).host == pay->callback.host,
                           "pay callback stays on the callback's host");
    fuzz::reject_with_typed_error([&] { lnurl::parse_pay_invoice(known_request(), 1000, text); });
    fuzz::reject_with_typed_error([&] { lnurl::parse_withdraw_request(text); });
    fuzz::reject_with_typed_error([&] { lnurl::check_status_ok(text); });

    const lnurl::PayOffer offer{"https://x.com/cb", 1, 1'000'000, R"([["text/plain","fuzz"]])", 10};
    fuzz::reject_with_typed_error([&] { lnurl::parse_pay_callback(text, offer); });
    fuzz::reject_with_typed_error([&] { lnurl::parse_withdraw_callback(text); });
    fuzz::reject_with_typed_error([&] { lnurl::parse_address_name(text); });
    return 0;
}
