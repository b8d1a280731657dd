#include "offline/ur/fountain_encoder.hpp"

#include <algorithm>

#include "core/codec/crc32.hpp"
#include "core/error.hpp"
#include "offline/ur/fragment_choice.hpp"

namespace flash::offline::ur {

std::size_t FountainEncoder::nominal_fragment_length(std::size_t message_len, std::size_t min_fragment_len,
                                                     std::size_t max_fragment_len) {
    const std::size_t max_count = std::max<std::size_t>(1, message_len / min_fragment_len);
    std::size_t fragment_len = message_len;
    for (std::size_t count = 1; count <= max_count; ++count) {
        fragment_len = (message_len + count - 1) / count;
        if (fragment_len <= max_fragment_len) break;
    }
    return fragment_len;
}

std::vector<Bytes> FountainEncoder::partition(ByteView message, std::size_t fragment_len) {
    std::vector<Bytes> fragments;
    for (std::size_t offset = 0; offset < message.size(); offset += fragment_len) {
        const ByteView piece = message.subspan(offset, std::min(fragment_len, message.size() - offset));
        Bytes fragment(piece.begin(), piece.end());
        fragment.resize(fragment_len, 0);
        fragments.push_back(std::move(fragment));
    }
    return fragments;
}

FountainEncoder::FountainEncoder(ByteView message, std::size_t max_fragment_len, std::uint32_t first_seq_num,
                                 PartOrder order, std::size_t min_fragment_len)
    : seq_num_(first_seq_num), order_(order) {
    if (message.empty()) throw Error(Errc::bad_argument, "fountain encoder: empty message");
    if (min_fragment_len == 0 || max_fragment_len < min_fragment_len)
        throw Error(Errc::bad_argument, "fountain encoder: max fragment length below the minimum");
    if (message.size() > max_message_length) throw Error(Errc::too_large, "fountain encoder: message over 1 MiB");
    fragment_len_ = nominal_fragment_length(message.size(), min_fragment_len, max_fragment_len);
    fragments_ = partition(message, fragment_len_);
    if (fragments_.size() > max_fragment_count)
        throw Error(Errc::too_large, "fountain encoder: over 4096 fragments; use longer fragments");
    message_len_ = static_cast<std::uint32_t>(message.size());
    checksum_ = codec::crc32(message);
}

FountainPart FountainEncoder::next_part() {
    // Parts of at least min(3, n - 1) of n fragments still span every message (for n = 2 that
    // is every part).
    const std::size_t min_degree =
        order_ == PartOrder::skip_sparse && fragments_.size() >= 2 ? std::min<std::size_t>(3, fragments_.size() - 1) : 1;
    std::vector<std::size_t> indexes;
    do {
        if (++seq_num_ == 0) seq_num_ = 1;  // 0 is no sequence number
        indexes = choose_fragments(seq_num_, fragments_.size(), checksum_);
    } while (seq_num_ > fragments_.size() && indexes.size() < min_degree);

    FountainPart part{seq_num_, static_cast<std::uint32_t>(fragments_.size()), message_len_, checksum_,
                      Bytes(fragment_len_, 0)};
    for (const std::size_t index : indexes)
        for (std::size_t i = 0; i < fragment_len_; ++i) part.data[i] ^= fragments_[index][i];
    return part;
}

}  // namespace flash::offline::ur
