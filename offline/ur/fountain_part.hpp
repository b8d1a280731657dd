// One part of a fountain-coded message (bc-ur `FountainEncoder::Part`) and its CBOR form,
// [seqNum, seqLen, messageLen, checksum, fragment], which a multi-part UR carries as bytewords.
//
// Limits (cdk's NUT-16 caps): a message of at most 1 MiB in at most 4096 fragments. A part must
// be self-consistent: seqNum >= 1, messageLen >= 1, a non-empty fragment no longer than the
// message, and seqLen == ceil(messageLen / fragment length), since every encoder cuts the message
// into seqLen fragments of that length. The decoder relies on these to bound its memory.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/bytes.hpp"

namespace flash::offline::ur {

/// Longest message (the UR's CBOR) that the encoder writes and the decoder accepts.
inline constexpr std::size_t max_message_length = std::size_t{1} << 20;
/// Most fragments a message may be cut into.
inline constexpr std::size_t max_fragment_count = 4096;

struct FountainPart {
    std::uint32_t seq_num = 0;      ///< 1-based; parts 1..seq_len carry one fragment each
    std::uint32_t seq_len = 0;      ///< number of fragments of the message
    std::uint32_t message_len = 0;  ///< length of the message before padding
    std::uint32_t checksum = 0;     ///< CRC-32 of the whole message
    Bytes data;                     ///< one fragment, or the XOR of several (zero-padded at the end)
    bool operator==(const FountainPart&) const = default;
};

/// Throws Error(bad_ur) unless `part` satisfies the limits and consistency rules above.
void check_part(const FountainPart& part);

/// The part's CBOR. Precondition: check_part(part) passes.
Bytes encode_part(const FountainPart& part);

/// Decodes a part's CBOR (canonical, as every bc-ur implementation writes it) and checks it.
/// Throws Error(bad_ur) for anything else.
FountainPart decode_part(ByteView cbor);

}  // namespace flash::offline::ur
