// Frames for an animated QR code: a UR cut into fountain-coded parts, as NUT-16 wallets show them.
//   UrEncoder encoder(bytes_ur(as_bytes(token)), 150);
//   for (;;) show_qr(encoder.next_part());   // "UR:BYTES/1-12/LPAD...", "UR:BYTES/2-12/...", ...
// A message that fits one fragment gives the single-part `ur:<type>/...` every time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "offline/ur/fountain_encoder.hpp"
#include "offline/ur/ur.hpp"

namespace flash::offline::ur {

class UrEncoder {
public:
    /// Wallets use `max_fragment_len` from 50 to 200 bytes. Upper case (the default) lets the QR
    /// code use alphanumeric mode; every bc-ur decoder accepts both cases. `order`: see
    /// FountainEncoder. Throws as FountainEncoder does, and Error(bad_argument) for an invalid type.
    UrEncoder(Ur ur, std::size_t max_fragment_len, LetterCase letter_case = LetterCase::upper,
              std::uint32_t first_seq_num = 0, PartOrder order = PartOrder::skip_sparse);

    std::string next_part();

    /// Parts needed at the least (the number of fragments); 1 for a single-part UR.
    std::size_t seq_len() const noexcept { return fountain_.seq_len(); }
    bool is_single_part() const noexcept { return fountain_.is_single_part(); }

private:
    Ur ur_;
    LetterCase letter_case_;
    FountainEncoder fountain_;
};

}  // namespace flash::offline::ur
