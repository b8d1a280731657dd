#include "core/cashu/mint_error.hpp"

#include "core/nostr/json_fields.hpp"

namespace flash::cashu {

nlohmann::ordered_json to_json(const MintError& error) {
    nlohmann::ordered_json out;
    out["detail"] = error.what();
    out["code"] = static_cast<std::uint32_t>(error.code());
    return out;
}

std::optional<MintError> mint_error_from_json(const nlohmann::json& value) {
    if (!value.is_object()) return std::nullopt;
    const auto detail = value.find("detail");
    const auto code = value.find("code");
    if (detail == value.end() || !detail->is_string() || code == value.end()) return std::nullopt;
    const auto number = nostr::json_uint(*code, UINT32_MAX);
    if (!number) return std::nullopt;
    return MintError(static_cast<MintErrc>(*number), detail->get<std::string>());
}

}  // namespace flash::cashu
