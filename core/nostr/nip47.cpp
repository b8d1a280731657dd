// NIP-47 Nostr Wallet Connect encoding.
#include "core/nostr/nip47.hpp"

#include <algorithm>

#include "core/codec/hex.hpp"
#include "core/codec/percent.hpp"
#include "core/crypto/memory.hpp"
#include "core/error.hpp"
#include "core/nostr/json_text.hpp"
#include "core/nostr/relay_url.hpp"

namespace flash::nostr::nwc {
namespace {

using nlohmann::json;

constexpr std::string_view scheme = "nostr+walletconnect://";
constexpr std::string_view legacy_scheme = "nostrwalletconnect://";

[[noreturn]] void bad_uri(const std::string& detail) { throw Error(Errc::bad_argument, "NWC URI: " + detail); }
[[noreturn]] void bad_shape(const std::string& detail) { throw Error(Errc::bad_message, "NWC: " + detail); }

json parse_object(std::string_view text) {
    json value = parse_json_text(text, max_payload_bytes);
    if (!value.is_object()) bad_shape("payload is not a JSON object");
    return value;
}

std::string required_string(const json& object, const char* key) {
    const auto it = object.find(key);
    if (it == object.end() || !it->is_string()) bad_shape(std::string(key) + " is missing or not a string");
    std::string value = it->get<std::string>();
    if (value.empty()) bad_shape(std::string(key) + " is empty");
    return value;
}

json required_object(const json& object, const char* key) {
    const auto it = object.find(key);
    if (it == object.end() || !it->is_object()) bad_shape(std::string(key) + " is missing or not an object");
    return *it;
}

std::string dump(const json& value) {
    try {
        return value.dump();
    } catch (const json::exception& e) {
        throw Error(Errc::bad_utf8, e.what());
    }
}

void require_name(const std::string& name, const char* what) {
    if (name.empty()) throw Error(Errc::bad_argument, std::string("NWC: empty ") + what);
}

std::vector<std::string> split_spaces(std::string_view s) {
    std::vector<std::string> words;
    std::size_t i = 0;
    while (i < s.size()) {
        const std::size_t end = std::min(s.find(' ', i), s.size());
        if (end > i) words.emplace_back(s.substr(i, end - i));
        i = end + 1;
    }
    return words;
}

std::string join_spaces(const std::vector<std::string>& words) {
    std::string out;
    for (const std::string& word : words) out += (out.empty() ? "" : " ") + word;
    return out;
}

}  // namespace

bool is_known_method(std::string_view method) noexcept {
    return std::find(methods.begin(), methods.end(), method) != methods.end();
}

ConnectionUri parse_connection_uri(std::string_view uri) {
    if (uri.size() > 8192) bad_uri("too long");
    std::string_view rest;
    if (uri.starts_with(scheme)) rest = uri.substr(scheme.size());
    else if (uri.starts_with(legacy_scheme)) rest = uri.substr(legacy_scheme.size());
    else bad_uri("scheme is not nostr+walletconnect");

    const std::size_t question = rest.find('?');
    if (question == std::string_view::npos) bad_uri("no query");
    ConnectionUri out;
    out.wallet_pubkey = crypto::parse_xonly_key(codec::hex_decode_array<32>(rest.substr(0, question)));

    auto params = codec::parse_query(rest.substr(question + 1));
    if (!params) bad_uri("bad percent escape in the query");
    bool have_secret = false;
    for (auto& [key, value] : *params) {
        if (key == "relay") {
            out.relays.push_back(normalize_relay_url(value));
        } else if (key == "secret") {
            if (have_secret) bad_uri("more than one secret");
            ByteArray<32> secret = codec::hex_decode_array<32>(value);
            crypto::wipe(value.data(), value.size());
            out.secret = crypto::secret_key_from(secret);
            crypto::wipe(secret.data(), secret.size());
            have_secret = true;
        } else if (key == "lud16") {
            out.lud16 = value;
        }
    }
    if (out.relays.empty()) bad_uri("no relay");
    if (!have_secret) bad_uri("no secret");
    return out;
}

std::string format_connection_uri(const ConnectionUri& uri) {
    if (uri.relays.empty()) throw Error(Errc::bad_argument, "NWC URI needs a relay");
    std::string out(scheme);
    out += codec::hex_encode(uri.wallet_pubkey);
    char separator = '?';
    for (const std::string& relay : uri.relays) {
        out += separator;
        out += "relay=" + codec::percent_encode(relay);
        separator = '&';
    }
    out += "&secret=" + codec::hex_encode(uri.secret.view());
    if (uri.lud16) out += "&lud16=" + codec::percent_encode(*uri.lud16);
    return out;
}

std::string encode_request(const Request& request) {
    require_name(request.method, "method");
    if (!request.params.is_object()) throw Error(Errc::bad_argument, "NWC params must be an object");
    return dump(json{{"method", request.method}, {"params", request.params}});
}

Request decode_request(std::string_view json_text) {
    const json object = parse_object(json_text);
    return {required_string(object, "method"), required_object(object, "params")};
}

std::string encode_response(const Response& response) {
    require_name(response.result_type, "result_type");
    if (!response.result.is_object() && !response.result.is_null())
        throw Error(Errc::bad_argument, "NWC result must be an object or null");
    json out{{"result_type", response.result_type}, {"result", response.result}};
    out["error"] = response.error ? json{{"code", response.error->code}, {"message", response.error->message}}
                                  : json(nullptr);
    return dump(out);
}

Response decode_response(std::string_view json_text) {
    const json object = parse_object(json_text);
    Response response;
    response.result_type = required_string(object, "result_type");
    if (const auto error = object.find("error"); error != object.end() && !error->is_null()) {
        if (!error->is_object()) bad_shape("error is not an object");
        const auto message = error->find("message");
        if (message == error->end() || !message->is_string()) bad_shape("error.message is missing");
        response.error = ResponseError{required_string(*error, "code"), message->get<std::string>()};
    }
    if (const auto result = object.find("result"); result != object.end() && !result->is_null()) {
        if (!result->is_object()) bad_shape("result is not an object");
        response.result = *result;
    }
    if (!response.error && response.result.is_null()) bad_shape("response has neither result nor error");
    return response;
}

std::string encode_notification(const Notification& notification) {
    require_name(notification.notification_type, "notification_type");
    if (!notification.notification.is_object())
        throw Error(Errc::bad_argument, "NWC notification must be an object");
    return dump(json{{"notification_type", notification.notification_type},
                     {"notification", notification.notification}});
}

Notification decode_notification(std::string_view json_text) {
    const json object = parse_object(json_text);
    return {required_string(object, "notification_type"), required_object(object, "notification")};
}

Info parse_info_event(const UnsignedEvent& event) {
    if (event.kind != kind_info) throw Error(Errc::bad_event, "not a kind 13194 NWC info event");
    Info info;
    info.methods = split_spaces(event.content);
    if (const std::string* encryption = first_tag_value(event.tags, "encryption"))
        info.encryptions = split_spaces(*encryption);
    if (const std::string* notifications = first_tag_value(event.tags, "notifications"))
        info.notifications = split_spaces(*notifications);
    return info;
}

UnsignedEvent make_info_event(const Info& info, std::int64_t now_s) {
    UnsignedEvent event;
    event.created_at = now_s;
    event.kind = kind_info;
    event.content = join_spaces(info.methods);
    if (!info.encryptions.empty()) event.tags.push_back({"encryption", join_spaces(info.encryptions)});
    if (!info.notifications.empty()) event.tags.push_back({"notifications", join_spaces(info.notifications)});
    return event;
}

UnsignedEvent make_request_event(const crypto::XOnlyKey& wallet, std::string encrypted_content,
                                 std::int64_t now_s, std::optional<std::int64_t> expiration) {
    UnsignedEvent event;
    event.created_at = now_s;
    event.kind = kind_request;
    event.content = std::move(encrypted_content);
    event.tags = {{"p", codec::hex_encode(wallet)}, {"encryption", std::string(encryption_nip44)}};
    if (expiration) event.tags.push_back({"expiration", std::to_string(*expiration)});
    return event;
}

UnsignedEvent make_response_event(const crypto::XOnlyKey& client, const EventId& request_id,
                                  std::string encrypted_content, std::int64_t now_s) {
    UnsignedEvent event;
    event.created_at = now_s;
    event.kind = kind_response;
    event.content = std::move(encrypted_content);
    event.tags = {{"p", codec::hex_encode(client)}, {"e", codec::hex_encode(request_id)}};
    return event;
}

}  // namespace flash::nostr::nwc
