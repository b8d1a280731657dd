// What a user pasted or scanned, as one typed payment target: a BOLT 11 invoice, an LNURL link
// (bech32 lnurl1..., LUD-17 lnurlp:// and friends, or an https:// QR fallback), a lightning
// address, or a "bitcoin:" URI / bare on-chain address (with the invoice of a unified QR).
//
// Recognised forms, after trimming surrounding whitespace:
//   lnbc.../lntb.../...          BOLT 11 invoice, also after "lightning:"
//   lnurl1... / LNURL1...        LUD-01, also after "lightning:"
//   lnurlp:// lnurlw:// lnurlc:// keyauth://   LUD-17
//   https://... (or http://x.onion/...)       LUD-17 QR fallback; a `lightning=LNURL1...`
//                                 parameter in it (LUD-01 fallback scheme) takes precedence
//   user@domain                   LUD-16 lightning address, also after "lightning:"
//   bitcoin:...                   BIP-21/321 URI; `lightning=` holds an invoice or an LNURL
//   bc1... / 1... / 3... / tb1... / m... / n... / 2... / bcrt1...   on-chain address
// Sans-I/O: nothing is fetched; an LNURL or address target says which URL to GET.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "core/bitcoin/bip21.hpp"
#include "core/lightning/bolt11.hpp"
#include "core/lightning/lnurl.hpp"

namespace flash::lightning {

/// Longest text parse_payment_target() reads: a maximal invoice inside a bitcoin: URI.
inline constexpr std::size_t max_payment_target_length = 8192;

struct InvoiceTarget {
    std::string text;                  ///< the invoice alone, lower case (no "lightning:")
    bolt11::SignedInvoice invoice;     ///< decoded and signature-checked
};

struct OnChainTarget {
    bitcoin::bip21::Uri uri;                ///< a bare address comes back as a URI with only `address`
    std::optional<InvoiceTarget> invoice;   ///< `lightning=` holding a BOLT 11 invoice
    std::optional<lnurl::Link> lnurl;       ///< `lightning=` holding an LNURL
};

using PaymentTarget = std::variant<InvoiceTarget, lnurl::Link, lnurl::LightningAddress, OnChainTarget>;

/// Classifies and decodes `text` (see the forms above). When the text clearly is one kind (an
/// "ln..." invoice, an "lnurl1..." link, a bitcoin: URI, something with '@', a bc1.../tb1...
/// address), that kind's own error comes out, so the user hears *why* it does not work:
/// Error(bad_invoice)/Error(bad_bech32)/Error(bad_checksum) for an invoice, Error(bad_lnurl)
/// for a link or address, Error(bad_uri)/Error(bad_address) for a bitcoin: URI or address.
/// Error(unknown_payment_target) for text that is none of them (BOLT 12 offers included: not
/// supported); Error(too_large) above max_payment_target_length.
PaymentTarget parse_payment_target(std::string_view text);

}  // namespace flash::lightning
