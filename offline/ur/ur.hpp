// Uniform Resources (Blockchain Commons BCR-2020-005): `ur:<type>/<bytewords>` for a message that
// fits one QR code, `ur:<type>/<seq>-<seqLen>/<bytewords>` for each fountain-coded part of a longer
// one. The bytewords (minimal style) carry the message's CBOR, or a part's CBOR.
//
// NUT-16 (Cashu animated QR) sends a token as type "bytes" whose CBOR is the token text
// (`cashuB...`) as one CBOR byte string: bytes_ur() and bytes_payload().
//
// Parsers throw Error(bad_ur) for a wrong scheme, type, path, sequence component or CBOR, and
// Error(bad_checksum) for a bytewords checksum that does not match; letters may be in any case.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/bytes.hpp"
#include "offline/ur/bytewords.hpp"
#include "offline/ur/fountain_part.hpp"

namespace flash::offline::ur {

struct Ur {
    std::string type;  ///< lower case letters, digits and '-', e.g. "bytes"
    Bytes cbor;        ///< the message
    bool operator==(const Ur&) const = default;
};

/// True for a non-empty string of a-z, 0-9 and '-'.
bool is_ur_type(std::string_view type) noexcept;

/// The UR of type "bytes" carrying `payload` as a CBOR byte string.
Ur bytes_ur(ByteView payload);
/// The payload of a "bytes" UR. Throws Error(bad_ur) for another type or CBOR that is not exactly
/// one byte string.
Bytes bytes_payload(const Ur& ur);

/// `ur:<type>/<bytewords of the CBOR>`. Throws Error(bad_argument) for an invalid type.
std::string encode_single_part(const Ur& ur, LetterCase letter_case = LetterCase::lower);
/// `ur:<type>/<seq_num>-<seq_len>/<bytewords of the part's CBOR>` (the scheme and type follow
/// `letter_case`; digits and separators are the same in both cases).
std::string encode_multi_part(std::string_view type, const FountainPart& part, LetterCase letter_case = LetterCase::lower);

/// A UR string split into its parts; `seq` is set for a multi-part UR.
struct ParsedUr {
    std::string type;
    std::optional<std::pair<std::uint32_t, std::uint32_t>> seq;  ///< (seq_num, seq_len), both >= 1
    Bytes cbor;  ///< the message (single part) or the part's CBOR
};

/// Parses either form. For a multi-part UR the CBOR is not decoded here (see decode_part).
ParsedUr parse_ur(std::string_view text);

/// A single-part UR. Throws Error(bad_ur) for a multi-part one.
Ur decode_single_part(std::string_view text);

}  // namespace flash::offline::ur
