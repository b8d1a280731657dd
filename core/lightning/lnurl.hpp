// LNURL links and lightning addresses: where a wallet sends its first GET (lnurl/luds).
//   LUD-01  "lnurl1..." is the bech32 encoding (hrp "lnurl", no length limit) of the UTF-8 bytes
//           of an https:// URL (http:// for .onion hosts). Upper or lower case, never mixed.
//   LUD-17  lnurlc:// lnurlw:// lnurlp:// keyauth:// replace https:// (http:// for .onion) and
//           say which kind of request the link is (channel, withdraw, pay, login).
//   LUD-16  a lightning address user@domain is https://domain/.well-known/lnurlp/user (http for
//           .onion); user is a-z 0-9 - _ . (and '+' for tags).
// Service answers share one error shape, {"status":"ERROR","reason":"..."}: check_service_answer()
// turns it into Error(service_error) carrying the reason.
// Sans-I/O: these functions only produce and read URLs and JSON text; the caller does the HTTP.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/lightning/service_url.hpp"

namespace flash::lightning::lnurl {

/// Longest bech32 LNURL decode() accepts (LUD-01 sets no limit; its JS example passes 2000).
inline constexpr std::size_t max_bech32_length = 4096;
/// Longest service answer (JSON text) read: a payRequest may carry a 100 kB base64 image.
inline constexpr std::size_t max_answer_bytes = 1 << 20;

/// What a link says it is, from its LUD-17 scheme or its LUD-01 `tag` query parameter.
enum class Kind {
    unknown,   ///< a plain lnurl1/https link without `tag`: the GET answer says (its "tag")
    pay,       ///< lnurlp://, tag "payRequest"
    withdraw,  ///< lnurlw://, tag "withdrawRequest"
    channel,   ///< lnurlc://, tag "channelRequest"
    login,     ///< keyauth://, tag "login" (LUD-04: sign k1, no GET first)
};

/// The "tag" string of a kind ("payRequest", ...); "" for unknown.
std::string_view tag_name(Kind kind) noexcept;

/// A link resolved to the URL the wallet fetches.
struct Link {
    ServiceUrl url;   ///< https://... or http://....onion
    Kind kind = Kind::unknown;
};

/// Decodes a LUD-01 bech32 LNURL ("lnurl1...", optionally after "lightning:", either case).
/// Throws Error(bad_bech32)/Error(bad_checksum) from the bech32 layer (mixed case included);
/// Error(bad_lnurl) when the hrp is not "lnurl", the checksum is bech32m, the padding is bad,
/// the bytes are not UTF-8 or not a service URL (service_url.hpp).
Link decode(std::string_view text);

/// A plain https:// (or onion http://) URL read as an LNURL link: LUD-01's fallback scheme
/// when it has a `lightning=LNURL1...` parameter (that LNURL is decoded and returned), otherwise
/// LUD-17's QR fallback (the URL itself, kind from its `tag` parameter).
/// Throws Error(bad_lnurl) when `url` is not a service URL; decode()'s errors for the parameter.
Link link_for_url(std::string_view url);

/// Encodes a service URL as a LUD-01 LNURL in upper case (LUD-01: QR codes SHOULD use upper
/// case; lower-case it for links). Error(bad_lnurl) when `url` is not a service URL.
std::string encode(std::string_view url);

/// Resolves a LUD-17 link (lnurlp://host/path...) to its https (or onion http) URL and kind.
/// The scheme is matched in either case. Throws Error(bad_lnurl) for another scheme or a URL
/// that is not a service URL once the scheme is replaced.
Link resolve_scheme(std::string_view link);

/// True when `text` starts with one of the LUD-17 schemes (either case).
bool has_lud17_scheme(std::string_view text) noexcept;

/// A parsed lightning address.
struct LightningAddress {
    std::string user;    ///< lower case, '+tag' included when present
    std::string domain;  ///< lower case, may carry ":port"
    ServiceUrl url;      ///< https://domain/.well-known/lnurlp/user (http for .onion)

    std::string text() const { return user + "@" + domain; }  ///< "user@domain"
};

/// Parses "user@domain" (LUD-16). Upper-case letters are folded to lower case (LUD-16 usernames
/// are lower case only; domains are case-insensitive).
/// Throws Error(bad_lnurl) when there is not exactly one '@', the user is empty or has a character
/// outside a-z 0-9 - _ . +, or the domain is not a host name (with optional port).
LightningAddress parse_lightning_address(std::string_view address);

/// True when `user` is a valid LUD-16 username, tags not allowed: non-empty, a-z 0-9 - _ . only.
/// (For a service deciding which names it serves.)
bool is_valid_username(std::string_view user) noexcept;

/// Parses a service's JSON answer (at most max_answer_bytes) and returns it when it is an object
/// that is not an error.
/// Throws Error(too_large)/Error(bad_json) for text that is not JSON; Error(service_error) with
/// the service's reason when status is "ERROR"; Error(bad_lnurl) when it is not an object.
nlohmann::json check_service_answer(std::string_view json_text);

/// Reads a {"status":"OK"} answer (LUD-03 withdraw callback, LUD-04 login).
/// Throws as check_service_answer(), and Error(bad_lnurl) when status is not "OK".
void check_status_ok(std::string_view json_text);

/// {"status":"ERROR","reason":reason} as JSON text (for a service).
std::string error_answer(std::string_view reason);
/// {"status":"OK"} as JSON text (for a service).
std::string ok_answer();

}  // namespace flash::lightning::lnurl
