#include "offline/ur/ur_encoder.hpp"

#include "core/error.hpp"

namespace flash::offline::ur {

UrEncoder::UrEncoder(Ur ur, std::size_t max_fragment_len, LetterCase letter_case, std::uint32_t first_seq_num,
                     PartOrder order)
    : ur_(std::move(ur)), letter_case_(letter_case), fountain_(ur_.cbor, max_fragment_len, first_seq_num, order) {
    if (!is_ur_type(ur_.type)) throw Error(Errc::bad_argument, "invalid UR type: " + ur_.type);
}

std::string UrEncoder::next_part() {
    const FountainPart part = fountain_.next_part();
    return is_single_part() ? encode_single_part(ur_, letter_case_) : encode_multi_part(ur_.type, part, letter_case_);
}

}  // namespace flash::offline::ur
