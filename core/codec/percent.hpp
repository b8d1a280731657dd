// Percent-encoding (RFC 3986 §2.1) of URI components and query strings, as browsers do it
// (encodeURIComponent, URLSearchParams): shared by every URI the core reads or writes (NIP-47
// connection URIs, BIP-21, LNURL callbacks).
//
// Decoding returns nullopt for a malformed escape; each caller turns that into its own typed
// error, because what went wrong ("bad NWC URI", "bad LNURL") depends on what was being read.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace flash::codec {

/// encodeURIComponent: every byte except A-Z a-z 0-9 - _ . ! ~ * ' ( ) becomes %XX (upper-case
/// hex). Bytes are taken as they are (UTF-8 text gives UTF-8 escapes).
std::string percent_encode(std::string_view text);

/// Replaces each %XX (either case of hex) by its byte; with `plus_is_space` (query strings,
/// application/x-www-form-urlencoded) a '+' becomes a space. nullopt when a '%' is not followed
/// by two hex digits. The result may hold any bytes, including NUL and invalid UTF-8.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space);

/// One decoded key=value pair of a query string.
using QueryParam = std::pair<std::string, std::string>;

/// Splits a query string (without the leading '?') as URLSearchParams does: at '&', then each
/// pair at its first '=' (a pair without '=' has an empty value), both sides decoded with
/// plus_is_space. Empty pairs ("a=1&&b=2", a trailing '&') are skipped; the order and repeated
/// keys are kept. nullopt when an escape is malformed.
std::optional<std::vector<QueryParam>> parse_query(std::string_view query);

}  // namespace flash::codec
