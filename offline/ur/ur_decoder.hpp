// Reads the frames of an animated QR code (or a single-part UR) back into the UR:
//   UrDecoder decoder;
//   while (!decoder.is_complete()) decoder.receive_part(scan());   // any order, gaps, repeats
//   Bytes token = bytes_payload(decoder.result());
// Frames that do not parse throw and leave the decoder as it was, so a scanner can skip a misread
// and go on.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "offline/ur/fountain_decoder.hpp"
#include "offline/ur/ur.hpp"

namespace flash::offline::ur {

class UrDecoder {
public:
    /// Adds one UR string. Returns true when it added information, false when it was redundant or
    /// arrived after completion. Throws Error(bad_ur) / Error(bad_checksum) for a string that does
    /// not parse (see parse_ur, decode_part) or whose sequence component disagrees with its CBOR,
    /// Error(ur_mismatch) for a part of another type or message than the first one received, and
    /// Error(bad_checksum) when the rebuilt message fails its checksum (the decoder then restarts).
    bool receive_part(std::string_view text);

    bool is_complete() const noexcept { return result_.has_value(); }
    /// Throws Error(bad_argument) before completion.
    const Ur& result() const;

    /// 0..100, see FountainDecoder::progress_percent.
    unsigned progress_percent() const noexcept;
    /// Fragments of the message (0 until the first multi-part frame; 1 for a single-part UR).
    std::size_t expected_part_count() const noexcept;
    /// Frames accepted so far (redundant ones included).
    std::size_t received_part_count() const noexcept { return received_; }

private:
    std::optional<std::string> type_;
    FountainDecoder fountain_;
    std::size_t received_ = 0;
    std::optional<Ur> result_;
};

}  // namespace flash::offline::ur
