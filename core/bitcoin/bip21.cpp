#include "core/bitcoin/bip21.hpp"

#include <algorithm>

#include "core/bitcoin/script.hpp"
#include "core/codec/ascii.hpp"
#include "core/error.hpp"

namespace flash::bitcoin::bip21 {

namespace {

[[noreturn]] void fail(const std::string& detail) { throw Error(Errc::bad_uri, "bitcoin: URI: " + detail); }

constexpr std::string_view kScheme = "bitcoin:";
constexpr std::uint64_t kSatPerBtc = 100'000'000;
constexpr std::uint64_t kMaxSat = 21'000'000 * kSatPerBtc;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// "0.001" → 100000. Grammar (BIP-21): *digit [ "." *digit ], at least one digit, at most 8 decimals.
std::uint64_t parse_btc_amount(std::string_view text) {
    const std::size_t dot = text.find('.');
    const std::string_view whole = text.substr(0, dot);
    const std::string_view fraction = dot == std::string_view::npos ? std::string_view{} : text.substr(dot + 1);
    const bool digits_ok = std::all_of(whole.begin(), whole.end(), is_digit) &&
                           std::all_of(fraction.begin(), fraction.end(), is_digit);
    if (!digits_ok || whole.size() + fraction.size() == 0) fail("amount is not a decimal number of BTC");
    if (fraction.size() > 8) fail("amount has more than 8 decimals (below one satoshi)");
    if (whole.size() > 8) fail("amount above 21 million BTC");  // also keeps the arithmetic in range
    std::uint64_t sat = 0;
    for (char c : whole) sat = sat * 10 + static_cast<std::uint64_t>(c - '0');
    sat *= kSatPerBtc;
    std::uint64_t scale = kSatPerBtc / 10;
    for (char c : fraction) {
        sat += static_cast<std::uint64_t>(c - '0') * scale;
        scale /= 10;
    }
    if (sat > kMaxSat) fail("amount above 21 million BTC");
    return sat;
}

void set_once(std::optional<std::string>& field, std::string value, const std::string& key) {
    if (field) fail("repeated parameter " + key);
    field = std::move(value);
}

}  // namespace

Address parse_address(std::string_view text) {
    // "bcrt" before "bc": the longer prefix wins. Signet shares testnet's "tb".
    const std::string lower = codec::ascii_lower(text);
    for (keys::Network network : {keys::Network::regtest, keys::Network::mainnet, keys::Network::testnet}) {
        if (lower.starts_with(std::string(keys::network_hrp(network)) + "1"))
            return {lower, network, address_to_script_pubkey(text, network)};
    }
    // Base58: mainnet's version bytes, else the test networks' (testnet, signet and regtest share them).
    try {
        return {std::string(text), keys::Network::mainnet, address_to_script_pubkey(text, keys::Network::mainnet)};
    } catch (const Error& e) {
        if (e.code() != Errc::bad_address) throw;
    }
    return {std::string(text), keys::Network::testnet, address_to_script_pubkey(text, keys::Network::testnet)};
}

Uri parse_uri(std::string_view text) {
    if (!codec::starts_with_ignore_case(text, kScheme)) fail("scheme is not bitcoin:");
    text.remove_prefix(kScheme.size());
    const std::size_t question = std::min(text.find('?'), text.size());
    const std::string_view address = text.substr(0, question);
    const auto params = codec::parse_query(text.substr(std::min(question + 1, text.size())));
    if (!params) fail("bad percent escape");

    Uri uri;
    if (!address.empty()) uri.address = parse_address(address);
    std::optional<std::string> amount;
    for (const auto& [key, value] : *params) {
        const std::string name = codec::ascii_lower(key);
        if (name == "amount") set_once(amount, value, name);
        else if (name == "label") set_once(uri.label, value, name);
        else if (name == "message") set_once(uri.message, value, name);
        else if (name == "lightning") set_once(uri.lightning, value, name);
        else if (name.starts_with("req-")) fail("required parameter " + key + " is not understood");
        else uri.other.emplace_back(key, value);
    }
    if (amount) uri.amount_sat = parse_btc_amount(*amount);
    if (!uri.address && !uri.lightning && uri.other.empty()) fail("no address and no other payment instruction");
    return uri;
}

}  // namespace flash::bitcoin::bip21
