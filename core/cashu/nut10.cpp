#include "core/cashu/nut10.hpp"

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/nostr/json_text.hpp"

namespace flash::cashu {
namespace {

[[noreturn]] void malformed(const std::string& what) {
    throw Error(Errc::bad_spending_condition, "NUT-10 secret: " + what);
}

std::string string_field(const nlohmann::json& object, const char* name) {
    const auto it = object.find(name);
    if (it == object.end() || !it->is_string()) malformed(std::string("\"") + name + "\" must be a string");
    return it->get<std::string>();
}

}  // namespace

const std::vector<std::string>* WellKnownSecret::tag(std::string_view key) const noexcept {
    for (const auto& t : tags) {
        if (!t.empty() && t.front() == key) return &t;
    }
    return nullptr;
}

bool is_well_known_secret(std::string_view secret) noexcept {
    return !secret.empty() && secret.front() == '[';
}

WellKnownSecret parse_well_known_secret(std::string_view secret) {
    nlohmann::json root;
    try {
        root = nostr::parse_json_text(secret, nut10_max_secret, 8);
    } catch (const Error& e) {
        malformed(e.what());
    }
    if (!root.is_array() || root.size() != 2 || !root[0].is_string() || !root[1].is_object())
        malformed("must be [kind, {nonce, data, tags}]");
    const nlohmann::json& body = root[1];
    WellKnownSecret out;
    out.kind = root[0].get<std::string>();
    out.nonce = string_field(body, "nonce");
    out.data = string_field(body, "data");
    for (const auto& [key, value] : body.items()) {
        if (key != "nonce" && key != "data" && key != "tags") malformed("unknown field \"" + key + "\"");
    }
    if (const auto tags = body.find("tags"); tags != body.end()) {
        if (!tags->is_array()) malformed("\"tags\" must be an array");
        for (const nlohmann::json& tag : *tags) {
            if (!tag.is_array() || tag.empty()) malformed("each tag must be a non-empty array");
            std::vector<std::string>& values = out.tags.emplace_back();
            for (const nlohmann::json& value : tag) {
                if (!value.is_string()) malformed("tag values must be strings");
                values.push_back(value.get<std::string>());
            }
        }
    }
    return out;
}

std::string serialize_well_known_secret(const WellKnownSecret& secret) {
    nlohmann::ordered_json body;
    body["nonce"] = secret.nonce;
    body["data"] = secret.data;
    nlohmann::ordered_json tags = nlohmann::ordered_json::array();
    for (const auto& tag : secret.tags) {
        if (tag.empty()) malformed("empty tag");
        tags.push_back(tag);
    }
    body["tags"] = std::move(tags);
    try {
        return nlohmann::ordered_json::array({secret.kind, std::move(body)}).dump();
    } catch (const nlohmann::json::exception&) {
        malformed("strings must be UTF-8");
    }
}

}  // namespace flash::cashu
