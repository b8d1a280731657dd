#include "node/node.hpp"

#include <csignal>
#include <filesystem>

#include "core/codec/hex.hpp"
#include "core/error.hpp"
#include "node/api/api_routes.hpp"
#include "node/api/lnurl_pay_routes.hpp"
#include "node/bitcoin/chain_network.hpp"
#include "node/bitcoin/chain_service.hpp"
#include "node/lightning/lightning_accounts.hpp"
#include "node/lightning/lightning_addresses.hpp"
#include "node/lightning/liquidity_metrics.hpp"
#include "node/lightning/liquidity_watch.hpp"
#include "node/lightning/make_backend.hpp"
#include "node/merchant/btcpay/btcpay_merchants.hpp"
#include "node/merchant/cards/card_issuer.hpp"
#include "node/merchant/cards/card_registry.hpp"
#include "node/merchant/cards/card_withdraw.hpp"
#include "node/merchant/rewards/rewards.hpp"
#include "node/mint/mint_service.hpp"
#include "node/rates/make_rate_source.hpp"
#include "node/rates/rate_service.hpp"
#include "node/relay/relay.hpp"
#include "node/server/key_file.hpp"
#include "node/server/log.hpp"
#include "node/server/node_routes.hpp"
#include "node/server/server.hpp"
#include "node/server/static_files.hpp"

