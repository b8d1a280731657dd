// The fountain decoder: rebuilds a message from parts received in any order, with duplicates and
// gaps. Each part is one linear equation over GF(2) (the XOR of the fragments choose_fragments()
// names); the decoder keeps the equations in reduced row-echelon form and is done when they are
// independent seq_len times. This needs no more parts than bc-ur's peeling decoder, usually fewer
// (it also combines mixed parts that neither contains the other), and keeps at most seq_len rows.
//
// The first part fixes the message (seq_len, message_len, checksum, fragment length); a part that
// disagrees is refused with Error(ur_mismatch) and changes nothing. When the rebuilt message does
// not match the checksum (a sender that mixed two messages under one checksum) receive_part
// throws Error(bad_checksum) and the decoder starts over.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "core/bytes.hpp"
#include "offline/ur/fountain_part.hpp"

namespace flash::offline::ur {

class FountainDecoder {
public:
    /// Adds a part. Returns true when it added information, false for a part that was redundant
    /// (a duplicate, or a combination of parts already received) or arrived after completion.
    /// Throws Error(bad_ur) for a part that fails check_part, Error(ur_mismatch) and
    /// Error(bad_checksum) as described above.
    bool receive_part(const FountainPart& part);

    bool is_complete() const noexcept { return message_.has_value(); }
    /// The rebuilt message. Throws Error(bad_argument) before completion.
    const Bytes& message() const;

    /// Independent equations held, 0..100 (100 exactly when complete); 0 before the first part.
    unsigned progress_percent() const noexcept;
    /// seq_len of the message, 0 before the first part.
    std::size_t expected_part_count() const noexcept { return header_ ? header_->seq_len : 0; }
    /// Parts accepted (redundant ones included) since the start.
    std::size_t received_part_count() const noexcept { return received_; }

private:
    struct Header {
        std::uint32_t seq_len, message_len, checksum;
        std::size_t fragment_len;
    };
    struct Row {
        std::vector<std::uint64_t> columns;  // bit i: fragment i is mixed in
        Bytes data;
    };

    void start(const FountainPart& part);
    void finish();

    std::optional<Header> header_;
    std::vector<std::optional<Row>> pivots_;  // the row whose leading column is i, if any
    std::size_t rank_ = 0;
    std::size_t received_ = 0;
    std::optional<Bytes> message_;
};

}  // namespace flash::offline::ur
