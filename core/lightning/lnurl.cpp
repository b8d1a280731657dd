#include "core/lightning/lnurl.hpp"

#include <algorithm>
#include <array>

#include "core/codec/ascii.hpp"
#include "core/codec/bech32.hpp"
#include "core/codec/utf8.hpp"
#include "core/error.hpp"
#include "core/nostr/json_text.hpp"

namespace flash::lightning::lnurl {

namespace {

[[noreturn]] void fail(const std::string& detail) { throw Error(Errc::bad_lnurl, detail); }

constexpr std::string_view kHrp = "lnurl";

struct Scheme {
    std::string_view prefix;
    Kind kind;
};
constexpr std::array<Scheme, 4> kLud17Schemes = {{{"lnurlp://", Kind::pay},
                                                  {"lnurlw://", Kind::withdraw},
                                                  {"lnurlc://", Kind::channel},
                                                  {"keyauth://", Kind::login}}};

constexpr std::array<Kind, 4> kTaggedKinds = {Kind::pay, Kind::withdraw, Kind::channel, Kind::login};

// The kind a `tag` query parameter names (LUD-01: a tag in the link has a special meaning).
Kind kind_of_tag(const ServiceUrl& url) {
    const auto tag = query_param(url, "tag");
    if (!tag) return Kind::unknown;
    for (Kind kind : kTaggedKinds)
        if (*tag == tag_name(kind)) return kind;
    return Kind::unknown;
}

bool is_username_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'; }

}  // namespace

std::string_view tag_name(Kind kind) noexcept {
    switch (kind) {
        case Kind::pay: return "payRequest";
        case Kind::withdraw: return "withdrawRequest";
        case Kind::channel: return "channelRequest";
        case Kind::login: return "login";
        case Kind::unknown: break;
    }
    return "";
}

Link decode(std::string_view text) {
    if (codec::starts_with_ignore_case(text, "lightning:")) text.remove_prefix(std::string_view("lightning:").size());
    const codec::Bech32Data bech = codec::bech32_decode(text, max_bech32_length);
    if (bech.hrp != kHrp) fail("bech32 prefix is \"" + bech.hrp + "\", not \"lnurl\"");
    if (bech.variant != codec::Bech32Variant::bech32) fail("bech32m checksum (LNURL uses bech32)");
    Bytes bytes;
    try {
        bytes = codec::convert_bits(bech.data, 5, 8, false);
    } catch (const Error&) {
        fail("bech32 data has bad padding");
    }
    const std::string_view url = as_chars(bytes);
    if (!codec::is_utf8(url)) fail("decoded URL is not UTF-8");
    ServiceUrl parsed = parse_service_url(url);
    const Kind kind = kind_of_tag(parsed);
    return {std::move(parsed), kind};
}

Link link_for_url(std::string_view url) {
    ServiceUrl parsed = parse_service_url(url);
    if (const auto inner = query_param(parsed, "lightning"); inner && codec::starts_with_ignore_case(*inner, "lnurl1"))
        return decode(*inner);
    const Kind kind = kind_of_tag(parsed);
    return {std::move(parsed), kind};
}

std::string encode(std::string_view url) {
    const ServiceUrl parsed = parse_service_url(url);
    return codec::ascii_upper(codec::bech32_encode_bytes(kHrp, as_bytes(parsed.text), codec::Bech32Variant::bech32,
                                                         max_bech32_length));
}

bool has_lud17_scheme(std::string_view text) noexcept {
    return std::any_of(kLud17Schemes.begin(), kLud17Schemes.end(),
                       [&](const Scheme& s) { return codec::starts_with_ignore_case(text, s.prefix); });
}

Link resolve_scheme(std::string_view link) {
    for (const Scheme& scheme : kLud17Schemes) {
        if (!codec::starts_with_ignore_case(link, scheme.prefix)) continue;
        const std::string_view rest = link.substr(scheme.prefix.size());
        const std::string host = codec::ascii_lower(rest.substr(0, std::min(rest.find_first_of(":/?#"), rest.size())));
        const bool onion = host.size() > 6 && host.ends_with(".onion");
        return {parse_service_url((onion ? "http://" : "https://") + std::string(rest)), scheme.kind};
    }
    fail("not an lnurlp://, lnurlw://, lnurlc:// or keyauth:// link");
}

bool is_valid_username(std::string_view user) noexcept {
    return !user.empty() && std::all_of(user.begin(), user.end(), is_username_char);
}

LightningAddress parse_lightning_address(std::string_view address) {
    const std::size_t at = address.find('@');
    if (at == std::string_view::npos || address.find('@', at + 1) != std::string_view::npos)
        fail("a lightning address has exactly one '@'");
    LightningAddress out{codec::ascii_lower(address.substr(0, at)), codec::ascii_lower(address.substr(at + 1)), {}};
    const bool user_ok = !out.user.empty() && std::all_of(out.user.begin(), out.user.end(), [](char c) {
        return is_username_char(c) || c == '+';
    });
    if (!user_ok) fail("username must be a-z 0-9 - _ . (and + for a tag)");
    // The domain is a host with an optional port, nothing that would add a path or user info.
    const bool domain_chars_ok = std::all_of(out.domain.begin(), out.domain.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == ':' || c == '[' ||
               c == ']';
    });
    if (out.domain.empty() || !domain_chars_ok) fail("bad domain '" + out.domain + "'");
    const std::string host = out.domain.substr(0, out.domain.starts_with('[') ? out.domain.find(']') + 1
                                                                             : out.domain.find(':'));
    const std::string scheme = host.ends_with(".onion") ? "http://" : "https://";
    out.url = parse_service_url(scheme + out.domain + "/.well-known/lnurlp/" + out.user);
    return out;
}

nlohmann::json check_service_answer(std::string_view json_text) {
    nlohmann::json answer = nostr::parse_json_text(json_text, max_answer_bytes);
    if (!answer.is_object()) fail("service answer is not a JSON object");
    const auto status = answer.find("status");
    if (status != answer.end() && status->is_string() && codec::ascii_lower(status->get<std::string>()) == "error") {
        const auto reason = answer.find("reason");
        throw Error(Errc::service_error,
                    reason != answer.end() && reason->is_string() ? reason->get<std::string>() : "(no reason given)");
    }
    return answer;
}

void check_status_ok(std::string_view json_text) {
    const nlohmann::json answer = check_service_answer(json_text);
    const auto status = answer.find("status");
    if (status == answer.end() || !status->is_string() || codec::ascii_lower(status->get<std::string>()) != "ok")
        fail("service answer has no \"status\": \"OK\"");
}

std::string error_answer(std::string_view reason) {
    // A reason that is not UTF-8 gets U+FFFD rather than making the answer itself fail.
    return nlohmann::json{{"status", "ERROR"}, {"reason", std::string(reason)}}.dump(
        -1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string ok_answer() { return nlohmann::json{{"status", "OK"}}.dump(); }

}  // namespace flash::lightning::lnurl
