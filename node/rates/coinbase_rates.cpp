#include "node/rates/coinbase_rates.hpp"

#include <charconv>
#include <cmath>
#include <optional>

#include "core/error.hpp"
#include "core/nostr/json_text.hpp"

namespace flash::node::rates {
namespace {

using nlohmann::json;

/// The whole answer (about 20 KB for some 700 currencies), with room to grow.
constexpr std::size_t max_answer_bytes = 1024 * 1024;
/// {"data": {"rates": {...}}} nests three deep.
constexpr std::size_t max_json_depth = 8;
/// Longer than any real price, short enough to refuse garbage early.
constexpr std::size_t max_decimal_chars = 40;

[[noreturn]] void malformed(const std::string& what) {
    throw RateError(RateErrc::malformed, "malformed exchange rates from coinbase: " + what);
}

const json& member(const json& object, const char* name, const char* where) {
    const auto found = object.find(name);
    if (found == object.end()) malformed(std::string(where) + " has no \"" + name + "\"");
    return *found;
}

/// "80123.45" as a number; nullopt for anything else ("", "-1", "1e5", "1.", ".5", " 1").
std::optional<double> decimal(std::string_view text) {
    if (text.empty() || text.size() > max_decimal_chars) return std::nullopt;
    const std::size_t point = text.find('.');
    const std::string_view whole = text.substr(0, point);
    const std::string_view fraction = point == std::string_view::npos ? std::string_view{} : text.substr(point + 1);
    const auto digits = [](std::string_view part) {
        return !part.empty() && part.find_first_not_of("0123456789") == std::string_view::npos;
    };
    if (!digits(whole) || (point != std::string_view::npos && !digits(fraction))) return std::nullopt;
    double value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, std::chars_format::fixed);
    if (ec != std::errc{} || end != text.data() + text.size() || !std::isfinite(value)) return std::nullopt;
    return value;
}

}  // namespace

FiatRates parse_coinbase_rates(std::string_view body, std::int64_t at) {
    json root;
    try {
        root = nostr::parse_json_text(body, max_answer_bytes, max_json_depth);
    } catch (const Error& e) {
        malformed(std::string("not JSON (") + e.what() + ")");
    }
    if (!root.is_object()) malformed("the answer is not an object");
    const json& data = member(root, "data", "the answer");
    if (!data.is_object()) malformed("\"data\" is not an object");
    const json& base = member(data, "currency", "\"data\"");
    if (!base.is_string() || base.get<std::string>() != "BTC") malformed("the rates are not those of BTC");
    const json& table = member(data, "rates", "\"data\"");
    if (!table.is_object()) malformed("\"rates\" is not an object");

    FiatRates rates;
    for (const std::string_view code : fiat_currencies) {
        const auto found = table.find(std::string(code));
        if (found == table.end()) continue;  // a currency the source stopped quoting: the others still serve
        const std::optional<double> value = found->is_string() ? decimal(found->get<std::string>()) : std::nullopt;
        if (!value || !(*value > 0)) malformed("the " + std::string(code) + " rate " + found->dump().substr(0, 60) + " is not a positive decimal string");
        rates.emplace(std::string(code), FiatRate{*value, at});
    }
    if (rates.empty()) malformed("no rate for any of EUR, USD, GBP, CHF, BRL");
    return rates;
}

CoinbaseRates::CoinbaseRates(const CoinbaseOptions& options)
    : http_({.url = options.url,
             .pinned_cert_file = options.pinned_cert_file,
             .timeout = options.timeout,
             .max_body_bytes = max_answer_bytes}) {}

FiatRates CoinbaseRates::fetch(std::int64_t now_s) {
    net::HttpResponse response;
    try {
        response = http_.request({.target = "/v2/exchange-rates?currency=BTC", .headers = {{"Accept", "application/json"}}});
    } catch (const net::HttpError& e) {
        throw RateError(RateErrc::unavailable, std::string("coinbase unreachable: ") + e.what());
    }
    if (response.status != 200)
        throw RateError(RateErrc::unavailable, "coinbase answered HTTP " + std::to_string(response.status) + ": " +
                                                   response.body.substr(0, 200));
    return parse_coinbase_rates(response.body, now_s);
}

}  // namespace flash::node::rates
