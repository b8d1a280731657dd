// flash-node's configuration: embedded defaults, then a JSON file, then FLASH_* environment
// variables, then command-line flags (each overrides the one before). Every value is checked
// here, so the services can trust it.
#pragma once
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "node/server/log.hpp"

namespace flash::node {

/// A token bucket: `per_second` refill, at most `burst` tokens.
struct Rate {
    double per_second = 0;
    double burst = 0;
};

/// Per-connection limits of the HTTP/WebSocket server.
struct ServerLimits {
    std::size_t max_header_bytes = 16 * 1024;
    std::size_t max_body_bytes = 1024 * 1024;
    std::chrono::seconds read_timeout{30};    ///< a started request must arrive completely within
    std::chrono::seconds idle_timeout{300};   ///< keep-alive and WebSocket silence before closing
    std::size_t max_ws_message_bytes = 512 * 1024;
    std::size_t max_ws_queue_bytes = 32 * 1024 * 1024;  ///< a slower reader is disconnected
    std::size_t max_connections = 20000;
    std::size_t max_connections_per_ip = 1000;
};

struct RelayConfig {
    std::string name = "Flash relay";
    std::string description = "The NOSTR relay of a Flash node: DMs, group chats, wallet events.";
    std::string contact;
    std::size_t max_subscriptions = 64;        ///< per connection
    std::size_t max_filters = 16;              ///< per REQ/COUNT
    std::uint32_t max_limit = 1000;            ///< events per REQ's stored part
    std::uint32_t default_limit = 500;         ///< when a filter has no limit
    std::int64_t max_past_s = 3 * 365 * 86400; ///< created_at older than now - this is refused
    std::int64_t max_future_s = 15 * 60;       ///< created_at newer than now + this is refused
    std::size_t max_content_bytes = 256 * 1024;
    Rate events_per_connection{20, 200};
    Rate events_per_ip{100, 1000};
    Rate events_per_pubkey{20, 200};
    Rate reqs_per_connection{20, 100};         ///< REQ and COUNT
};

struct Config {
    std::string host = "127.0.0.1";
    std::uint16_t port = 8080;
    std::string data_dir = "data";
    std::string web_root = "build/web";        ///< the built PWA; served when it exists
    std::optional<std::string> tls_cert;       ///< PEM chain; TLS is on when both are set
    std::optional<std::string> tls_key;
    std::string public_url;                    ///< ws(s)://host:port/ as clients see it (NIP-42); derived when empty
    log::Level log_level = log::Level::info;
    ServerLimits limits;
    RelayConfig relay;

    bool tls() const noexcept { return tls_cert.has_value() && tls_key.has_value(); }
    /// "ws://127.0.0.1:8080/" unless public_url says otherwise.
    std::string relay_url() const;
};

/// What load_config() produced, and whether the caller should just print help.
struct ConfigResult {
    Config config;
    bool help = false;
};

/// Builds the configuration from `args` (argv without the program name) and `environment`
/// (lookups of FLASH_* variables; pass a function for tests). The JSON file is named by --config
/// or FLASH_CONFIG. Throws Error(bad_config) naming the offending flag, key or value.
ConfigResult load_config(const std::vector<std::string>& args,
                         const std::function<std::optional<std::string>(const char*)>& environment);

/// The --help text.
std::string usage();

}  // namespace flash::node
