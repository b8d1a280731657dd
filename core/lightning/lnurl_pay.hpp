// LNURL-pay, the wallet's side (LUD-06, with LUD-12 comments, LUD-16 identifiers, LUD-09/10
// success actions):
//   1. GET the link's URL (or a lightning address's) → parse_pay_request();
//   2. the user picks an amount in [min, max] → GET pay_callback_url();
//   3. parse_pay_invoice() reads {"pr", "routes", "successAction"} and makes the checks LUD-06
//      requires before paying: the invoice's description hash is sha256(utf8(metadata)) and its
//      amount is the amount asked for.
// Sans-I/O: the caller does both GETs and hands the answer texts in.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/bytes.hpp"
#include "core/crypto/hash.hpp"
#include "core/lightning/bolt11.hpp"
#include "core/lightning/lnurl_success_action.hpp"
#include "core/lightning/service_url.hpp"

namespace flash::lightning::lnurl {

/// Largest thumbnail accepted: LUD-06 allows up to 136536 base64 characters (100 kB of image).
inline constexpr std::size_t max_image_base64 = 136536;

struct PayImage {
    std::string mime;  ///< "image/png" or "image/jpeg"
    Bytes data;
};

/// The decoded `metadata` of a payRequest.
struct PayMetadata {
    std::string raw;                         ///< the JSON string exactly as sent: its SHA-256 is the invoice's `h`
    std::string text;                        ///< "text/plain", required: what the payment is for
    std::optional<std::string> long_text;    ///< "text/long-desc"
    std::optional<std::string> identifier;   ///< "text/identifier" (LUD-16)
    std::optional<std::string> email;        ///< "text/email" (LUD-16)
    std::optional<PayImage> image;           ///< "image/png;base64" or "image/jpeg;base64"
};

struct PayRequest {
    ServiceUrl callback;
    std::uint64_t min_sendable_msat = 0;
    std::uint64_t max_sendable_msat = 0;
    PayMetadata metadata;
    std::uint32_t comment_allowed = 0;  ///< LUD-12: longest comment in characters, 0 = none
};

/// SHA-256 of the UTF-8 bytes of a metadata string: the invoice's description hash (LUD-06).
crypto::Hash256 metadata_hash(std::string_view metadata);

/// Parses the answer to the first GET. With `via_lightning_address` the metadata must also have
/// a text/identifier or text/email entry (LUD-16).
/// Throws Error(too_large)/Error(bad_json) for text that is not JSON; Error(service_error) with
/// the reason for {"status":"ERROR"}; Error(bad_lnurl) when tag is not "payRequest", a field is
/// missing or mistyped, the callback is not a service URL, minSendable is below 1 or above
/// maxSendable, or the metadata is not a JSON array of arrays with a string type first, lacks
/// exactly one text/plain string, has more than one image, bad base64 or an oversized image.
PayRequest parse_pay_request(std::string_view json_text, bool via_lightning_address = false);

/// The URL of the second GET: callback + amount=<msat> (+ comment=<text> when not empty), the
/// callback's own parameters kept.
/// Throws Error(bad_argument) when the amount is outside [min, max] or the comment is not UTF-8
/// or longer than comment_allowed characters (any comment when it is 0).
std::string pay_callback_url(const PayRequest& request, std::uint64_t amount_msat, std::string_view comment = {});

/// The checked answer to the second GET.
struct PayInvoice {
    std::string pr;                              ///< the invoice text as sent
    bolt11::SignedInvoice invoice;               ///< decoded and signature-checked
    std::optional<SuccessAction> success_action;
};

/// Parses the invoice answer and checks it against what was asked.
/// Throws Error(service_error) for {"status":"ERROR"}; Error(bad_lnurl) for a missing "pr", a
/// "routes" that is not an array, or a bad successAction; bolt11::decode()'s errors for the
/// invoice; Error(invoice_mismatch) when the invoice has no description hash or another one
/// than sha256(metadata), or an amount other than `amount_msat`.
PayInvoice parse_pay_invoice(const PayRequest& request, std::uint64_t amount_msat, std::string_view json_text);

}  // namespace flash::lightning::lnurl
