#include "node/bitcoin/bitcoind_rpc.hpp"

#include <fstream>
#include <limits>
#include <sstream>

#include "core/codec/base64.hpp"
#include "node/bitcoin/chain_backend.hpp"

namespace flash::node::bitcoin {
namespace {

using nlohmann::json;

net::HttpClientOptions http_options(const BitcoindOptions& options) {
    net::HttpClientOptions http;
    http.url = options.url;
    http.timeout = options.timeout;
    http.max_body_bytes = 64 * 1024 * 1024;  // listunspent of a busy wallet
    return http;
}

[[noreturn]] void malformed(const std::string& method, const std::string& what) {
    throw ChainError(ChainErrc::bad_response, "bitcoind " + method + ": " + what);
}

}  // namespace

BitcoindRpc::BitcoindRpc(const BitcoindOptions& options) : options_(options), http_(http_options(options)) {}

std::string BitcoindRpc::authorization() const {
    std::string credentials;
    if (options_.cookie_file) {
        // bitcoind writes a new cookie ("__cookie__:<password>") every time it starts.
        std::ifstream in(*options_.cookie_file);
        if (!in || !std::getline(in, credentials) || credentials.find(':') == std::string::npos)
            throw ChainError(ChainErrc::unavailable, "cannot read bitcoind's cookie file " + *options_.cookie_file);
    } else {
        credentials = options_.user + ":" + options_.password.value_or("");
    }
    return "Basic " + codec::base64_encode(as_bytes(credentials));
}

json BitcoindRpc::call(const std::string& method, json params, bool wallet) const {
    net::HttpRequest request;
    request.method = "POST";
    request.target = wallet ? "/wallet/" + net::percent_encode(options_.wallet) : "/";
    request.headers = {{"Authorization", authorization()}, {"Content-Type", "application/json"}};
    request.body = json{{"jsonrpc", "1.0"}, {"id", "flash"}, {"method", method}, {"params", std::move(params)}}.dump();
    net::HttpResponse response;
    try {
        response = http_.request(request);
    } catch (const net::HttpError& e) {
        throw ChainError(e.code() == net::HttpErrc::timeout ? ChainErrc::timeout : ChainErrc::unavailable,
                         "bitcoind " + method + ": " + e.what());
    }
    if (response.status == 401 || response.status == 403)
        throw ChainError(ChainErrc::unavailable, "bitcoind refused the RPC credentials");
    // Errors come with 404 (unknown method) or 500, and a JSON-RPC body either way.
    const json body = json::parse(response.body, nullptr, /*allow_exceptions=*/false);
    if (body.is_discarded() || !body.is_object())
        malformed(method, "HTTP " + std::to_string(response.status) + " without a JSON-RPC body");
    const auto error = body.find("error");
    if (error != body.end() && !error->is_null()) {
        const auto code = error->is_object() ? error->find("code") : error->end();
        const auto message = error->is_object() ? error->find("message") : error->end();
        if (code == error->end() || !code->is_number_integer() || message == error->end() || !message->is_string())
            malformed(method, "an error without code and message");
        const std::int64_t value = code->get<std::int64_t>();
        if (value < std::numeric_limits<int>::min() || value > std::numeric_limits<int>::max())
            malformed(method, "an error code out of range");
        const int rpc_code = static_cast<int>(value);
        throw ChainError(rpc_code == rpc_error::invalid_address_or_key ? ChainErrc::not_found : ChainErrc::rejected,
                         "bitcoind " + method + ": " + message->get<std::string>(), rpc_code);
    }
    const auto result = body.find("result");
    if (result == body.end() || response.status != 200) malformed(method, "a response without a result");
    return *result;
}

}  // namespace flash::node::bitcoin
