// LNURL-pay, the service's side, so that flash-node can serve lightning addresses (LUD-16):
//   GET /.well-known/lnurlp/<name>  → pay_request_answer(offer) with address_metadata()
//   GET <callback>?amount=<msat>[&comment=...] → parse_pay_callback(), make an invoice whose
//       description hash is metadata_hash(offer.metadata) (lnurl_pay.hpp) for exactly that
//       amount, answer invoice_answer(pr)
//   any refusal → lnurl::error_answer(reason) (lnurl.hpp)
// Sans-I/O: these build and read text; the node routes requests and makes invoices.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/lightning/lnurl_success_action.hpp"

namespace flash::lightning::lnurl {

/// What a service offers for one pay link or address.
struct PayOffer {
    std::string callback;              ///< https URL (http for .onion) of the invoice endpoint
    std::uint64_t min_sendable_msat = 1;
    std::uint64_t max_sendable_msat = 0;
    std::string metadata;              ///< the metadata JSON string (see address_metadata())
    std::uint32_t comment_allowed = 0; ///< LUD-12, characters; 0 = no comments
};

/// The metadata string of a lightning address: [["text/plain", description],
/// ["text/identifier", "user@domain"]] (LUD-06 + LUD-16), compact JSON. Keep the exact string:
/// invoices commit to its hash. Error(bad_argument) when `description` is not UTF-8 or `address`
/// is not a valid lightning address.
std::string address_metadata(std::string_view description, std::string_view address);

/// The payRequest answer (JSON text) for `offer`.
/// Error(bad_argument) when the callback is not a service URL, min is below 1 or above max, or
/// the metadata would not pass parse_pay_request() (no text/plain, not a JSON array, ...).
std::string pay_request_answer(const PayOffer& offer);

/// The name a /.well-known/lnurlp/<segment> request asks for, split at '+' (LUD-16 tags).
struct AddressName {
    std::string user;                ///< a-z 0-9 - _ .
    std::optional<std::string> tag;  ///< the part after '+', if any (may be empty)
};
/// Error(bad_lnurl) when the user part is not a valid LUD-16 username (lnurl::is_valid_username).
AddressName parse_address_name(std::string_view segment);

/// What a wallet sent to the callback.
struct PayCallback {
    std::uint64_t amount_msat = 0;
    std::optional<std::string> comment;  ///< LUD-12, non-empty when present
};

/// Reads the callback's query string (without '?') against `offer`.
/// Throws Error(bad_lnurl) — answer it with error_answer(what()) — when `amount` is missing, not
/// a decimal integer or outside [min, max], the query is malformed, or a comment is sent that is
/// not UTF-8 or longer than comment_allowed characters.
PayCallback parse_pay_callback(std::string_view query, const PayOffer& offer);

/// The invoice answer {"pr": invoice, "routes": [] (, "successAction": ...)} as JSON text.
std::string invoice_answer(std::string_view pr, const std::optional<SuccessAction>& success_action = std::nullopt);

}  // namespace flash::lightning::lnurl
