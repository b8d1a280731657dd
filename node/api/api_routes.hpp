// The node's own API under /api/v1 (contract in node/api/README.md), NIP-98 authenticated.
//
// Threads: Lightning routes are answered in handle(), on the server's I/O thread, where the
// Lightning backend lives (like the mint's). Routes that touch the chain or a merchant's BTCPay
// Server (a call can block for seconds) are only authenticated in handle(); settle() then runs them
// on the API's own worker thread and resumes the connection with the answer, so the I/O thread
// never waits for them. The BTCPay webhook is one route without NIP-98 (merchant_routes.hpp); the
// Flash Cards' LNURL-withdraw routes are the others (card_lnurl_routes.hpp): cards and rewards are
// answered on the I/O thread, since a card pays through the Lightning accounts.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "node/api/card_lnurl_routes.hpp"
#include "node/api/card_routes.hpp"
#include "node/api/chain_routes.hpp"
#include "node/api/demo_card_routes.hpp"
#include "node/api/lightning_address_routes.hpp"
#include "node/api/merchant_routes.hpp"
#include "node/api/rate_routes.hpp"
#include "node/api/request_auth.hpp"
#include "node/api/reward_routes.hpp"
#include "node/lightning/lightning_accounts.hpp"
#include "node/server/http.hpp"
#include "node/server/metrics.hpp"

namespace flash::node::api {

/// What GET /api/v1/info says about the node (no authentication).
struct NodeInfo {
    std::string network;    ///< the chain's network: "regtest", "testnet", "signet", "mainnet"
    std::string lightning;  ///< the Lightning backend: "fake" or "lnd"
    std::string chain;      ///< the chain backend: "fake", "electrum" or "bitcoind"
    std::uint32_t confirmations = 1;
};

class ApiRoutes final : public HttpService {
public:
    /// Everything given must outlive the routes. `now_s` is the clock (unix seconds).
    ApiRoutes(NodeInfo info, RequestAuthenticator& auth, lightning::LightningAccounts& accounts, ChainRoutes& chain,
              Metrics& metrics, std::function<std::int64_t()> now_s);
    ~ApiRoutes() override;

    /// Sets the handler of GET /api/v1/liquidity (the liquidity report as JSON); 404 until set.
    void set_liquidity_report(std::function<nlohmann::json()> report) { liquidity_ = std::move(report); }
    /// Serves /api/v1/merchant/btcpay/... with `merchant` (which must outlive the routes and is
    /// used on the worker thread only); 404 until set.
    void set_merchant_routes(MerchantRoutes& merchant) { merchant_ = &merchant; }
    /// Serves /api/v1/cards/... (the holder's routes and the cards' LNURL routes) and
    /// /api/v1/merchant/rewards/... with these (which must outlive the routes; used on the I/O
    /// thread); 404 until set.
    void set_card_routes(CardRoutes& cards, CardLnurlRoutes& card_lnurl, RewardRoutes& rewards) {
        cards_ = &cards;
        card_lnurl_ = &card_lnurl;
        rewards_ = &rewards;
    }

    /// Serves /api/v1/lightning/address with `addresses` (which must outlive the routes; used on
    /// the I/O thread); 404 until set.
    void set_address_routes(LightningAddressRoutes& addresses) { addresses_ = &addresses; }

    /// Serves /api/v1/fake/cards/... (simulated card taps for the demo) with `demo` (which must
    /// outlive the routes; used on the I/O thread); 404 until set.
    void set_demo_card_routes(DemoCardRoutes& demo) { demo_cards_ = &demo; }

    /// Serves GET /api/v1/rates (no authentication) with `rates`, which must outlive the routes;
    /// 404 until set.
    void set_rate_routes(RateRoutes& rates) { rates_ = &rates; }

    std::optional<Response> handle(const Request& request, const ClientInfo& client) override;
    asio::awaitable<Response> settle(const Request& request, Response response) override;

private:
    Response dispatch(const Request& request, std::string_view path);

    NodeInfo info_;
    RequestAuthenticator& auth_;
    lightning::LightningAccounts& accounts_;
    ChainRoutes& chain_;
    std::function<std::int64_t()> now_s_;
    std::function<nlohmann::json()> liquidity_;
    MerchantRoutes* merchant_ = nullptr;
    CardRoutes* cards_ = nullptr;
    CardLnurlRoutes* card_lnurl_ = nullptr;
    RewardRoutes* rewards_ = nullptr;
    RateRoutes* rates_ = nullptr;
    DemoCardRoutes* demo_cards_ = nullptr;
    LightningAddressRoutes* addresses_ = nullptr;
    Counter& requests_;
    Counter& refused_;
    asio::thread_pool worker_{1};
};

}  // namespace flash::node::api
