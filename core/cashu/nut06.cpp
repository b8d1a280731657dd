#include "core/cashu/nut06.hpp"

#include <algorithm>
#include <charconv>
#include <string_view>

#include "core/codec/hex.hpp"
#include "core/error.hpp"
#include "core/nostr/json_fields.hpp"

namespace flash::cashu {
namespace {

// Lenient readers: a member that is absent or of another type leaves `out` as it was.

void read_string(const nlohmann::json& object, const char* name, std::string& out) {
    const auto it = object.find(name);
    if (it != object.end() && it->is_string() && nostr::is_utf8(it->get_ref<const std::string&>()))
        out = it->get<std::string>();
}

void read_bool(const nlohmann::json& object, const char* name, bool& out) {
    const auto it = object.find(name);
    if (it != object.end() && it->is_boolean()) out = it->get<bool>();
}

void read_uint(const nlohmann::json& object, const char* name, std::optional<std::uint64_t>& out) {
    const auto it = object.find(name);
    if (it == object.end()) return;
    if (const auto number = nostr::json_uint(*it, UINT64_MAX)) out = number;
}

const nlohmann::json* find_object(const nlohmann::json& object, const char* name) {
    const auto it = object.find(name);
    return it != object.end() && it->is_object() ? &*it : nullptr;
}

const nlohmann::json* find_array(const nlohmann::json& object, const char* name) {
    const auto it = object.find(name);
    return it != object.end() && it->is_array() ? &*it : nullptr;
}

std::optional<MintContact> contact_from_json(const nlohmann::json& value) {
    MintContact contact;
    if (value.is_object()) {
        read_string(value, "method", contact.method);
        read_string(value, "info", contact.info);
    } else if (value.is_array() && value.size() == 2 && value[0].is_string() && value[1].is_string()) {
        contact.method = value[0].get<std::string>();  // the pre-2024 [method, info] form
        contact.info = value[1].get<std::string>();
    }
    if (contact.method.empty() && contact.info.empty()) return std::nullopt;
    return contact;
}

MintMethodSettings method_settings_from_json(const nlohmann::json& value) {
    MintMethodSettings settings;
    read_bool(value, "disabled", settings.disabled);
    const nlohmann::json* methods = find_array(value, "methods");
    if (methods == nullptr) return settings;
    for (const nlohmann::json& item : *methods) {
        if (!item.is_object()) continue;
        MintMethodSetting setting;
        read_string(item, "method", setting.method);
        read_string(item, "unit", setting.unit);
        read_uint(item, "min_amount", setting.min_amount);
        read_uint(item, "max_amount", setting.max_amount);
        read_bool(item, "description", setting.description);
        if (const nlohmann::json* options = find_object(item, "options")) {
            read_bool(*options, "description", setting.description);
            read_bool(*options, "amountless", setting.amountless);
        }
        settings.methods.push_back(std::move(setting));
    }
    return settings;
}

std::vector<WebSocketSetting> websocket_from_json(const nlohmann::json& supported) {
    std::vector<WebSocketSetting> out;
    for (const nlohmann::json& item : supported) {
        if (!item.is_object()) continue;
        WebSocketSetting setting;
        read_string(item, "method", setting.method);
        read_string(item, "unit", setting.unit);
        if (const nlohmann::json* commands = find_array(item, "commands")) {
            for (const nlohmann::json& command : *commands)
                if (command.is_string()) setting.commands.push_back(command.get<std::string>());
        }
        out.push_back(std::move(setting));
    }
    return out;
}

std::optional<unsigned> nut_number(std::string_view key) {
    unsigned number = 0;
    const auto [end, ec] = std::from_chars(key.data(), key.data() + key.size(), number);
    if (key.empty() || ec != std::errc{} || end != key.data() + key.size()) return std::nullopt;
    return number;
}

nlohmann::ordered_json optional_amount(const std::optional<Amount>& amount) {
    return amount ? nlohmann::ordered_json(*amount) : nlohmann::ordered_json(nullptr);
}

nlohmann::ordered_json to_json(const MintMethodSettings& settings) {
    nlohmann::ordered_json methods = nlohmann::ordered_json::array();
    for (const MintMethodSetting& setting : settings.methods) {
        nlohmann::ordered_json item;
        item["method"] = setting.method;
        item["unit"] = setting.unit;
        item["min_amount"] = optional_amount(setting.min_amount);
        item["max_amount"] = optional_amount(setting.max_amount);
        if (setting.description) item["description"] = true;
        if (setting.description || setting.amountless) {
            nlohmann::ordered_json options;
            if (setting.description) options["description"] = true;
            if (setting.amountless) options["amountless"] = true;
            item["options"] = std::move(options);
        }
        methods.push_back(std::move(item));
    }
    nlohmann::ordered_json out;
    out["methods"] = std::move(methods);
    out["disabled"] = settings.disabled;
    return out;
}

}  // namespace

bool MintInfo::supports(unsigned nut) const noexcept {
    if (nut == 4) return !minting.disabled && !minting.methods.empty();
    if (nut == 5) return !melting.disabled && !melting.methods.empty();
    if (nut == 17) return !websocket.empty();
    return std::find(supported.begin(), supported.end(), nut) != supported.end();
}

nlohmann::ordered_json to_json(const MintInfo& info) {
    nlohmann::ordered_json out;
    out["name"] = info.name;
    if (info.pubkey) out["pubkey"] = codec::hex_encode(*info.pubkey);
    out["version"] = info.version;
    if (!info.description.empty()) out["description"] = info.description;
    if (!info.description_long.empty()) out["description_long"] = info.description_long;
    nlohmann::ordered_json contact = nlohmann::ordered_json::array();
    for (const MintContact& entry : info.contact) contact.push_back({{"method", entry.method}, {"info", entry.info}});
    out["contact"] = std::move(contact);
    if (!info.motd.empty()) out["motd"] = info.motd;
    if (!info.icon_url.empty()) out["icon_url"] = info.icon_url;
    if (!info.tos_url.empty()) out["tos_url"] = info.tos_url;
    if (!info.urls.empty()) out["urls"] = info.urls;
    if (info.time) out["time"] = *info.time;

    nlohmann::ordered_json nuts;
    nuts["4"] = to_json(info.minting);
    nuts["5"] = to_json(info.melting);
    std::vector<unsigned> supported = info.supported;
    std::sort(supported.begin(), supported.end());
    supported.erase(std::unique(supported.begin(), supported.end()), supported.end());
    for (const unsigned nut : supported) {
        if (nut == 4 || nut == 5 || nut == 17) continue;
        nuts[std::to_string(nut)] = {{"supported", true}};
    }
    if (!info.websocket.empty()) {
        nlohmann::ordered_json settings = nlohmann::ordered_json::array();
        for (const WebSocketSetting& setting : info.websocket) {
            nlohmann::ordered_json item;
            item["method"] = setting.method;
            item["unit"] = setting.unit;
            item["commands"] = setting.commands;
            settings.push_back(std::move(item));
        }
        nuts["17"] = {{"supported", std::move(settings)}};
    }
    out["nuts"] = std::move(nuts);
    return out;
}

MintInfo mint_info_from_json(const nlohmann::json& value) {
    if (!value.is_object()) throw Error(Errc::bad_message, "mint info: not a JSON object");
    MintInfo info;
    read_string(value, "name", info.name);
    if (const auto pubkey = value.find("pubkey"); pubkey != value.end() && pubkey->is_string()) {
        try {
            info.pubkey = codec::hex_decode_array<33>(pubkey->get<std::string>());
        } catch (const Error&) {
            // another mint's malformed key: leave it out
        }
    }
    read_string(value, "version", info.version);
    read_string(value, "description", info.description);
    read_string(value, "description_long", info.description_long);
    read_string(value, "motd", info.motd);
    read_string(value, "icon_url", info.icon_url);
    read_string(value, "tos_url", info.tos_url);
    read_uint(value, "time", info.time);
    if (const nlohmann::json* contact = find_array(value, "contact")) {
        for (const nlohmann::json& item : *contact)
            if (auto entry = contact_from_json(item)) info.contact.push_back(std::move(*entry));
    }
    if (const nlohmann::json* urls = find_array(value, "urls")) {
        for (const nlohmann::json& url : *urls)
            if (url.is_string()) info.urls.push_back(url.get<std::string>());
    }
    const nlohmann::json* nuts = find_object(value, "nuts");
    if (nuts == nullptr) return info;
    for (const auto& item : nuts->items()) {
        const std::optional<unsigned> nut = nut_number(item.key());
        const nlohmann::json& setting = item.value();
        if (!nut || !setting.is_object()) continue;
        if (*nut == 4) {
            info.minting = method_settings_from_json(setting);
        } else if (*nut == 5) {
            info.melting = method_settings_from_json(setting);
        } else if (const auto supported = setting.find("supported"); supported != setting.end()) {
            if (*nut == 17) {
                if (supported->is_array()) info.websocket = websocket_from_json(*supported);
            } else if (supported->is_boolean() && supported->get<bool>()) {
                info.supported.push_back(*nut);
            }
        }
    }
    std::sort(info.supported.begin(), info.supported.end());
    return info;
}

}  // namespace flash::cashu
