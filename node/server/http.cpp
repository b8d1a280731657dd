#include "node/server/http.hpp"

namespace flash::node {

Response make_response(const Request& request, http::status status, std::string body, std::string_view content_type) {
    Response response{status, request.version()};
    response.set(http::field::content_type, content_type);
    response.body() = std::move(body);
    return response;
}

Response json_response(const Request& request, http::status status, const nlohmann::json& body) {
    return make_response(request, status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                         "application/json");
}

Response error_response(const Request& request, http::status status, std::string_view message) {
    return json_response(request, status, {{"error", message}});
}

std::string_view target_path(std::string_view target) noexcept {
    return target.substr(0, target.find_first_of("?#"));
}

std::string_view target_query(std::string_view target) noexcept {
    const std::size_t mark = target.find_first_of("?#");
    if (mark == std::string_view::npos || target[mark] == '#') return {};
    const std::string_view query = target.substr(mark + 1);
    return query.substr(0, query.find('#'));
}

}  // namespace flash::node
