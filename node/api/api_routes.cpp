#include "node/api/api_routes.hpp"

#include "node/api/api_error.hpp"
#include "node/api/lightning_routes.hpp"

namespace flash::node::api {
namespace {

constexpr std::string_view api_prefix = "/api/v1/";

/// The status handle() gives an authenticated request that settle() must run on the worker. No
/// final answer ever has it (1xx), so it cannot be confused with one.
constexpr http::status deferred = http::status::processing;

}  // namespace

ApiRoutes::ApiRoutes(NodeInfo info, RequestAuthenticator& auth, lightning::LightningAccounts& accounts,
                     ChainRoutes& chain, Metrics& metrics, std::function<std::int64_t()> now_s)
    : info_(std::move(info)),
      auth_(auth),
      accounts_(accounts),
      chain_(chain),
      now_s_(std::move(now_s)),
      requests_(metrics.counter("flash_api_requests_total", "Requests to /api/v1")),
      refused_(metrics.counter("flash_api_refused_total", "Requests to /api/v1 answered with an error")) {}

ApiRoutes::~ApiRoutes() { worker_.join(); }

std::optional<Response> ApiRoutes::handle(const Request& request, const ClientInfo&) {
    const std::string_view path = target_path(request.target());
    if (!path.starts_with(api_prefix)) return std::nullopt;
    requests_.add();
    Response response = dispatch(request, path);
    if (response.result_int() >= 400) refused_.add();
    return response;
}

Response ApiRoutes::dispatch(const Request& request, std::string_view path) {
    try {
        if (path == "/api/v1/info") {
            if (request.method() != http::verb::get)
                throw ApiError(http::status::method_not_allowed, "method_not_allowed", "method not allowed here");
            return json_response(request, http::status::ok,
                                 {{"network", info_.network},
                                  {"lightning", info_.lightning},
                                  {"chain", info_.chain},
                                  {"fake", info_.lightning == "fake" || info_.chain == "fake"},
                                  {"confirmations", info_.confirmations}});
        }
        const bool merchant = merchant_ && MerchantRoutes::serves(path);
        if (merchant && MerchantRoutes::is_webhook(path)) return Response{deferred, request.version()};
        if (card_lnurl_ && CardLnurlRoutes::serves(path)) return card_lnurl_->handle(request, path);
        if (rates_ && RateRoutes::serves(path)) return rates_->handle(request);
        const std::int64_t now = now_s_();
        const std::string user = auth_.authenticate(request, now);
        if (ChainRoutes::serves(path) || merchant) {
            Response marker{deferred, request.version()};
            marker.body() = user;
            return marker;
        }
        if (auto answer = lightning_route(accounts_, request, path, user, now)) return std::move(*answer);
        if (addresses_ && LightningAddressRoutes::serves(path)) return addresses_->handle(request, user);
        if (cards_ && CardRoutes::serves(path)) return cards_->handle(request, path, user);
        if (demo_cards_ && DemoCardRoutes::serves(path)) return demo_cards_->handle(request, path, user);
        if (rewards_ && RewardRoutes::serves(path)) return rewards_->handle(request, path, user);
        if (path == "/api/v1/liquidity" && liquidity_) {
            if (request.method() != http::verb::get)
                throw ApiError(http::status::method_not_allowed, "method_not_allowed", "method not allowed here");
            return json_response(request, http::status::ok, liquidity_());
        }
        throw ApiError(http::status::not_found, "not_found", "no such API route");
    } catch (const std::exception& e) {
        return exception_response(request, e);
    }
}

asio::awaitable<Response> ApiRoutes::settle(const Request& request, Response response) {
    if (response.result() != deferred) co_return response;
    const std::string user = std::move(response.body());
    Response answer = co_await asio::co_spawn(
        worker_,
        [this, &request, &user]() -> asio::awaitable<Response> {
            const std::string_view path = target_path(request.target());
            if (merchant_ && MerchantRoutes::serves(path)) co_return merchant_->handle(request, path, user);
            co_return chain_.handle(request, path, user);
        },
        asio::use_awaitable);
    if (answer.result_int() >= 400) refused_.add();
    co_return answer;
}

}  // namespace flash::node::api
