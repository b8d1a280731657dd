// NIP-01 filters: parsing and the exact matching rules, shared by clients and the relay.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/nostr/event.hpp"

namespace flash::nostr {

struct Filter {
    std::optional<std::vector<EventId>> ids;
    std::optional<std::vector<crypto::XOnlyKey>> authors;
    std::optional<std::vector<std::uint16_t>> kinds;
    /// "#e", "#p", ... : single-letter tag name -> accepted values.
    std::map<char, std::vector<std::string>> tags;
    std::optional<std::int64_t> since;  ///< created_at >= since
    std::optional<std::int64_t> until;  ///< created_at <= until
    std::optional<std::uint32_t> limit; ///< only for the initial query

    /// True when the event matches every condition present (an empty list matches nothing).
    bool matches(const Event& event) const noexcept;
};

/// Strict parse: known keys with the right types, lower-case 64-char hex ids/authors, kinds in
/// range, tag keys "#<letter>" with string arrays; unknown keys are rejected (Error(bad_filter)).
Filter filter_from_json(const nlohmann::json& json);
nlohmann::json to_json(const Filter& filter);

/// True when any of `filters` matches (a REQ's filters are OR-ed).
bool matches_any(const std::vector<Filter>& filters, const Event& event) noexcept;

}  // namespace flash::nostr
