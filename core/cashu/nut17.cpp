#include "core/cashu/nut17.hpp"

#include "core/cashu/message_json.hpp"
#include "core/cashu/nut03.hpp"
#include "core/error.hpp"

namespace flash::cashu {
namespace {

constexpr const char* kVersion = "2.0";

bool usable_id(const nlohmann::json& id) noexcept { return id.is_number_integer() || id.is_string(); }

void require_version(const MessageReader& reader) {
    if (reader.string("jsonrpc") != kVersion) reader.fail("\"jsonrpc\" is not \"2.0\"");
}

std::string sub_id(const MessageReader& params) {
    std::string id = params.string("subId");
    if (id.empty()) params.fail("\"subId\" is empty");
    return id;
}

nlohmann::ordered_json envelope() {
    nlohmann::ordered_json out;
    out["jsonrpc"] = kVersion;
    return out;
}

}  // namespace

std::string_view to_string(SubscriptionKind kind) noexcept {
    switch (kind) {
        case SubscriptionKind::bolt11_mint_quote: return "bolt11_mint_quote";
        case SubscriptionKind::bolt11_melt_quote: return "bolt11_melt_quote";
        case SubscriptionKind::proof_state: return "proof_state";
    }
    return "proof_state";
}

std::optional<SubscriptionKind> parse_subscription_kind(std::string_view text) noexcept {
    for (const SubscriptionKind kind :
         {SubscriptionKind::bolt11_mint_quote, SubscriptionKind::bolt11_melt_quote, SubscriptionKind::proof_state}) {
        if (to_string(kind) == text) return kind;
    }
    return std::nullopt;
}

WsRequest ws_request_from_json(const nlohmann::json& value) {
    const MessageReader reader(value, "NUT-17 request");
    require_version(reader);
    WsRequest request;
    request.id = reader.required("id");
    if (!usable_id(request.id)) reader.fail("\"id\" is not an integer or a string");
    const std::string method = reader.string("method");
    if (method == "subscribe") request.method = WsMethod::subscribe;
    else if (method == "unsubscribe") request.method = WsMethod::unsubscribe;
    else reader.fail("unknown \"method\" \"" + method + "\"");
    const MessageReader params(reader.required("params"), "NUT-17 request params");
    request.sub_id = sub_id(params);
    if (request.method == WsMethod::subscribe) {
        request.kind = params.string("kind");
        for (const nlohmann::json& filter : params.array("filters", max_request_items)) {
            if (!filter.is_string()) params.fail("\"filters\" holds a non-string");
            request.filters.push_back(filter.get<std::string>());
        }
    }
    return request;
}

nlohmann::json ws_request_id(const nlohmann::json& value) noexcept {
    if (!value.is_object()) return nullptr;
    const auto id = value.find("id");
    return id != value.end() && usable_id(*id) ? *id : nlohmann::json(nullptr);
}

nlohmann::ordered_json to_json(const WsRequest& request) {
    nlohmann::ordered_json out = envelope();
    out["method"] = request.method == WsMethod::subscribe ? "subscribe" : "unsubscribe";
    nlohmann::ordered_json params;
    if (request.method == WsMethod::subscribe) {
        params["kind"] = request.kind;
        params["subId"] = request.sub_id;
        params["filters"] = request.filters;
    } else {
        params["subId"] = request.sub_id;
    }
    out["params"] = std::move(params);
    out["id"] = request.id;
    return out;
}

nlohmann::ordered_json ws_ok_response(std::string_view sub_id, const nlohmann::json& id) {
    nlohmann::ordered_json out = envelope();
    out["result"] = {{"status", "OK"}, {"subId", sub_id}};
    out["id"] = id;
    return out;
}

nlohmann::ordered_json ws_error_response(int code, std::string_view message, const nlohmann::json& id) {
    nlohmann::ordered_json out = envelope();
    out["error"] = {{"code", code}, {"message", message}};
    out["id"] = id;
    return out;
}

nlohmann::ordered_json ws_notification(std::string_view sub_id, nlohmann::ordered_json payload) {
    nlohmann::ordered_json out = envelope();
    out["method"] = "subscribe";
    nlohmann::ordered_json params;
    params["subId"] = sub_id;
    params["payload"] = std::move(payload);
    out["params"] = std::move(params);
    return out;
}

WsMessage ws_message_from_json(const nlohmann::json& value) {
    const MessageReader reader(value, "NUT-17 message");
    require_version(reader);
    WsMessage message;
    if (const nlohmann::json* result = reader.optional("result")) {
        const MessageReader fields(*result, "NUT-17 result");
        if (fields.string("status") != "OK") fields.fail("\"status\" is not \"OK\"");
        message.type = WsMessage::Type::ok;
        message.sub_id = sub_id(fields);
        message.id = reader.required("id");
    } else if (const nlohmann::json* error = reader.optional("error")) {
        const MessageReader fields(*error, "NUT-17 error");
        const nlohmann::json& code = fields.required("code");
        if (!code.is_number_integer() || code.get<std::int64_t>() < INT32_MIN || code.get<std::int64_t>() > INT32_MAX)
            fields.fail("\"code\" is not a 32-bit integer");
        message.type = WsMessage::Type::error;
        message.error_code = static_cast<int>(code.get<std::int64_t>());
        message.error_message = fields.optional_string("message").value_or("");
        if (const nlohmann::json* id = reader.optional("id")) message.id = *id;
    } else {
        if (reader.string("method") != "subscribe") reader.fail("not a response or a notification");
        const MessageReader params(reader.required("params"), "NUT-17 notification params");
        message.type = WsMessage::Type::notification;
        message.sub_id = sub_id(params);
        message.payload = params.required("payload");
    }
    return message;
}

}  // namespace flash::cashu
