#include "node/bitcoin/make_chain_backend.hpp"

#include <charconv>

#include "core/error.hpp"
#include "node/bitcoin/bitcoind_backend.hpp"
#include "node/bitcoin/electrum_backend.hpp"
#include "node/bitcoin/fake_chain.hpp"

namespace flash::node::bitcoin {
namespace {

/// "host:port" or "[v6]:port".
void parse_server(const std::string& text, ElectrumOptions& options) {
    const auto colon = text.rfind(':');
    std::string host = colon == std::string::npos ? "" : text.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    unsigned port = 0;
    const char* begin = text.data() + (colon == std::string::npos ? text.size() : colon + 1);
    const char* end = text.data() + text.size();
    const auto [stop, ec] = std::from_chars(begin, end, port);
    if (host.empty() || ec != std::errc{} || stop != end || port == 0 || port > 65535)
        throw Error(Errc::bad_config, "electrum server '" + text + "' is not host:port");
    options.host = host;
    options.port = static_cast<std::uint16_t>(port);
}

}  // namespace

std::unique_ptr<ChainBackend> make_chain_backend(const ChainConfig& config, keys::Network network,
                                                 const std::string& data_dir) {
    if (config.backend == "electrum") {
        ElectrumOptions options;
        parse_server(config.electrum, options);
        options.tls = config.electrum_tls;
        options.pinned_cert_file = config.electrum_tls_cert;
        options.timeout = std::chrono::seconds(config.timeout_s);
        return std::make_unique<ElectrumBackend>(std::move(options));
    }
    if (config.backend == "bitcoind") {
        BitcoindOptions options;
        options.url = config.bitcoind_url;
        options.cookie_file = config.bitcoind_cookie;
        options.user = config.bitcoind_user;
        options.password = config.bitcoind_password;
        options.wallet = config.bitcoind_wallet;
        options.timeout = std::chrono::seconds(config.timeout_s);
        return std::make_unique<BitcoindBackend>(std::move(options), network);
    }
    if (config.backend != "fake") throw Error(Errc::bad_config, "chain backend '" + config.backend + "' is not available");
    return std::make_unique<FakeChain>(data_dir, network, std::chrono::seconds(config.fake_block_interval_s));
}

}  // namespace flash::node::bitcoin
