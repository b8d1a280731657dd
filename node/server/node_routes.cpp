#include "node/server/node_routes.hpp"

namespace flash::node {

std::optional<Response> NodeRoutes::handle(const Request& request, const ClientInfo&) {
    const std::string_view path = target_path(request.target());
    if (path != "/healthz" && path != "/metrics") return std::nullopt;
    if (request.method() != http::verb::get && request.method() != http::verb::head) {
        Response response = error_response(request, http::status::method_not_allowed, "use GET");
        response.set(http::field::allow, "GET, HEAD");
        return response;
    }
    Response response = path == "/healthz"
                            ? json_response(request, http::status::ok, {{"status", "ok"}})
                            : make_response(request, http::status::ok, metrics_.render(),
                                            "text/plain; version=0.0.4; charset=utf-8");
    response.set(http::field::cache_control, "no-store");
    return response;
}

}  // namespace flash::node
