// The HTTP types every service of flash-node speaks, and the small helpers they share.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "node/server/asio.hpp"

namespace flash::node {

using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

/// What the server knows about the other end of a request.
struct ClientInfo {
    std::string ip;  ///< the peer's address as text ("127.0.0.1", "::1")
};

/// A response with `body` and its content type; the server adds the common headers
/// (Server, COOP/COEP, CORS, keep-alive) and the length.
Response make_response(const Request& request, http::status status, std::string body, std::string_view content_type);
/// application/json.
Response json_response(const Request& request, http::status status, const nlohmann::json& body);
/// {"error": message} with `status`: the node's own error format outside the protocols that
/// define theirs (NOSTR, Cashu).
Response error_response(const Request& request, http::status status, std::string_view message);

/// The path of a request target without query or fragment ("/v1/keys?x=1" -> "/v1/keys").
std::string_view target_path(std::string_view target) noexcept;
/// The query of a request target without '?' and fragment ("/x?a=1#f" -> "a=1"), "" when none.
std::string_view target_query(std::string_view target) noexcept;

/// A part of the node that answers some HTTP requests (the relay's NIP-11 document, the static
/// PWA, the mint's /v1/...). Called on the server's I/O thread; must not block for long.
class HttpService {
public:
    virtual ~HttpService() = default;
    /// The response, or nullopt when the request is not for this service.
    virtual std::optional<Response> handle(const Request& request, const ClientInfo& client) = 0;

    /// Awaited after handle() answered and before the answer is written: a service whose answers
    /// report durable state waits here for it (the mint commits many requests with one fsync).
    /// Returns what to write: `response`, or an error when that state could not be made durable.
    virtual asio::awaitable<Response> settle(const Request& request, Response response) {
        static_cast<void>(request);
        co_return response;
    }
};

}  // namespace flash::node
