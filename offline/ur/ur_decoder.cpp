#include "offline/ur/ur_decoder.hpp"

#include "core/error.hpp"

namespace flash::offline::ur {

bool UrDecoder::receive_part(std::string_view text) {
    ParsedUr parsed = parse_ur(text);
    if (is_complete()) return false;
    if (type_ && parsed.type != *type_)
        throw Error(Errc::ur_mismatch, "part of a ur:" + parsed.type + " while reading a ur:" + *type_);

    if (!parsed.seq) {
        received_++;
        type_ = parsed.type;
        result_ = Ur{std::move(parsed.type), std::move(parsed.cbor)};
        return true;
    }
    const FountainPart part = decode_part(parsed.cbor);
    if (part.seq_num != parsed.seq->first || part.seq_len != parsed.seq->second)
        throw Error(Errc::bad_ur, "sequence component does not match the part");
    bool added = false;
    try {
        added = fountain_.receive_part(part);
    } catch (const Error& e) {
        if (e.code() == Errc::bad_checksum) *this = UrDecoder();  // the fountain decoder restarted
        throw;
    }
    received_++;
    type_ = parsed.type;
    if (fountain_.is_complete()) result_ = Ur{std::move(parsed.type), fountain_.message()};
    return added;
}

const Ur& UrDecoder::result() const {
    if (!result_) throw Error(Errc::bad_argument, "UR decoder: not complete");
    return *result_;
}

unsigned UrDecoder::progress_percent() const noexcept { return is_complete() ? 100 : fountain_.progress_percent(); }

std::size_t UrDecoder::expected_part_count() const noexcept {
    if (is_complete() && fountain_.expected_part_count() == 0) return 1;
    return fountain_.expected_part_count();
}

}  // namespace flash::offline::ur
