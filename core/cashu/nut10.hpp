// NUT-10: the well-known secret that carries a spending condition,
//
//   ["<kind>", {"nonce": "<str>", "data": "<str>", "tags": [["key", "value", ...], ...]}]
//
// Parsing is strict: exactly that shape (tags optional, no other fields, every tag a non-empty
// array of strings). Serialising writes the fields in that order with no spaces, so the secret
// a wallet builds is byte-stable (signatures cover the secret's exact text).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace flash::cashu {

/// Longest secret text accepted for parsing.
inline constexpr std::size_t nut10_max_secret = 64 * 1024;

struct WellKnownSecret {
    std::string kind;   ///< e.g. "P2PK", "HTLC"
    std::string nonce;  ///< random, so that equal conditions give distinct secrets
    std::string data;   ///< kind-specific: the locking pubkey for P2PK
    std::vector<std::vector<std::string>> tags;  ///< each tag non-empty: key then values
    bool operator==(const WellKnownSecret&) const = default;

    /// Values of the first tag named `key` (without the key), or nullptr if there is none.
    const std::vector<std::string>* tag(std::string_view key) const noexcept;
};

/// True when `secret` looks like a NUT-10 secret (a JSON array), so callers can tell it from a
/// plain random secret without catching. It does not validate the shape.
bool is_well_known_secret(std::string_view secret) noexcept;

/// Parses a proof's secret. Error(bad_spending_condition) for anything but the shape above
/// (including text over nut10_max_secret bytes, invalid JSON or UTF-8, nesting deeper than 8).
WellKnownSecret parse_well_known_secret(std::string_view secret);

/// The compact JSON text of `secret`. Error(bad_spending_condition) for an empty tag or a string
/// that is not UTF-8.
std::string serialize_well_known_secret(const WellKnownSecret& secret);

}  // namespace flash::cashu
