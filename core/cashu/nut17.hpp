// NUT-17 WebSockets: JSON-RPC 2.0 over /v1/ws. The wallet subscribes to mint quotes, melt quotes
// or proof states and the mint pushes their current state, then every change.
//
//   request:      {"jsonrpc": "2.0", "method": "subscribe",
//                  "params": {"kind", "subId", "filters": [...]}, "id": <int>}
//                 {"jsonrpc": "2.0", "method": "unsubscribe", "params": {"subId"}, "id": <int>}
//   response:     {"jsonrpc": "2.0", "result": {"status": "OK", "subId"}, "id"}
//   error:        {"jsonrpc": "2.0", "error": {"code", "message"}, "id"}
//   notification: {"jsonrpc": "2.0", "method": "subscribe", "params": {"subId", "payload"}}
//
// Payloads are the objects of the NUTs that define the kinds: a MintQuote (nut04.hpp), a
// MeltQuote (nut05.hpp) or a ProofStateEntry (nut07.hpp) as JSON. Filters are quote ids or Ys.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace flash::cashu {

enum class WsMethod { subscribe, unsubscribe };

enum class SubscriptionKind { bolt11_mint_quote, bolt11_melt_quote, proof_state };

std::string_view to_string(SubscriptionKind kind) noexcept;
/// The kind named `text`, or nullopt for one this implementation does not serve.
std::optional<SubscriptionKind> parse_subscription_kind(std::string_view text) noexcept;

/// JSON-RPC 2.0 error codes a mint answers with.
namespace ws_error {
inline constexpr int parse_error = -32700;       ///< not JSON
inline constexpr int invalid_request = -32600;   ///< not a well-formed request
inline constexpr int method_not_found = -32601;  ///< a method other than subscribe/unsubscribe
inline constexpr int invalid_params = -32602;    ///< an unknown kind, an unknown subId, ...
}  // namespace ws_error

struct WsRequest {
    WsMethod method = WsMethod::subscribe;
    std::string kind;                  ///< subscribe only, as sent (see parse_subscription_kind)
    std::string sub_id;
    std::vector<std::string> filters;  ///< subscribe only
    nlohmann::json id;                 ///< echoed in the answer (an integer per NUT-17)
    bool operator==(const WsRequest&) const = default;
};

/// Reads a request. Error(bad_message) naming the member when jsonrpc is not "2.0", the method
/// is not "subscribe" or "unsubscribe", id is missing or neither an integer nor a string, subId
/// is not a non-empty string, or (subscribe) kind is not a string or filters is not an array of at
/// most max_request_items strings. Unknown members are ignored.
WsRequest ws_request_from_json(const nlohmann::json& value);

/// The request's "id" when it has a usable one (integer or string), else null: what an error
/// answer to a request that did not parse carries.
nlohmann::json ws_request_id(const nlohmann::json& value) noexcept;

/// The request as JSON (the wallet side).
nlohmann::ordered_json to_json(const WsRequest& request);

/// {"jsonrpc": "2.0", "result": {"status": "OK", "subId": sub_id}, "id": id}.
nlohmann::ordered_json ws_ok_response(std::string_view sub_id, const nlohmann::json& id);

/// {"jsonrpc": "2.0", "error": {"code": code, "message": message}, "id": id}.
nlohmann::ordered_json ws_error_response(int code, std::string_view message, const nlohmann::json& id);

/// {"jsonrpc": "2.0", "method": "subscribe", "params": {"subId": sub_id, "payload": payload}}.
nlohmann::ordered_json ws_notification(std::string_view sub_id, nlohmann::ordered_json payload);

/// What a mint sends, as the wallet reads it: an answer to request `id` (ok, or an error with
/// code and message), or a notification for `sub_id` carrying `payload`.
struct WsMessage {
    enum class Type { ok, error, notification } type = Type::ok;
    nlohmann::json id;         ///< ok and error
    std::string sub_id;        ///< ok and notification
    int error_code = 0;        ///< error
    std::string error_message; ///< error
    nlohmann::json payload;    ///< notification
};

/// Error(bad_message) for anything but the three shapes above.
WsMessage ws_message_from_json(const nlohmann::json& value);

}  // namespace flash::cashu
