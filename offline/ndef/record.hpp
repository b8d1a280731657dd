// NDEF (NFC Forum Data Exchange Format 1.0): a message is a sequence of records, each a header
// byte (MB, ME, CF, SR, IL flags and the 3-bit TNF), the type, payload and id lengths, then the
// type, id and payload. Short records (SR) carry a 1-byte payload length, others 4 bytes.
// A chunked payload (CF) is spread over an initial record and TNF "unchanged" continuations;
// parse_message reassembles it into one record.
//
// parse_message throws Error(bad_ndef) for anything the NDEF rules forbid: MB missing on the first
// record or set on a later one, no ME or bytes after it, a truncated length or field, the reserved
// TNF 7, an empty record with a type/id/payload, a type on an unknown/unchanged record, a chunk
// sequence that breaks the rules (continuations must be TNF unchanged with no type or id, and the
// message may not end inside it).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "core/bytes.hpp"

namespace flash::offline::ndef {

/// Type Name Format: how to read a record's type field.
enum class Tnf : std::uint8_t {
    empty = 0,         ///< no type, id or payload
    well_known = 1,    ///< NFC Forum RTD: "T" text, "U" URI, "Sp" smart poster, ...
    media = 2,         ///< a MIME media type (RFC 2046), e.g. "application/octet-stream"
    absolute_uri = 3,  ///< the type is an absolute URI (RFC 3986)
    external = 4,      ///< NFC Forum external type, e.g. "android.com:pkg"
    unknown = 5,       ///< no type; the payload is opaque
    unchanged = 6,     ///< continuation chunk (never appears in a parsed or encoded record)
};

struct Record {
    Tnf tnf = Tnf::empty;
    Bytes type;
    Bytes id;
    Bytes payload;
    bool operator==(const Record&) const = default;
};

/// True when `record` is TNF well-known with the given type (compared exactly, as RTD types are).
bool has_well_known_type(const Record& record, std::string_view type) noexcept;

/// The message bytes: MB on the first record, ME on the last, SR for payloads up to 255 bytes,
/// IL when there is an id; never chunked. Throws Error(bad_argument) for no records, a type or id
/// over 255 bytes, a payload of 4 GiB or more, TNF unchanged, an empty record with content, or an
/// unknown record with a type.
Bytes encode_message(std::span<const Record> records);

/// The records of a whole NDEF message (chunks reassembled). Throws Error(bad_ndef) (see above).
std::vector<Record> parse_message(ByteView message);

}  // namespace flash::offline::ndef
