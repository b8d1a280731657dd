#include "node/bitcoin/electrum_rpc.hpp"

#include <limits>

#include "node/bitcoin/json_fields.hpp"

namespace flash::node::bitcoin::electrum {
namespace {

using nlohmann::json;

[[noreturn]] void malformed(const std::string& what) { json_fields::malformed("electrum", what); }

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    return out;
}

}  // namespace

std::string request_line(std::uint64_t id, std::string_view method, const json& params) {
    const json request = {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}};
    return request.dump() + "\n";
}

Incoming parse_line(std::string_view line) {
    json message = json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (message.is_discarded()) malformed("a line that is not JSON");
    if (!message.is_object()) malformed("a message that is not a JSON object");

    const auto method = message.find("method");
    const auto id = message.find("id");
    if (method != message.end() && (id == message.end() || id->is_null())) {
        if (!method->is_string()) malformed("a notification whose method is not a string");
        const auto params = message.find("params");
        if (params == message.end() || !params->is_array()) malformed("a notification without a params array");
        return Notification{method->get<std::string>(), std::move(*params)};
    }
    if (id == message.end() || !id->is_number_unsigned()) malformed("a response without our integer id");
    Response response;
    response.id = id->get<std::uint64_t>();
    const auto result = message.find("result");
    const auto error = message.find("error");
    // JSON-RPC 1.0 servers send both members, the unused one null.
    const bool has_error = error != message.end() && !error->is_null();
    if (has_error && result != message.end() && !result->is_null())
        malformed("a response with both a result and an error");
    if (has_error) {
        if (!error->is_object()) malformed("an error that is not an object");
        const auto code = error->find("code");
        const auto text = error->find("message");
        if (code == error->end() || !code->is_number_integer()) malformed("an error without an integer code");
        if (text == error->end() || !text->is_string()) malformed("an error without a message");
        const std::int64_t value = code->get<std::int64_t>();
        if (value < std::numeric_limits<int>::min() || value > std::numeric_limits<int>::max())
            malformed("an error code out of range");
        response.error_code = static_cast<int>(value);
        response.error_message = text->get<std::string>();
        return response;
    }
    if (result == message.end()) malformed("a response with neither result nor error");
    response.result = std::move(*result);
    return response;
}

ChainError error_for(std::string_view method, const Response& response) {
    const std::string detail = "electrum " + std::string(method) + ": " + response.error_message;
    // ElectrumX passes the daemon's "No such mempool or blockchain transaction" through as an
    // error with code 2 (DAEMON_ERROR); Fulcrum says "not found". Only the text tells.
    const std::string text = lower(response.error_message);
    if (method == "blockchain.transaction.get" &&
        (text.find("no such") != std::string::npos || text.find("not found") != std::string::npos))
        return ChainError(ChainErrc::not_found, detail, response.error_code);
    return ChainError(ChainErrc::rejected, detail, response.error_code);
}

}  // namespace flash::node::bitcoin::electrum
