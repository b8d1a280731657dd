#include "node/server/config.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/bitcoin/transaction.hpp"
#include "core/error.hpp"
#include "node/net/url.hpp"

namespace flash::node {
namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& what) { throw Error(Errc::bad_config, what); }

/// "host:port" or "[v6]:port".
void parse_listen(std::string_view text, Config& config) {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos || colon == 0) fail("listen address '" + std::string(text) + "' is not host:port");
    std::string_view host = text.substr(0, colon);
    if (host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    const std::string_view port = text.substr(colon + 1);
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc{} || end != port.data() + port.size() || value > 65535 || host.empty()) {
        fail("listen address '" + std::string(text) + "' is not host:port");
    }
    config.host = host;
    config.port = static_cast<std::uint16_t>(value);
}

/// Reads the keys of `object` through `read(key, value)`; an unknown key is a typo, so an error.
template <class Read>
void each_key(const json& object, std::string_view where, Read&& read) {
    if (!object.is_object()) fail(std::string(where) + " must be an object");
    for (const auto& [key, value] : object.items()) {
        if (!read(key, value)) fail("unknown configuration key " + std::string(where) + "." + key);
    }
}

template <class T>
T number(const json& value, std::string_view key, T min, T max = std::numeric_limits<T>::max()) {
    if (!value.is_number()) fail(std::string(key) + " must be a number");
    const double d = value.get<double>();
    if (!(d >= static_cast<double>(min) && d <= static_cast<double>(max))) fail(std::string(key) + " is out of range");
    return static_cast<T>(d);
}

bool boolean(const json& value, std::string_view key) {
    if (!value.is_boolean()) fail(std::string(key) + " must be true or false");
    return value.get<bool>();
}

std::string text(const json& value, std::string_view key) {
    if (!value.is_string()) fail(std::string(key) + " must be a string");
    return value.get<std::string>();
}

/// Lightning backends this build has.
std::string backend_name(std::string name) {
    if (name != "fake" && name != "lnd") fail("lightning.backend '" + name + "' is not \"fake\" or \"lnd\"");
    return name;
}

Rate rate(const json& value, std::string_view key) {
    Rate r;
    each_key(value, key, [&](const std::string& k, const json& v) {
        if (k == "per_second") r.per_second = number<double>(v, k, 0.0, 1e9);
        else if (k == "burst") r.burst = number<double>(v, k, 1.0, 1e9);
        else return false;
        return true;
    });
    return r;
}

void apply_limits(const json& object, ServerLimits& l) {
    each_key(object, "limits", [&](const std::string& k, const json& v) {
        if (k == "max_header_bytes") l.max_header_bytes = number<std::size_t>(v, k, 1024, 1 << 20);
        else if (k == "max_body_bytes") l.max_body_bytes = number<std::size_t>(v, k, 0, 1 << 30);
        else if (k == "read_timeout_s") l.read_timeout = std::chrono::seconds(number<int>(v, k, 1, 3600));
        else if (k == "idle_timeout_s") l.idle_timeout = std::chrono::seconds(number<int>(v, k, 1, 86400));
        else if (k == "max_ws_message_bytes") l.max_ws_message_bytes = number<std::size_t>(v, k, 1024, 64 << 20);
        else if (k == "max_ws_queue_bytes") l.max_ws_queue_bytes = number<std::size_t>(v, k, 64 << 10, 1 << 30);
        else if (k == "max_connections") l.max_connections = number<std::size_t>(v, k, 1, 1 << 20);
        else if (k == "max_connections_per_ip") l.max_connections_per_ip = number<std::size_t>(v, k, 1, 1 << 20);
        else if (k == "shutdown_grace_s") l.shutdown_grace = std::chrono::seconds(number<int>(v, k, 1, 3600));
        else return false;
        return true;
    });
}

