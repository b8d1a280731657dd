// NIP-01 filters: strict parsing and matching.
#include "core/nostr/filter.hpp"

#include <algorithm>
#include <limits>

#include "core/codec/hex.hpp"
#include "core/error.hpp"
#include "core/nostr/json_fields.hpp"

namespace flash::nostr {
namespace {

[[noreturn]] void bad_filter(const std::string& what) { throw Error(Errc::bad_filter, what); }

bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

const nlohmann::json& require_array(const nlohmann::json& value, const std::string& key) {
    if (!value.is_array()) bad_filter(key + " is not an array");
    return value;
}

std::vector<ByteArray<32>> read_hex32_list(const nlohmann::json& value, const std::string& key) {
    std::vector<ByteArray<32>> out;
    out.reserve(require_array(value, key).size());
    for (const auto& item : value) {
        const auto bytes = json_lower_hex_array<32>(item);
        if (!bytes) bad_filter(key + " holds something other than 64 lower-case hex digits");
        out.push_back(*bytes);
    }
    return out;
}

std::uint64_t read_uint(const nlohmann::json& value, std::uint64_t max, const std::string& key) {
    const auto n = json_uint(value, max);
    if (!n) bad_filter(key + " is not an integer in [0, " + std::to_string(max) + "]");
    return *n;
}

template <typename T>
bool contains(const std::vector<T>& list, const T& value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

// NIP-01: the event has a tag named `name` whose first value is one of `values`.
bool has_tag_value(const Event& event, char name, const std::vector<std::string>& values) {
    for (const Tag& tag : event.tags)
        if (tag.size() >= 2 && tag[0].size() == 1 && tag[0][0] == name && contains(values, tag[1])) return true;
    return false;
}

template <std::size_t N>
nlohmann::json hex_list(const std::vector<ByteArray<N>>& list) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& item : list) out.push_back(codec::hex_encode(item));
    return out;
}

}  // namespace

bool Filter::matches(const Event& event) const noexcept {
    if (ids && !contains(*ids, event.id)) return false;
    if (authors && !contains(*authors, event.pubkey)) return false;
    if (kinds && !contains(*kinds, event.kind)) return false;
    if (since && event.created_at < *since) return false;
    if (until && event.created_at > *until) return false;
    for (const auto& entry : tags)
        if (!has_tag_value(event, entry.first, entry.second)) return false;
    return true;
}

Filter filter_from_json(const nlohmann::json& json) {
    if (!json.is_object()) bad_filter("not a JSON object");
    constexpr auto max_time = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    Filter filter;
    for (const auto& item : json.items()) {
        const std::string& key = item.key();
        const nlohmann::json& value = item.value();
        if (key == "ids") {
            filter.ids = read_hex32_list(value, key);
        } else if (key == "authors") {
            filter.authors = read_hex32_list(value, key);
        } else if (key == "kinds") {
            auto& kinds = filter.kinds.emplace();
            kinds.reserve(require_array(value, key).size());
            for (const auto& kind : value) kinds.push_back(static_cast<std::uint16_t>(read_uint(kind, 65535, key)));
        } else if (key == "since") {
            filter.since = static_cast<std::int64_t>(read_uint(value, max_time, key));
        } else if (key == "until") {
            filter.until = static_cast<std::int64_t>(read_uint(value, max_time, key));
        } else if (key == "limit") {
            // Larger limits mean "as many as you will give": clamp rather than refuse.
            const auto limit = read_uint(value, std::numeric_limits<std::uint64_t>::max(), key);
            filter.limit = static_cast<std::uint32_t>(std::min<std::uint64_t>(limit, std::numeric_limits<std::uint32_t>::max()));
        } else if (key.size() == 2 && key[0] == '#' && is_letter(key[1])) {
            auto& values = filter.tags[key[1]];
            values.reserve(require_array(value, key).size());
            for (const auto& v : value) {
                if (!v.is_string() || !is_utf8(v.get_ref<const std::string&>()))
                    bad_filter(key + " holds something other than UTF-8 strings");
                values.push_back(v.get<std::string>());
            }
        } else {
            bad_filter("unknown field " + key);
        }
    }
    return filter;
}

nlohmann::json to_json(const Filter& filter) {
    nlohmann::json out = nlohmann::json::object();
    if (filter.ids) out["ids"] = hex_list(*filter.ids);
    if (filter.authors) out["authors"] = hex_list(*filter.authors);
    if (filter.kinds) out["kinds"] = *filter.kinds;
    for (const auto& entry : filter.tags) out[std::string{'#', entry.first}] = entry.second;
    if (filter.since) out["since"] = *filter.since;
    if (filter.until) out["until"] = *filter.until;
    if (filter.limit) out["limit"] = *filter.limit;
    return out;
}

bool matches_any(const std::vector<Filter>& filters, const Event& event) noexcept {
    return std::any_of(filters.begin(), filters.end(), [&](const Filter& f) { return f.matches(event); });
}

}  // namespace flash::nostr