namespace flash::node {
namespace {

std::int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string absolute(const std::string& path) {
    std::error_code ec;
    const auto full = std::filesystem::absolute(path, ec);
    return ec ? path : full.lexically_normal().string();
}

}  // namespace

int run_node(const Config& given, const std::function<void(std::uint16_t port)>& on_listening) {
    Config config = given;
    std::error_code ec;
    std::filesystem::create_directories(config.data_dir, ec);
    if (ec) throw Error(Errc::bad_config, "cannot create data directory " + config.data_dir + ": " + ec.message());
    const crypto::SecretKey relay_key = load_or_create_key_file(config.data_dir, "relay.key");

    // The metrics outlive the I/O loop: a handler the loop holds (a connection's coroutine) counts
    // itself out of them when it is destroyed, and the loop destroys what it still holds last.
    Metrics metrics;
    asio::io_context io(1);
    Server server(io, config, metrics);
    server.start();
    // Port 0 asks the system for a free port; clients (and NIP-42) need the real one.
    config.port = server.local_endpoint().port();
    const std::string relay_url = config.relay_url();

    relay::Relay relay(config, relay_url, metrics, open_sqlite_store(config.data_dir),
                       open_sqlite_store(config.data_dir), io, relay_key);
    const std::unique_ptr<lightning::LightningBackend> lightning = lightning::make_backend(config.lightning, config.data_dir);
    mint::MintService mint(config, io, metrics, *lightning);
    bitcoin::ChainService chain(config);  // deposits: its own worker thread, never the I/O thread
    lightning::Liquidity liquidity(*lightning, config.lightning.liquidity);
    lightning::register_liquidity_metrics(metrics, liquidity);
    lightning::LiquidityWatch liquidity_watch(liquidity);
    lightning::LightningAccounts accounts(*lightning, open_sqlite_store(config.data_dir), unix_now);
    accounts.set_route_check([&liquidity](std::uint64_t amount_msat, std::uint64_t max_fee_msat) {
        try {
            liquidity.check_payable(amount_msat, max_fee_msat);
        } catch (const lightning::LiquidityError& e) {
            throw lightning::AccountError(lightning::AccountErrc::no_route, e.what());
        }
    });
    std::vector<std::string> api_origins;
    if (!config.public_url.empty()) api_origins.push_back(api::http_origin_of(config.public_url));
    api::RequestAuthenticator api_auth(config.tls() ? "https" : "http", api_origins);
    api::ChainRoutes chain_routes(chain, open_sqlite_store(config.data_dir), unix_now);
    // Used on the API's worker thread, so declared before the API (which joins it when destroyed).
    merchant::btcpay::BtcpayMerchants btcpay(open_sqlite_store(config.data_dir),
                                             merchant::btcpay::MerchantSecrets::load(config.data_dir), unix_now);
    api::MerchantRoutes merchant_routes(btcpay);
    // Flash Cards and rewards: on the I/O thread, with the Lightning accounts a card pays through.
    const merchant::cards::CardIssuer card_issuer = merchant::cards::CardIssuer::load(config.data_dir);
    merchant::cards::CardRegistry card_registry(card_issuer, open_sqlite_store(config.data_dir), unix_now);
    merchant::cards::CardWithdraw card_withdraw(card_issuer, accounts, open_sqlite_store(config.data_dir), unix_now);
    merchant::rewards::Rewards rewards(open_sqlite_store(config.data_dir),
                                       open_sqlite_store(config.data_dir, sqlite_mint_file), unix_now);
    rewards.settle();  // payments a stop interrupted before their reward
    card_withdraw.set_on_paid([&rewards] { rewards.settle(); });
    const std::string api_scheme = config.tls() ? "https" : "http";
    const std::string public_origin = api_origins.empty() ? "" : api_origins.front();
    api::CardRoutes card_routes(card_registry, accounts, api_scheme, public_origin);
    api::CardLnurlRoutes card_lnurl_routes(card_withdraw, api_scheme, public_origin);
    api::RewardRoutes reward_routes(rewards);
    rates::RateService rates(rates::make_rate_source(config.rates), std::chrono::seconds(config.rates.max_age_s), unix_now);
    rates.current();  // the first fetch starts now, so that the app's first request finds rates
    api::RateRoutes rate_routes(rates);
    api::DemoCardRoutes demo_card_routes(card_registry, *lightning, api_scheme, public_origin);  // fake Lightning only
    // Lightning addresses: on the I/O thread, with the Lightning accounts their invoices credit.
    lightning::LightningAddresses addresses(accounts, open_sqlite_store(config.data_dir), unix_now);
    api::LightningAddressRoutes address_routes(addresses, api_scheme, public_origin);
    api::LnurlPayRoutes lnurl_pay_routes(addresses, api_scheme, public_origin);
    api::ApiRoutes api(api::NodeInfo{std::string(bitcoin::network_name(chain.network())), lightning->name(), chain.backend().name(),
                                     chain.required_confirmations()},
                       api_auth, accounts, chain_routes, metrics, unix_now);
    api.set_liquidity_report([&liquidity] { return lightning::report_json(liquidity.report()); });
    api.set_merchant_routes(merchant_routes);
    api.set_card_routes(card_routes, card_lnurl_routes, reward_routes);
    api.set_rate_routes(rate_routes);
    api.set_demo_card_routes(demo_card_routes);
    api.set_address_routes(address_routes);
    NodeRoutes node_routes(metrics);
    StaticFiles web(config.web_root);
    server.add(node_routes);
    server.add(relay);  // before the PWA: GET / with Accept: application/nostr+json is NIP-11
    server.add(mint.routes());
    server.add(api);
    server.add(lnurl_pay_routes);
    server.add(web);
    server.add_websocket(relay);
    server.add_websocket(mint.websocket());
    relay.start_maintenance();
    mint.start();
    accounts.start(io);
    liquidity_watch.start(io);
    chain.start();

    const std::string scheme = config.tls() ? "https://" : "http://";
    log::info("flash-node listening",
              {{"address", scheme + config.host + ":" + std::to_string(config.port) + "/"},
               {"relay", relay_url},
               {"relay_pubkey", codec::hex_encode(relay.pubkey())},
               {"mint", scheme + config.host + ":" + std::to_string(config.port)},
               {"lightning", lightning->name()},
               {"chain", chain.backend().name()},
               {"rates", rates.source_name()},
               {"data", absolute(config.data_dir)},
               {"web", absolute(config.web_root)},
               {"web_built", std::filesystem::exists(std::filesystem::path(config.web_root) / "index.html")}});

    asio::signal_set signals(io, SIGINT, SIGTERM);
    asio::steady_timer deadline(io);
    signals.async_wait([&](const boost::system::error_code& error, int signal) {
        if (error) return;
        log::info("stopping", {{"signal", signal == SIGINT ? "SIGINT" : "SIGTERM"}});
        server.stop_accepting();
        mint.stop();
        accounts.stop();
        liquidity_watch.stop();
        // The chain worker is not stopped here: it may be inside a backend call (up to its timeout)
        // and must not hold up the I/O thread; ChainService's destructor stops it after io.run().
        // Every EVENT already received is stored and answered before the WebSockets close.
        relay.drain([&] { server.close_websockets(); });
        deadline.expires_after(config.limits.shutdown_grace);
        deadline.async_wait([&](const boost::system::error_code& e) {
            if (!e) {
                log::warn("shutdown grace period over, cutting remaining connections");
                io.stop();
            }
        });
        // The deadline timer would keep run() alive: stop waiting once every connection is gone.
        server.on_idle([&] { deadline.cancel(); });
    });
    if (on_listening) on_listening(config.port);
    io.run();
    // Connections the grace period left open are cut here, and the loop runs until their
    // coroutines have ended: none may outlive the services it uses (relay, API, metrics), which
    // are destroyed when this function returns.
    server.cut_connections();
    io.restart();
    server.on_idle([&] { io.stop(); });
    io.run();
    log::info("stopped");
    return 0;
}

}  // namespace flash::node
