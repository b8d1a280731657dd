#include "node/api/demo_card_routes.hpp"

#include "node/api/api_error.hpp"
#include "node/api/card_lnurl_routes.hpp"
#include "node/api/card_routes.hpp"
#include "node/api/request_origin.hpp"
#include "node/lightning/fake_backend.hpp"
#include "node/server/log.hpp"

namespace flash::node::api {
namespace {

constexpr std::string_view demo_cards_path = "/api/v1/fake/cards/";
constexpr std::string_view tap_suffix = "/tap";

}  // namespace

DemoCardRoutes::DemoCardRoutes(merchant::cards::CardRegistry& registry, const lightning::LightningBackend& lightning,
                               std::string scheme, std::string public_origin)
    : registry_(registry),
      demo_(dynamic_cast<const lightning::FakeLightningBackend*>(&lightning) != nullptr),
      scheme_(std::move(scheme)),
      public_origin_(std::move(public_origin)) {}

bool DemoCardRoutes::serves(std::string_view path) { return path.starts_with(demo_cards_path); }

Response DemoCardRoutes::handle(const Request& request, std::string_view path, const std::string& user) {
    try {
        return tap(request, path, user);
    } catch (const merchant::cards::CardError& e) {
        return card_error_response(request, e);
    } catch (const std::exception& e) {
        return exception_response(request, e);
    }
}

Response DemoCardRoutes::tap(const Request& request, std::string_view path, const std::string& user) {
    if (!demo_)
        throw ApiError(http::status::not_found, "not_found",
                       "Lightning is real here: only a real card taps, there are no simulated taps");
    std::string_view id = path.substr(demo_cards_path.size());
    if (!id.ends_with(tap_suffix)) throw ApiError(http::status::not_found, "not_found", "no such API route");
    id.remove_suffix(tap_suffix.size());
    if (id.empty() || id.find('/') != std::string_view::npos)
        throw ApiError(http::status::not_found, "not_found", "no such API route");
    if (request.method() != http::verb::post)
        throw ApiError(http::status::method_not_allowed, "method_not_allowed", "method not allowed here");

    const merchant::cards::SimulatedTap tap = registry_.simulate_tap(user, std::string(id));
    const std::string url = CardLnurlRoutes::lnurlw_base(request_origin(request, scheme_, public_origin_)) +
                            "?p=" + tap.params.p + "&c=" + tap.params.c;
    log::info("simulated card tap", {{"card", tap.card_id}, {"counter", tap.counter}});
    return json_response(request, http::status::ok,
                         {{"card_id", tap.card_id}, {"counter", tap.counter}, {"url", url}, {"simulated", true}});
}

}  // namespace flash::node::api
