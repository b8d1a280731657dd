// Bitcoin Core's JSON-RPC over HTTP (net::HttpClient): authentication with the cookie file or
// rpcuser/rpcpassword, node calls on "/" and wallet calls on "/wallet/<name>", errors as ChainError.
#pragma once
#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "node/net/http_client.hpp"

namespace flash::node::bitcoin {

struct BitcoindOptions {
    std::string url;                          ///< http://127.0.0.1:8332 (https works too)
    std::optional<std::string> cookie_file;   ///< <datadir>/.cookie; read again for every call
    std::string user;                         ///< rpcuser, when there is no cookie file
    std::optional<std::string> password;      ///< rpcpassword
    std::string wallet = "flash-watch";       ///< the watch-only wallet flash-node keeps its scripts in
    std::chrono::milliseconds timeout{30'000};
    std::chrono::milliseconds poll_interval{2'000};  ///< how often the backend asks for news
};

/// Bitcoin Core's RPC error codes flash-node tells apart (src/rpc/protocol.h).
namespace rpc_error {
inline constexpr int invalid_address_or_key = -5;  ///< also "No such mempool or blockchain transaction"
inline constexpr int wallet_not_found = -18;
inline constexpr int wallet_already_loaded = -35;
inline constexpr int wallet_already_exists = -4;
}  // namespace rpc_error

class BitcoindRpc {
public:
    /// Error(bad_config) for an unusable URL.
    explicit BitcoindRpc(const BitcoindOptions& options);

    /// Calls `method` with positional `params` (on the wallet's endpoint when `wallet`) and returns
    /// its result. Throws ChainError: unavailable (no connection, refused credentials, unreadable
    /// cookie), timeout, bad_response (not JSON-RPC), not_found (code -5), rejected (any other RPC
    /// error, with its code as rpc_code()).
    nlohmann::json call(const std::string& method, nlohmann::json params, bool wallet = false) const;

private:
    std::string authorization() const;

    BitcoindOptions options_;
    net::HttpClient http_;
};

}  // namespace flash::node::bitcoin
