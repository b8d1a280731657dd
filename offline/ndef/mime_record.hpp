// MIME media records (TNF media, RFC 2046 types): Android's NdefRecord.createMime, Web NFC "mime"
// records. Cashu wallets (cashu.me, Numo) put the binary `craw` token in one of type
// "application/octet-stream".
#pragma once

#include <string>
#include <string_view>

#include "offline/ndef/record.hpp"

namespace flash::offline::ndef {

inline constexpr std::string_view octet_stream = "application/octet-stream";

/// True for "type/subtype" of RFC 7230 token characters, optionally followed by ";" parameters
/// of printable ASCII.
bool is_media_type(std::string_view media_type) noexcept;

/// A MIME record; the type is stored in lower case, as Android normalises it. Throws
/// Error(bad_argument) when !is_media_type(media_type).
Record make_mime_record(std::string_view media_type, ByteView data);

/// The media type of a TNF media record, in lower case. Throws Error(bad_ndef) when the type is
/// not a media type, Error(bad_argument) for a record of another TNF.
std::string mime_type(const Record& record);

}  // namespace flash::offline::ndef
