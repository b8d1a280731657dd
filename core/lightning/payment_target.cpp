#include "core/lightning/payment_target.hpp"

#include <algorithm>
#include <array>

#include "core/codec/ascii.hpp"
#include "core/error.hpp"

namespace flash::lightning {

namespace {

[[noreturn]] void unknown(const std::string& detail) { throw Error(Errc::unknown_payment_target, detail); }

using codec::starts_with_ignore_case;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view trim(std::string_view text) {
    while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
    return text;
}

// BOLT 12 offers, invoice requests and invoices share the "ln" start but are not BOLT 11.
bool is_bolt12(std::string_view text) {
    return starts_with_ignore_case(text, "lno1") || starts_with_ignore_case(text, "lni1") ||
           starts_with_ignore_case(text, "lnr1");
}

InvoiceTarget invoice_target(std::string_view text) {
    return {codec::ascii_lower(text), bolt11::decode(text)};
}

// Something after "lightning:" or in a bare string that is not a bitcoin: URI.
PaymentTarget lightning_target(std::string_view text) {
    // Invoices and LNURLs are bech32 and never hold '@'.
    if (text.find('@') != std::string_view::npos) return lnurl::parse_lightning_address(text);
    if (lnurl::has_lud17_scheme(text)) return lnurl::resolve_scheme(text);
    if (starts_with_ignore_case(text, "lnurl1")) return lnurl::decode(text);
    if (is_bolt12(text)) unknown("BOLT 12 offers are not supported");
    if (starts_with_ignore_case(text, "ln")) return invoice_target(text);
    unknown("not an invoice, LNURL or lightning address");
}

OnChainTarget on_chain_target(std::string_view text) {
    OnChainTarget target{bitcoin::bip21::parse_uri(text), std::nullopt, std::nullopt};
    if (const auto& lightning = target.uri.lightning) {
        // A BOLT 12 offer there is left as text: the on-chain address still pays.
        if (starts_with_ignore_case(*lightning, "lnurl1")) target.lnurl = lnurl::decode(*lightning);
        else if (!is_bolt12(*lightning)) target.invoice = invoice_target(*lightning);
    }
    return target;
}

OnChainTarget bare_address(std::string_view text) {
    OnChainTarget target;
    target.uri.address = bitcoin::bip21::parse_address(text);
    return target;
}

// Bech32 prefixes of on-chain addresses, so that a mistyped one reports its own error.
bool looks_like_segwit_address(std::string_view text) {
    constexpr std::array<std::string_view, 3> prefixes = {"bc1", "tb1", "bcrt1"};
    return std::any_of(prefixes.begin(), prefixes.end(),
                       [&](std::string_view p) { return starts_with_ignore_case(text, p); });
}

}  // namespace

PaymentTarget parse_payment_target(std::string_view text) {
    if (text.size() > max_payment_target_length)
        throw Error(Errc::too_large, "payment text longer than " + std::to_string(max_payment_target_length));
    text = trim(text);
    if (text.empty()) unknown("empty");
    if (starts_with_ignore_case(text, "bitcoin:")) return on_chain_target(text);
    if (starts_with_ignore_case(text, "lightning:")) return lightning_target(text.substr(std::string_view("lightning:").size()));
    if (starts_with_ignore_case(text, "https://") || starts_with_ignore_case(text, "http://"))
        return lnurl::link_for_url(text);
    if (lnurl::has_lud17_scheme(text) || starts_with_ignore_case(text, "ln") || text.find('@') != std::string_view::npos)
        return lightning_target(text);
    if (looks_like_segwit_address(text)) return bare_address(text);
    try {
        return bare_address(text);
    } catch (const Error&) {
        unknown("not an invoice, LNURL, lightning address, bitcoin: URI or address");
    }
}

}  // namespace flash::lightning
