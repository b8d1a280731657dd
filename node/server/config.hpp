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

#include "core/keys/accounts.hpp"
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
    std::chrono::seconds shutdown_grace{10};  ///< a stop waits this long for connections, then cuts them
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

/// The Cashu mint (node/mint).
struct MintConfig {
    std::string name = "Flash mint";
    std::string description = "The Cashu mint of a Flash node.";
    std::string motd;
    std::uint64_t input_fee_ppk = 0;           ///< NUT-02 fee per input, in parts per thousand
    std::uint64_t max_amount = 1'000'000;      ///< per mint or melt quote, in units
    std::uint32_t quote_expiry_s = 3600;
    /// Encrypts the master seed. From FLASH_MINT_PASSPHRASE only (never a flag or the file); when
    /// absent, a random one is created in <data>/mint.passphrase (mode 0600) with a warning.
    std::optional<std::string> passphrase;
};

/// Targets for the node's channel balances (node/lightning/liquidity.hpp). A channel's outbound
/// ratio is its local balance over its capacity. load_config() checks 0 <= low < high <= 1 and
/// low <= target <= high.
struct LiquidityConfig {
    double target_outbound_ratio = 0.5;        ///< planned rebalances move channels toward it
    double low_outbound_ratio = 0.2;           ///< below: the channel can send little (alert)
    double high_outbound_ratio = 0.8;          ///< above: it can receive little (alert)
    std::uint64_t min_rebalance_sat = 10'000;  ///< smaller moves are not planned
    std::uint32_t max_rebalance_fee_ppm = 1000;  ///< a rebalance's fee limit, per million of its amount
    std::uint32_t refresh_s = 60;              ///< balances older than this are read again before use
    bool auto_rebalance = false;               ///< carry out the first planned rebalance every refresh_s
};

/// The Lightning backend of the mint and the node's API (node/lightning/make_backend.hpp).
struct LightningConfig {
    /// "fake" or "lnd"; load_config() sets it to "lnd" when lnd_rest is given and no backend is named.
    std::string backend = "fake";
    std::uint32_t fake_settle_ms = 1000;       ///< the fake backend marks invoices paid after this
    std::string lnd_rest;                      ///< LND's REST URL, https://host:port
    std::string lnd_macaroon;                  ///< macaroon file (admin.macaroon, or one with invoices + offchain)
    std::string lnd_tls_cert;                  ///< LND's tls.cert, pinned; empty: the system's CA store
    LiquidityConfig liquidity;                 ///< JSON "lightning": {"liquidity": {...}}
};

/// The chain backend (node/bitcoin). Users register their own watch-only account keys (the node
/// holds none); these settings say where the chain is and how it is watched.
struct ChainConfig {
    std::string backend = "fake";              ///< "fake", "electrum" or "bitcoind"
    /// The network; nullopt: regtest for the fake, mainnet for electrum and bitcoind (set
    /// chain.network = "testnet", "signet" or "regtest" for a test network).
    std::optional<keys::Network> network;
    std::uint32_t gap_limit = 20;              ///< addresses derived ahead per chain of each account
    std::optional<std::uint32_t> confirmations;  ///< a coin is confirmed (spendable) at; default 1 (fake), 3 (real)
    std::string electrum;                      ///< host:port
    bool electrum_tls = false;
    std::optional<std::string> electrum_tls_cert;  ///< pinned PEM; without it, system CAs and the host name
    std::string bitcoind_url;                  ///< http://127.0.0.1:8332
    std::optional<std::string> bitcoind_cookie;    ///< bitcoind's .cookie file
    std::string bitcoind_user;                 ///< rpcuser, with FLASH_BITCOIND_PASSWORD
    std::optional<std::string> bitcoind_password;  ///< from FLASH_BITCOIND_PASSWORD only
    std::string bitcoind_wallet = "flash-watch";   ///< the watch-only wallet flash-node creates
    std::uint32_t fake_block_interval_s = 60;  ///< the fake mines a block this often (0: only on request)
    std::uint32_t timeout_s = 30;              ///< per call to electrum or bitcoind

    /// The confirmations to credit a deposit after (the default for the backend when unset).
    std::uint32_t required_confirmations() const noexcept { return confirmations.value_or(backend == "fake" ? 1 : 3); }
};

/// Where the fiat exchange rates of GET /api/v1/rates come from (node/rates/make_rate_source.hpp).
struct RatesConfig {
    std::string source = "fake";                   ///< "fake" (fixed demo rates) or "coinbase"
    std::string url = "https://api.coinbase.com";  ///< the coinbase source's base URL; https only
    std::uint32_t max_age_s = 60;                  ///< the source is asked at most this often
    std::uint32_t timeout_s = 10;                  ///< per call to the source
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
    MintConfig mint;
    LightningConfig lightning;
    ChainConfig chain;
    RatesConfig rates;

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
