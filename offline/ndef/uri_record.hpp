// The NFC Forum URI record (RTD-URI 1.0, well-known type "U"): one identifier-code byte naming a
// prefix from a fixed table ("https://", "tel:", ...), then the rest of the URI in UTF-8. Android's
// NdefRecord.createUri and Web NFC "url" records abbreviate; `cashu:` and other schemes outside
// the table use code 0 (no prefix). TNF absolute-URI records (Web NFC "absolute-url") carry the
// whole URI in their type field instead.
#pragma once

#include <string>
#include <string_view>

#include "offline/ndef/record.hpp"

namespace flash::offline::ndef {

/// A URI record using the longest prefix of the table that `uri` starts with. Throws
/// Error(bad_argument) for an empty URI or one that is not UTF-8.
Record make_uri_record(std::string_view uri);

/// True for a well-known "U" record or a TNF absolute-URI record.
bool is_uri_record(const Record& record) noexcept;

/// The full URI of a URI record (prefix expanded) or of an absolute-URI record. Throws
/// Error(bad_ndef) for an empty payload, an identifier code above 0x23 (reserved), or a URI that
/// is empty, not UTF-8 or holds control characters; Error(bad_argument) when !is_uri_record.
std::string parse_uri_record(const Record& record);

}  // namespace flash::offline::ndef
