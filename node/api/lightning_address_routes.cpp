#include "node/api/lightning_address_routes.hpp"

#include "node/api/api_error.hpp"
#include "node/api/json_body.hpp"
#include "node/api/request_origin.hpp"

namespace flash::node::api {
namespace {

using lightning::AddressErrc;
using lightning::AddressError;

nlohmann::json address_json(const LightningAddressRecord& record, std::string_view host) {
    return {{"name", record.name}, {"address", record.name + "@" + std::string(host)}, {"created_at", record.created_at}};
}

}  // namespace

http::status address_error_status(AddressErrc code) noexcept {
    switch (code) {
        case AddressErrc::bad_name: return http::status::bad_request;
        case AddressErrc::name_taken:
        case AddressErrc::has_address: return http::status::conflict;
        case AddressErrc::no_address:
        case AddressErrc::unknown_name: return http::status::not_found;
    }
    return http::status::bad_request;
}

LightningAddressRoutes::LightningAddressRoutes(lightning::LightningAddresses& addresses, std::string scheme,
                                               std::string public_origin)
    : addresses_(addresses), scheme_(std::move(scheme)), public_origin_(std::move(public_origin)) {}

Response LightningAddressRoutes::handle(const Request& request, const std::string& user) {
    try {
        return dispatch(request, user);
    } catch (const AddressError& e) {
        return api_error_response(request, address_error_status(e.code()), lightning::address_errc_name(e.code()), e.what());
    } catch (const std::exception& e) {
        return exception_response(request, e);
    }
}

Response LightningAddressRoutes::dispatch(const Request& request, const std::string& user) {
    const std::string origin = request_origin(request, scheme_, public_origin_);
    const std::string_view host = origin_host(origin);
    switch (request.method()) {
        case http::verb::get: {
            const auto held = addresses_.of(user);
            if (!held) throw AddressError(AddressErrc::no_address, "this account holds no name");
            return json_response(request, http::status::ok, address_json(*held, host));
        }
        case http::verb::post: {
            const nlohmann::json body = object_body(request);
            return json_response(request, http::status::ok, address_json(addresses_.claim(user, required_text(body, "name")), host));
        }
        case http::verb::delete_:
            return json_response(request, http::status::ok, address_json(addresses_.release(user), host));
        default: throw ApiError(http::status::method_not_allowed, "method_not_allowed", "method not allowed here");
    }
}

}  // namespace flash::node::api
