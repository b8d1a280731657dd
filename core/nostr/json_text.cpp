// Bounded JSON parsing.
#include "core/nostr/json_text.hpp"

#include <string>

#include "core/error.hpp"

namespace flash::nostr {

nlohmann::json parse_json_text(std::string_view text, std::size_t max_bytes, std::size_t max_depth) {
    if (text.size() > max_bytes)
        throw Error(Errc::too_large, "JSON text of " + std::to_string(text.size()) + " bytes, limit " +
                                         std::to_string(max_bytes));
    // The callback sees every nesting step before the value is built, so a deep input is
    // rejected without recursing into it.
    bool too_deep = false;
    const auto depth_guard = [&](int depth, nlohmann::json::parse_event_t event, nlohmann::json&) {
        if ((event == nlohmann::json::parse_event_t::object_start ||
             event == nlohmann::json::parse_event_t::array_start) &&
            static_cast<std::size_t>(depth) >= max_depth) {
            too_deep = true;
            return false;
        }
        return !too_deep;
    };
    nlohmann::json value;
    try {
        value = nlohmann::json::parse(text.begin(), text.end(), depth_guard);
    } catch (const nlohmann::json::exception& e) {
        throw Error(Errc::bad_json, e.what());
    }
    if (too_deep) throw Error(Errc::bad_json, "nested deeper than " + std::to_string(max_depth));
    return value;
}

}  // namespace flash::nostr
