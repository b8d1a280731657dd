// Electrum's JSON-RPC 2.0 as flash-node speaks it (electrum-protocol docs/protocol-basics.rst):
// one JSON object per line (TCP and TLS end each message with "\n"), requests with integer ids,
// responses matched by id, and notifications (a "method" and no id) for subscriptions.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "node/bitcoin/chain_backend.hpp"

namespace flash::node::bitcoin::electrum {

/// The line for request `id`: {"jsonrpc":"2.0","id":id,"method":method,"params":params} and "\n".
std::string request_line(std::uint64_t id, std::string_view method, const nlohmann::json& params);

/// An answer to one of our requests: `result`, or the server's error.
struct Response {
    std::uint64_t id = 0;
    nlohmann::json result;
    std::optional<int> error_code;   ///< set for an error response
    std::string error_message;
};

/// A subscription's notification: {"method": ..., "params": [...]}.
struct Notification {
    std::string method;
    nlohmann::json params;  ///< always an array
};

using Incoming = std::variant<Response, Notification>;

/// Reads one line from the server. Throws ChainError(bad_response) for anything but a JSON
/// object that is a response to an integer id (exactly one of "result" and "error", an error being
/// {"code": integer, "message": string}) or a notification with an array of params.
Incoming parse_line(std::string_view line);

/// The ChainError for an error response to `method`: not_found for a transaction the server does
/// not have, rejected for everything else (a refused broadcast, bad parameters); the server's code
/// is kept as rpc_code().
ChainError error_for(std::string_view method, const Response& response);

}  // namespace flash::node::bitcoin::electrum