void apply_relay(const json& object, RelayConfig& r) {
    each_key(object, "relay", [&](const std::string& k, const json& v) {
        if (k == "name") r.name = text(v, k);
        else if (k == "description") r.description = text(v, k);
        else if (k == "contact") r.contact = text(v, k);
        else if (k == "max_subscriptions") r.max_subscriptions = number<std::size_t>(v, k, 1, 10000);
        else if (k == "max_filters") r.max_filters = number<std::size_t>(v, k, 1, 1000);
        else if (k == "max_limit") r.max_limit = number<std::uint32_t>(v, k, 1, 100000);
        else if (k == "default_limit") r.default_limit = number<std::uint32_t>(v, k, 1, 100000);
        else if (k == "max_past_s") r.max_past_s = number<std::int64_t>(v, k, 0, std::int64_t{1} << 40);
        else if (k == "max_future_s") r.max_future_s = number<std::int64_t>(v, k, 0, std::int64_t{1} << 40);
        else if (k == "max_content_bytes") r.max_content_bytes = number<std::size_t>(v, k, 1, 64 << 20);
        else if (k == "events_per_connection") r.events_per_connection = rate(v, k);
        else if (k == "events_per_ip") r.events_per_ip = rate(v, k);
        else if (k == "events_per_pubkey") r.events_per_pubkey = rate(v, k);
        else if (k == "reqs_per_connection") r.reqs_per_connection = rate(v, k);
        else return false;
        return true;
    });
}

