#include "node/lightning/lnd_rest.hpp"

#include <fstream>
#include <sstream>

#include "core/codec/hex.hpp"
#include "core/error.hpp"
#include "core/nostr/json_text.hpp"

namespace flash::node::lightning {
namespace {

using nlohmann::json;

/// LND's messages nest a few levels (payment, htlcs, route, hops, records); this leaves room.
constexpr std::size_t max_json_depth = 64;
/// Largest answer or stream message read (a node with many channels lists them all at once).
constexpr std::size_t max_answer_bytes = 32 * 1024 * 1024;

bool is_hex_text(std::string_view text) {
    if (text.empty() || text.size() % 2 != 0) return false;
    for (const char c : text) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
    }
    return true;
}

/// The macaroon as the header wants it: hex. The file is LND's binary macaroon, or already hex
/// (what `lncli bakemacaroon` prints).
std::string read_macaroon(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(Errc::bad_config, "cannot read the LND macaroon " + path);
    std::stringstream buffer;
    buffer << in.rdbuf();
    std::string content = buffer.str();
    std::string_view trimmed = content;
    while (!trimmed.empty() && (trimmed.back() == '\n' || trimmed.back() == '\r' || trimmed.back() == ' '))
        trimmed.remove_suffix(1);
    if (trimmed.empty()) throw Error(Errc::bad_config, "the LND macaroon " + path + " is empty");
    if (is_hex_text(trimmed)) return std::string(trimmed);
    return codec::hex_encode(as_bytes(content));
}

std::string_view excerpt(std::string_view text) { return text.substr(0, 200); }

/// `text` as JSON, or LightningError naming `what` (LND, or something in front of it, sent garbage).
json parse_answer(std::string_view text, std::string_view what) {
    try {
        return nostr::parse_json_text(text, max_answer_bytes, max_json_depth);
    } catch (const Error&) {
        throw LightningError("malformed answer from LND to " + std::string(what) + ": " + std::string(excerpt(text)));
    }
}

/// LND's error object {"code", "message", "details"} as LndCallError.
[[noreturn]] void throw_call_error(const json& error, unsigned http_status) {
    const int code = error.contains("code") && error["code"].is_number_integer() ? error["code"].get<int>() : 2;
    const std::string message = error.contains("message") && error["message"].is_string()
                                    ? error["message"].get<std::string>()
                                    : "HTTP " + std::to_string(http_status) + " without a message";
    throw LndCallError(code, http_status, message);
}

/// Runs an HTTP call, turning the HTTP layer's failures into LightningError.
template <class F>
auto transport(std::string_view what, F&& f) -> decltype(f()) {
    try {
        return f();
    } catch (const net::HttpError& e) {
        throw LightningError("LND unreachable (" + std::string(what) + "): " + e.what());
    }
}

}  // namespace

LndRest::LndRest(const LndConnection& connection)
    : http_({.url = connection.rest_url,
             .pinned_cert_file = connection.tls_cert_file,
             .timeout = connection.timeout,
             .max_body_bytes = max_answer_bytes}),
      macaroon_hex_(read_macaroon(connection.macaroon_file)),
      timeout_(connection.timeout) {}

net::HttpRequest LndRest::request(std::string_view method, const std::string& target, const json* body) const {
    net::HttpRequest out;
    out.method = std::string(method);
    out.target = target;
    out.headers = {{"Grpc-Metadata-macaroon", macaroon_hex_}, {"Accept", "application/json"}};
    if (body) {
        out.body = body->dump();
        out.headers.push_back({"Content-Type", "application/json"});
    }
    return out;
}

json LndRest::call(std::string_view method, const std::string& target, const json* body) const {
    const net::HttpResponse response = transport(target, [&] { return http_.request(request(method, target, body)); });
    if (response.status >= 200 && response.status < 300) {
        json answer = parse_answer(response.body, target);
        if (!answer.is_object()) throw LightningError("malformed answer from LND to " + target + ": not an object");
        return answer;
    }
    // An error: LND's own object when it sent one, the status and body otherwise (a proxy, a 404).
    json error;
    try {
        error = nostr::parse_json_text(response.body, max_answer_bytes, max_json_depth);
    } catch (const Error&) {
        // Not JSON: reported below with the status.
    }
    if (error.is_object() && error.contains("message")) throw_call_error(error, response.status);
    throw LndCallError(response.status == 404 ? LndCallError::not_found : 2, response.status,
                       "HTTP " + std::to_string(response.status) + " " + std::string(excerpt(response.body)));
}

void LndRest::stream(std::string_view method, const std::string& target, const json* body,
                     const std::function<bool(const json& result)>& on_result,
                     std::optional<std::chrono::milliseconds> idle_timeout, std::stop_token stop,
                     const std::function<void()>& on_sent) const {
    std::optional<std::string> unreadable;  // a line that is not LND's JSON, reported with the status
    net::StreamHandler handler;
    handler.on_sent = on_sent;
    handler.on_line = [&](std::string_view line) {
        json message;
        try {
            message = nostr::parse_json_text(line, max_answer_bytes, max_json_depth);
        } catch (const Error&) {
            unreadable = std::string(excerpt(line));
            return false;
        }
        if (message.is_object() && message.contains("result") && message["result"].is_object()) {
            return on_result(message["result"]);
        }
        if (message.is_object() && message.contains("error") && message["error"].is_object()) {
            // The status is in the message: the head may have said 200 before the error came.
            throw_call_error(message["error"], 0);
        }
        unreadable = std::string(excerpt(line));
        return false;
    };
    const net::HttpResponse head =
        transport(target, [&] { return http_.stream(request(method, target, body), handler, idle_timeout, stop); });
    if (head.status < 200 || head.status >= 300) {
        throw LndCallError(head.status == 404 ? LndCallError::not_found : 2, head.status,
                           "HTTP " + std::to_string(head.status) + " " + unreadable.value_or(""));
    }
    if (unreadable) throw LightningError("malformed message from LND on " + target + ": " + *unreadable);
}

}  // namespace flash::node::lightning
