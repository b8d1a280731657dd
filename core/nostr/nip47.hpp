// NIP-47 Nostr Wallet Connect: the connection URI, the kinds, and the JSON carried (encrypted with
// NIP-44 by nip44.hpp, not here) in request, response and notification events.
//
//   nostr+walletconnect://<wallet pubkey hex>?relay=<url>[&relay=...]&secret=<hex>[&lud16=<address>]
//   request      {"method": "...", "params": {...}}
//   response     {"result_type": "...", "error": null | {"code": "...", "message": "..."}, "result": {...} | null}
//   notification {"notification_type": "...", "notification": {...}}
#pragma once

#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/crypto/secp256k1.hpp"
#include "core/nostr/event.hpp"

namespace flash::nostr::nwc {

inline constexpr std::uint16_t kind_info = 13194;
inline constexpr std::uint16_t kind_request = 23194;
inline constexpr std::uint16_t kind_response = 23195;
inline constexpr std::uint16_t kind_notification_nip04 = 23196;  ///< legacy
inline constexpr std::uint16_t kind_notification = 23197;        ///< NIP-44

/// Values of the "encryption" tag.
inline constexpr std::string_view encryption_nip44 = "nip44_v2";
inline constexpr std::string_view encryption_nip04 = "nip04";

inline constexpr std::array<std::string_view, 12> methods{
    "pay_invoice",       "multi_pay_invoice", "pay_keysend", "multi_pay_keysend",  "make_invoice",
    "lookup_invoice",    "list_transactions", "get_balance", "get_info",           "make_hold_invoice",
    "cancel_hold_invoice", "settle_hold_invoice"};

inline constexpr std::array<std::string_view, 11> error_codes{
    "RATE_LIMITED", "NOT_IMPLEMENTED", "INSUFFICIENT_BALANCE", "QUOTA_EXCEEDED", "RESTRICTED", "UNAUTHORIZED",
    "INTERNAL",     "UNSUPPORTED_ENCRYPTION", "PAYMENT_FAILED", "NOT_FOUND", "OTHER"};

inline constexpr std::array<std::string_view, 3> notification_types{"payment_received", "payment_sent",
                                                                     "hold_invoice_accepted"};

/// True when `method` is one of `methods`.
bool is_known_method(std::string_view method) noexcept;

/// Decoded JSON payloads may be large (list_transactions); beyond this they are refused.
inline constexpr std::size_t max_payload_bytes = 1024 * 1024;

struct ConnectionUri {
    crypto::XOnlyKey wallet_pubkey{};
    std::vector<std::string> relays;  ///< normalised, at least one
    crypto::SecretKey secret;         ///< the client's key for this connection
    std::optional<std::string> lud16;
};

/// Parses a connection URI (the legacy scheme "nostrwalletconnect://" is accepted too). Query
/// values are percent-decoded; unknown parameters are ignored.
/// Throws Error(bad_argument) for another scheme, a missing relay or secret, or a malformed
/// query; Error(bad_hex)/Error(bad_length)/Error(bad_public_key) for the pubkey;
/// Error(bad_secret_key) for the secret.
ConnectionUri parse_connection_uri(std::string_view uri);
/// The URI text (the secret is in it: treat the string as a secret).
std::string format_connection_uri(const ConnectionUri& uri);

struct Request {
    std::string method;
    nlohmann::json params = nlohmann::json::object();
};

struct ResponseError {
    std::string code;  ///< one of error_codes (others are passed through)
    std::string message;
};

struct Response {
    std::string result_type;             ///< the request's method
    std::optional<ResponseError> error;  ///< set when the command failed
    nlohmann::json result;               ///< an object, or null on error
};

struct Notification {
    std::string notification_type;
    nlohmann::json notification = nlohmann::json::object();
};

// Encoders throw Error(bad_argument) for an empty method/type or params/result/notification that
// is not an object (result may be null). Decoders throw Error(too_large) over max_payload_bytes,
// Error(bad_json) for non-JSON, Error(bad_message) for a wrong shape; extra keys are ignored.
std::string encode_request(const Request& request);
Request decode_request(std::string_view json_text);
std::string encode_response(const Response& response);
Response decode_response(std::string_view json_text);
std::string encode_notification(const Notification& notification);
Notification decode_notification(std::string_view json_text);

/// The capabilities a wallet service advertises in its kind-13194 info event.
struct Info {
    std::vector<std::string> methods;        ///< content, space-separated ("notifications" included)
    std::vector<std::string> encryptions;    ///< "encryption" tag; empty means nip04 only (legacy)
    std::vector<std::string> notifications;  ///< "notifications" tag
};
/// Error(bad_event) if the event is not kind 13194.
Info parse_info_event(const UnsignedEvent& event);
UnsignedEvent make_info_event(const Info& info, std::int64_t now_s);

/// A kind-23194 request to `wallet` with already encrypted content, tags p and encryption
/// (nip44_v2) and, when given, expiration (unix seconds).
UnsignedEvent make_request_event(const crypto::XOnlyKey& wallet, std::string encrypted_content,
                                 std::int64_t now_s, std::optional<std::int64_t> expiration = std::nullopt);
/// A kind-23195 response to `client` for request `request_id`, tags p and e.
UnsignedEvent make_response_event(const crypto::XOnlyKey& client, const EventId& request_id,
                                  std::string encrypted_content, std::int64_t now_s);

}  // namespace flash::nostr::nwc
