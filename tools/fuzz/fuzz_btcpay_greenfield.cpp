// The answers of a BTCPay Server's Greenfield API as flash-node reads them (greenfield_json.hpp):
// the body parsed as the client parses it (size and depth limits), then every reader. A body that
// is not JSON is rejected with flash::Error, a reader refuses only with BtcpayError(malformed);
// any other exception (say nlohmann's type_error) is a finding. Decimals read are decimal strings.
#include "core/nostr/json_text.hpp"
#include "node/merchant/btcpay/btcpay_error.hpp"
#include "node/merchant/btcpay/greenfield_json.hpp"
#include "tools/fuzz/fuzz_support.hpp"

namespace {

using namespace flash;
using namespace flash::node::merchant::btcpay;
namespace gj = greenfield_json;

/// Runs a reader; its refusal must be BtcpayError(malformed). Returns whether it accepted.
template <typename Read>
bool read_or_refuse(Read&& read) {
    try {
        read();
        return true;
    } catch (const BtcpayError& e) {
        fuzz::require(e.code() == BtcpayErrc::malformed, "a reader refuses only as malformed");
        return false;
    }
}

bool decimal_or_empty(const std::string& text, bool allow_negative = false) {
    return text.empty() || gj::is_decimal(text, allow_negative);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text = fuzz::text(data, size);
    (void)gj::is_decimal(text);
    (void)gj::is_decimal(text, true);

    nlohmann::json answer;
    try {
        answer = nostr::parse_json_text(text, 4 * 1024 * 1024, 32);  // GreenfieldClient's limits
    } catch (const Error&) {
        return 0;
    }
    InvoiceData invoice;
    if (read_or_refuse([&] { invoice = gj::read_invoice(answer); })) {
        fuzz::require(gj::is_decimal(invoice.amount) && decimal_or_empty(invoice.paid_amount), "invoice amounts are decimals");
        fuzz::require(invoice.metadata.is_object(), "invoice metadata is an object");
    }
    std::vector<InvoicePaymentMethod> methods;
    if (read_or_refuse([&] { methods = gj::read_payment_methods(answer); })) {
        for (const InvoicePaymentMethod& m : methods) {
            fuzz::require(!m.payment_method_id.empty(), "a payment method has an id");
            fuzz::require(decimal_or_empty(m.amount) && decimal_or_empty(m.due, true), "payment method amounts are decimals");
            for (const InvoicePayment& p : m.payments) fuzz::require(gj::is_decimal(p.value), "a payment's value is a decimal");
        }
    }
    PullPaymentData pull;
    if (read_or_refuse([&] { pull = gj::read_pull_payment(answer); })) fuzz::require(!pull.id.empty(), "a pull payment has an id");
    PayoutData payout;
    if (read_or_refuse([&] { payout = gj::read_payout(answer); })) {
        fuzz::require(!payout.id.empty(), "a payout has an id");
        (void)gj::payout_state_name(payout.state);
    }
    read_or_refuse([&] { (void)gj::read_payouts(answer); });
    return 0;
}