void apply_mint(const json& object, MintConfig& m) {
    each_key(object, "mint", [&](const std::string& k, const json& v) {
        if (k == "name") m.name = text(v, k);
        else if (k == "description") m.description = text(v, k);
        else if (k == "motd") m.motd = text(v, k);
        else if (k == "input_fee_ppk") m.input_fee_ppk = number<std::uint64_t>(v, k, 0, 100'000);
        else if (k == "max_amount") m.max_amount = number<std::uint64_t>(v, k, 1, std::uint64_t{1} << 40);
        else if (k == "quote_expiry_s") m.quote_expiry_s = number<std::uint32_t>(v, k, 10, 30 * 86400);
        else return false;
        return true;
    });
}

void apply_liquidity(const json& object, LiquidityConfig& l) {
    each_key(object, "lightning.liquidity", [&](const std::string& k, const json& v) {
        if (k == "target_outbound_ratio") l.target_outbound_ratio = number<double>(v, k, 0.0, 1.0);
        else if (k == "low_outbound_ratio") l.low_outbound_ratio = number<double>(v, k, 0.0, 1.0);
        else if (k == "high_outbound_ratio") l.high_outbound_ratio = number<double>(v, k, 0.0, 1.0);
        else if (k == "min_rebalance_sat") l.min_rebalance_sat = number<std::uint64_t>(v, k, 1, flash::bitcoin::max_money);
        else if (k == "max_rebalance_fee_ppm") l.max_rebalance_fee_ppm = number<std::uint32_t>(v, k, 0, 1'000'000);
        else if (k == "refresh_s") l.refresh_s = number<std::uint32_t>(v, k, 1, 86'400);
        else if (k == "auto_rebalance") l.auto_rebalance = boolean(v, k);
        else return false;
        return true;
    });
}

/// The thresholds must leave a band, and the target must lie in it (else plans would aim at an alert).
void check_liquidity(const LiquidityConfig& l) {
    if (!(l.low_outbound_ratio < l.high_outbound_ratio))
        fail("lightning.liquidity.low_outbound_ratio must be below high_outbound_ratio");
    if (l.target_outbound_ratio < l.low_outbound_ratio || l.target_outbound_ratio > l.high_outbound_ratio)
        fail("lightning.liquidity.target_outbound_ratio must lie between low_outbound_ratio and high_outbound_ratio");
}

/// Whether the JSON file named the backend (otherwise lnd_rest decides, see check_lightning).
bool apply_lightning(const json& object, LightningConfig& l) {
    bool named = false;
    each_key(object, "lightning", [&](const std::string& k, const json& v) {
        if (k == "backend") {
            l.backend = backend_name(text(v, k));
            named = true;
        } else if (k == "fake_settle_ms") l.fake_settle_ms = number<std::uint32_t>(v, k, 0, 3'600'000);
        else if (k == "lnd_rest") l.lnd_rest = text(v, k);
        else if (k == "lnd_macaroon") l.lnd_macaroon = text(v, k);
        else if (k == "lnd_tls_cert") l.lnd_tls_cert = text(v, k);
        else if (k == "liquidity") apply_liquidity(v, l.liquidity);
        else return false;
        return true;
    });
    return named;
}

/// An LND URL picks the LND backend unless the file named one; LND needs its URL and macaroon.
void check_lightning(LightningConfig& l, bool backend_named) {
    check_liquidity(l.liquidity);
    if (!backend_named && !l.lnd_rest.empty()) l.backend = "lnd";
    if (l.backend == "fake") {
        if (!l.lnd_rest.empty()) fail("--lnd-rest is set but lightning.backend is \"fake\"");
        return;
    }
    if (l.lnd_rest.empty()) fail("the LND backend needs --lnd-rest https://host:port");
    if (l.lnd_macaroon.empty()) fail("the LND backend needs --lnd-macaroon FILE");
    net::parse_base_url(l.lnd_rest);  // Error(bad_config) naming the URL
}

keys::Network network_name(const std::string& name) {
    if (name == "mainnet") return keys::Network::mainnet;
    if (name == "testnet") return keys::Network::testnet;
    if (name == "signet") return keys::Network::signet;
    if (name == "regtest") return keys::Network::regtest;
    fail("network '" + name + "' is not mainnet, testnet, signet or regtest");
}

std::string chain_backend_name(std::string name) {
    if (name != "fake" && name != "electrum" && name != "bitcoind")
        fail("chain backend '" + name + "' is not fake, electrum or bitcoind");
    return name;
}

void apply_chain(const json& object, ChainConfig& c) {
    each_key(object, "chain", [&](const std::string& k, const json& v) {
        if (k == "backend") c.backend = chain_backend_name(text(v, k));
        else if (k == "network") c.network = network_name(text(v, k));
        else if (k == "gap_limit") c.gap_limit = number<std::uint32_t>(v, k, 1, 10'000);
        else if (k == "confirmations") c.confirmations = number<std::uint32_t>(v, k, 1, 1000);
        else if (k == "electrum") c.electrum = text(v, k);
        else if (k == "electrum_tls") c.electrum_tls = boolean(v, k);
        else if (k == "electrum_tls_cert") c.electrum_tls_cert = text(v, k);
        else if (k == "bitcoind_url") c.bitcoind_url = text(v, k);
        else if (k == "bitcoind_cookie") c.bitcoind_cookie = text(v, k);
        else if (k == "bitcoind_user") c.bitcoind_user = text(v, k);
        else if (k == "bitcoind_wallet") c.bitcoind_wallet = text(v, k);
        else if (k == "fake_block_interval_s") c.fake_block_interval_s = number<std::uint32_t>(v, k, 0, 86'400);
        else if (k == "timeout_s") c.timeout_s = number<std::uint32_t>(v, k, 1, 3600);
        else return false;
        return true;
    });
}

/// What each backend needs, checked before anything starts.
void check_chain(const ChainConfig& c) {
    if (c.backend == "electrum") {
        const auto colon = c.electrum.rfind(':');
        if (colon == std::string::npos || colon == 0 || colon + 1 == c.electrum.size())
            fail("the electrum backend needs --electrum HOST:PORT");
    }
    if (c.backend == "bitcoind") {
        if (c.bitcoind_url.empty()) fail("the bitcoind backend needs --bitcoind URL");
        if (!c.bitcoind_cookie && (c.bitcoind_user.empty() || !c.bitcoind_password))
            fail("the bitcoind backend needs --bitcoind-cookie FILE, or bitcoind_user and FLASH_BITCOIND_PASSWORD");
    }
}

std::string rates_source_name(std::string name) {
    if (name != "fake" && name != "coinbase") fail("rates source '" + name + "' is not fake or coinbase");
    return name;
}

void apply_rates(const json& object, RatesConfig& r) {
    each_key(object, "rates", [&](const std::string& k, const json& v) {
        if (k == "source") r.source = rates_source_name(text(v, k));
        else if (k == "url") r.url = text(v, k);
        else if (k == "max_age_s") r.max_age_s = number<std::uint32_t>(v, k, 1, 86'400);
        else if (k == "timeout_s") r.timeout_s = number<std::uint32_t>(v, k, 1, 300);
        else return false;
        return true;
    });
}

/// A real source is asked over HTTPS only: the rates decide how much money a typed amount is.
void check_rates(const RatesConfig& r) {
    if (r.source == "fake") return;
    if (!net::parse_base_url(r.url).tls) fail("rates.url '" + r.url + "' must be https");
}

/// Reads the JSON file into `c`; returns whether it named the Lightning backend.
bool apply_file(const std::string& path, Config& c) {
    std::ifstream in(path);
    if (!in) fail("cannot read configuration file " + path);
    std::stringstream buffer;
    buffer << in.rdbuf();
    json root;
    try {
        root = json::parse(buffer.str());
    } catch (const json::exception& e) {
        fail("configuration file " + path + " is not JSON: " + e.what());
    }
    bool backend_named = false;
    each_key(root, "config", [&](const std::string& k, const json& v) {
        if (k == "listen") parse_listen(text(v, k), c);
        else if (k == "data") c.data_dir = text(v, k);
        else if (k == "web") c.web_root = text(v, k);
        else if (k == "public_url") c.public_url = text(v, k);
        else if (k == "log_level") c.log_level = log::parse_level(text(v, k));
        else if (k == "tls") {
            each_key(v, "tls", [&](const std::string& tk, const json& tv) {
                if (tk == "cert") c.tls_cert = text(tv, tk);
                else if (tk == "key") c.tls_key = text(tv, tk);
                else return false;
                return true;
            });
        } else if (k == "limits") apply_limits(v, c.limits);
        else if (k == "relay") apply_relay(v, c.relay);
        else if (k == "mint") apply_mint(v, c.mint);
        else if (k == "lightning") backend_named = apply_lightning(v, c.lightning);
        else if (k == "chain") apply_chain(v, c.chain);
        else if (k == "rates") apply_rates(v, c.rates);
        else return false;
        return true;
    });
    return backend_named;
}

/// One setting that the environment and the command line both know.
struct Setting {
    const char* flag;
    const char* variable;
    void (*apply)(Config&, const std::string&);
};

const Setting settings[] = {
    {"--listen", "FLASH_LISTEN", [](Config& c, const std::string& v) { parse_listen(v, c); }},
    {"--data", "FLASH_DATA", [](Config& c, const std::string& v) { c.data_dir = v; }},
    {"--web", "FLASH_WEB", [](Config& c, const std::string& v) { c.web_root = v; }},
    {"--tls-cert", "FLASH_TLS_CERT", [](Config& c, const std::string& v) { c.tls_cert = v; }},
    {"--tls-key", "FLASH_TLS_KEY", [](Config& c, const std::string& v) { c.tls_key = v; }},
    {"--public-url", "FLASH_PUBLIC_URL", [](Config& c, const std::string& v) { c.public_url = v; }},
    {"--log-level", "FLASH_LOG_LEVEL", [](Config& c, const std::string& v) { c.log_level = log::parse_level(v); }},
    {"--lnd-rest", "FLASH_LND_REST", [](Config& c, const std::string& v) { c.lightning.lnd_rest = v; }},
    {"--lnd-macaroon", "FLASH_LND_MACAROON", [](Config& c, const std::string& v) { c.lightning.lnd_macaroon = v; }},
    {"--lnd-tls-cert", "FLASH_LND_TLS_CERT", [](Config& c, const std::string& v) { c.lightning.lnd_tls_cert = v; }},
    {"--electrum", "FLASH_ELECTRUM", [](Config& c, const std::string& v) {
         c.chain.backend = "electrum";
         c.chain.electrum = v;
     }},
    {"--electrum-tls-cert", "FLASH_ELECTRUM_TLS_CERT", [](Config& c, const std::string& v) { c.chain.electrum_tls_cert = v; }},
    {"--bitcoind", "FLASH_BITCOIND", [](Config& c, const std::string& v) {
         c.chain.backend = "bitcoind";
         c.chain.bitcoind_url = v;
     }},
    {"--bitcoind-cookie", "FLASH_BITCOIND_COOKIE", [](Config& c, const std::string& v) { c.chain.bitcoind_cookie = v; }},
    {"--rates", "FLASH_RATES", [](Config& c, const std::string& v) { c.rates.source = rates_source_name(v); }},
};

/// A flag without a value; its variable turns it on with "1" or "true".
struct Switch {
    const char* flag;
    const char* variable;
    void (*apply)(Config&);
};

const Switch switches[] = {
    {"--electrum-tls", "FLASH_ELECTRUM_TLS", [](Config& c) { c.chain.electrum_tls = true; }},
};

bool switch_value(const char* variable, const std::string& value) {
    if (value == "1" || value == "true") return true;
    if (value == "0" || value == "false" || value.empty()) return false;
    fail(std::string(variable) + " must be 1, true, 0 or false");
}

}  // namespace

std::string Config::relay_url() const {
    if (!public_url.empty()) return public_url;
    const bool v6 = host.find(':') != std::string::npos;
    return std::string(tls() ? "wss://" : "ws://") + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port) + "/";
}

std::string usage() {
    return "usage: flash-node [--listen HOST:PORT] [--data DIR] [--config FILE] [--web DIR]\n"
           "                  [--tls-cert PEM --tls-key PEM] [--public-url URL] [--log-level LEVEL]\n"
           "                  [--lnd-rest https://HOST:PORT --lnd-macaroon FILE [--lnd-tls-cert PEM]]\n"
           "                  [--electrum HOST:PORT [--electrum-tls] [--electrum-tls-cert PEM]]\n"
           "                  [--bitcoind URL [--bitcoind-cookie FILE]] [--rates fake|coinbase]\n"
           "Each flag also reads from the environment (FLASH_LISTEN, FLASH_DATA, FLASH_CONFIG, FLASH_WEB,\n"
           "FLASH_TLS_CERT, FLASH_TLS_KEY, FLASH_PUBLIC_URL, FLASH_LOG_LEVEL, FLASH_LND_REST,\n"
           "FLASH_LND_MACAROON, FLASH_LND_TLS_CERT, FLASH_ELECTRUM,\n"
           "FLASH_ELECTRUM_TLS=1, FLASH_ELECTRUM_TLS_CERT, FLASH_BITCOIND, FLASH_BITCOIND_COOKIE, FLASH_RATES;\n"
           "FLASH_BITCOIND_PASSWORD only there); flags win over the\n"
           "environment, which wins over the JSON file, which wins over the defaults\n"
           "(127.0.0.1:8080, ./data, ./build/web, fake Lightning). --lnd-rest switches to LND;\n"
           "--lnd-tls-cert pins LND's tls.cert. Electrum and bitcoind run on mainnet unless the file sets\n"
           "chain.network = \"testnet\", \"signet\" or \"regtest\". Exchange rates are fixed fake figures unless\n"
           "--rates coinbase asks Coinbase's public API (at most every rates.max_age_s = 60 s).\n";
}

ConfigResult load_config(const std::vector<std::string>& args,
                         const std::function<std::optional<std::string>(const char*)>& environment) {
    ConfigResult result;
    // The file first, wherever it was named, so that flags and variables override it.
    std::optional<std::string> file = environment("FLASH_CONFIG");
    for (std::size_t i = 0; i + 1 < args.size(); ++i) {
        if (args[i] == "--config") file = args[i + 1];
    }
    bool backend_named = false;
    if (file) backend_named = apply_file(*file, result.config);
    // A secret: from the environment only, so that it shows in neither `ps` nor a config file.
    if (auto passphrase = environment("FLASH_MINT_PASSPHRASE")) {
        if (passphrase->empty()) fail("FLASH_MINT_PASSPHRASE is empty");
        result.config.mint.passphrase = std::move(*passphrase);
    }
    if (auto password = environment("FLASH_BITCOIND_PASSWORD")) result.config.chain.bitcoind_password = std::move(*password);
    for (const Setting& s : settings) {
        if (auto value = environment(s.variable)) s.apply(result.config, *value);
    }
    for (const Switch& s : switches) {
        if (auto value = environment(s.variable); value && switch_value(s.variable, *value)) s.apply(result.config);
    }
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--help" || args[i] == "-h") {
            result.help = true;
            continue;
        }
        const Switch* on = std::find_if(std::begin(switches), std::end(switches),
                                        [&](const Switch& s) { return args[i] == s.flag; });
        if (on != std::end(switches)) {
            on->apply(result.config);
            continue;
        }
        bool known = args[i] == "--config";
        for (const Setting& s : settings) {
            if (args[i] == s.flag) {
                if (i + 1 >= args.size()) fail(args[i] + " needs a value");
                s.apply(result.config, args[i + 1]);
                known = true;
            }
        }
        if (!known) fail("unknown argument '" + args[i] + "'");
        ++i;  // skip the value (--config's was read above)
        if (i >= args.size()) fail(args[i - 1] + " needs a value");
    }
    if (result.config.tls_cert.has_value() != result.config.tls_key.has_value()) {
        fail("TLS needs both --tls-cert and --tls-key");
    }
    check_lightning(result.config.lightning, backend_named);
    check_chain(result.config.chain);
    check_rates(result.config.rates);
    return result;
}

}  // namespace flash::node
