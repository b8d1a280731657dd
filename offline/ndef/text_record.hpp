// The NFC Forum Text record (RTD-Text 1.0, well-known type "T"): a status byte (bit 7: UTF-16,
// bits 5..0: length of the language code), the IANA language code, then the text. Android's
// NdefRecord.createTextRecord, Web NFC's "text" records and Cashu wallets (a `cashuB...` token with
// language "en") all write UTF-8, the only encoding read here (UTF-16, which the RTD also allows,
// is refused).
#pragma once

#include <string>
#include <string_view>

#include "offline/ndef/record.hpp"

namespace flash::offline::ndef {

struct TextRecord {
    std::string language;  ///< e.g. "en" (ASCII)
    std::string text;      ///< UTF-8
    bool operator==(const TextRecord&) const = default;
};

/// A UTF-8 Text record. Throws Error(bad_argument) for a language code over 63 characters or not
/// printable ASCII, or text that is not UTF-8.
Record make_text_record(std::string_view text, std::string_view language = "en");

/// Reads a Text record (precondition: has_well_known_type(record, "T")). Throws Error(bad_ndef)
/// for an empty payload, a language code longer than the payload or not printable ASCII, UTF-16
/// or invalid UTF-8 text, and Error(bad_argument) for another record type.
TextRecord parse_text_record(const Record& record);

}  // namespace flash::offline::ndef
