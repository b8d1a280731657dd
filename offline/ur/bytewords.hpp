// Bytewords (Blockchain Commons BCR-2020-012): each byte is one of 256 four-letter English words,
// followed by the words of the big-endian CRC-32 of the data. The minimal style keeps only each
// word's first and last letter (the pair is unique), which is what UR strings carry.
//
// Encoding writes lower or upper case; upper case lets a QR code use its denser alphanumeric mode
// ("UR:BYTES/..."). Decoding ignores case. Decoders throw Error(bad_ur) for a character, word or
// length that is not bytewords and Error(bad_checksum) when the CRC-32 does not match.
#pragma once

#include <string>
#include <string_view>

#include "core/bytes.hpp"

namespace flash::offline::ur {

enum class BytewordsStyle {
    standard,  ///< four-letter words separated by spaces: "able acid also ..."
    uri,       ///< four-letter words separated by '-': "able-acid-also-..."
    minimal,   ///< two letters per byte, no separator: "aeadao..."
};

enum class LetterCase { lower, upper };

/// `data` followed by its CRC-32, as bytewords of the given style and case.
std::string bytewords_encode(ByteView data, BytewordsStyle style, LetterCase letter_case = LetterCase::lower);

/// The data of a bytewords string in the given style (either case). The string must hold at least
/// one data byte besides the 4 checksum bytes, single separators and no surrounding spaces.
Bytes bytewords_decode(std::string_view text, BytewordsStyle style);

}  // namespace flash::offline::ur
