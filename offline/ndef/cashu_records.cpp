#include "offline/ndef/cashu_records.hpp"

#include "core/codec/ascii.hpp"
#include "core/codec/percent.hpp"
#include "offline/ndef/mime_record.hpp"
#include "offline/ndef/text_record.hpp"
#include "offline/ndef/uri_record.hpp"

namespace flash::offline::ndef {

namespace {

constexpr std::string_view kScheme = "cashu:";

bool is_token_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_' || c == '+' || c == '/' || c == '=';
}

/// The token at the start of `text` (after an optional cashu: scheme), or nullopt.
std::optional<std::string> leading_token(std::string_view text) {
    if (codec::starts_with_ignore_case(text, kScheme)) text.remove_prefix(kScheme.size());
    if (!text.starts_with("cashuA") && !text.starts_with("cashuB")) return std::nullopt;
    std::size_t end = 0;
    while (end < text.size() && is_token_char(text[end])) ++end;
    return std::string(text.substr(0, end));
}

/// The `token` parameter of a query string or fragment ("a=1&token=cashuB..."). A '+' stays a
/// '+' (wallets put standard-base64 cashuA tokens there unescaped).
std::optional<std::string> token_parameter(std::string_view params) {
    while (!params.empty()) {
        const std::size_t amp = params.find('&');
        const std::string_view pair = params.substr(0, amp);
        params = amp == std::string_view::npos ? std::string_view() : params.substr(amp + 1);
        if (!pair.starts_with("token=")) continue;
        if (const auto value = codec::percent_decode(pair.substr(6), false))
            if (auto token = leading_token(*value)) return token;
    }
    return std::nullopt;
}

}  // namespace

Record token_text_record(std::string_view token) { return make_text_record(token, "en"); }

Record token_url_record(std::string_view page_url, std::string_view token) {
    return make_uri_record(std::string(page_url) + "#token=" + std::string(token));
}

Record token_binary_record(const cashu::Token& token) { return make_mime_record(octet_stream, cashu::encode_token_raw(token)); }

std::optional<std::string> token_in_text(std::string_view text) {
    if (auto token = leading_token(text)) return token;
    const std::size_t hash = text.find('#');
    const std::size_t question = text.substr(0, hash).find('?');
    if (question != std::string_view::npos)
        if (auto token = token_parameter(text.substr(question + 1, hash == std::string_view::npos ? hash : hash - question - 1)))
            return token;
    if (hash != std::string_view::npos) return token_parameter(text.substr(hash + 1));
    return std::nullopt;
}

std::optional<std::string> find_token(std::span<const Record> records) {
    for (const Record& record : records) {
        std::optional<std::string> token;
        if (has_well_known_type(record, "T"))
            token = token_in_text(parse_text_record(record).text);
        else if (is_uri_record(record))
            token = token_in_text(parse_uri_record(record));
        else if (record.tnf == Tnf::media && as_chars(record.payload).starts_with("craw"))
            token = cashu::encode_token_v4(cashu::decode_token_raw(record.payload));
        if (token) return token;
    }
    return std::nullopt;
}

}  // namespace flash::offline::ndef
