#include "offline/ur/fountain_decoder.hpp"

#include <algorithm>
#include <bit>

#include "core/codec/crc32.hpp"
#include "core/error.hpp"
#include "offline/ur/fragment_choice.hpp"

namespace flash::offline::ur {

namespace {

bool has_column(const std::vector<std::uint64_t>& columns, std::size_t i) { return (columns[i / 64] >> (i % 64)) & 1; }

void xor_into(std::vector<std::uint64_t>& columns, Bytes& data, const std::vector<std::uint64_t>& other_columns,
              const Bytes& other_data) {
    for (std::size_t w = 0; w < columns.size(); ++w) columns[w] ^= other_columns[w];
    for (std::size_t i = 0; i < data.size(); ++i) data[i] ^= other_data[i];
}

/// The lowest set column, or nullopt for an all-zero row.
std::optional<std::size_t> leading_column(const std::vector<std::uint64_t>& columns) {
    for (std::size_t w = 0; w < columns.size(); ++w)
        if (columns[w] != 0) return w * 64 + static_cast<std::size_t>(std::countr_zero(columns[w]));
    return std::nullopt;
}

}  // namespace

void FountainDecoder::start(const FountainPart& part) {
    header_ = Header{part.seq_len, part.message_len, part.checksum, part.data.size()};
    pivots_.assign(part.seq_len, std::nullopt);
    rank_ = 0;
}

bool FountainDecoder::receive_part(const FountainPart& part) {
    check_part(part);
    if (is_complete()) return false;
    if (!header_) {
        start(part);
    } else if (part.seq_len != header_->seq_len || part.message_len != header_->message_len ||
               part.checksum != header_->checksum || part.data.size() != header_->fragment_len) {
        throw Error(Errc::ur_mismatch, "part of another message (sequence length, message length or checksum differs)");
    }
    ++received_;

    Row row{std::vector<std::uint64_t>((part.seq_len + 63) / 64, 0), part.data};
    for (const std::size_t i : choose_fragments(part.seq_num, part.seq_len, part.checksum))
        row.columns[i / 64] |= std::uint64_t{1} << (i % 64);

    // Clear every column that already leads a row. The rows are fully reduced, so XORing one in
    // only touches columns that lead no row: one pass suffices.
    for (std::size_t i = 0; i < pivots_.size(); ++i)
        if (pivots_[i] && has_column(row.columns, i)) xor_into(row.columns, row.data, pivots_[i]->columns, pivots_[i]->data);
    const std::optional<std::size_t> lead = leading_column(row.columns);
    if (!lead) return false;

    // Keep the other rows reduced: clear the new leading column from them.
    for (auto& pivot : pivots_)
        if (pivot && has_column(pivot->columns, *lead)) xor_into(pivot->columns, pivot->data, row.columns, row.data);
    pivots_[*lead] = std::move(row);
    if (++rank_ == pivots_.size()) finish();
    return true;
}

void FountainDecoder::finish() {
    // Full rank and fully reduced: row i is fragment i alone.
    Bytes message;
    message.reserve(pivots_.size() * header_->fragment_len);
    for (const auto& pivot : pivots_) message.insert(message.end(), pivot->data.begin(), pivot->data.end());
    message.resize(header_->message_len);
    if (codec::crc32(message) != header_->checksum) {
        *this = FountainDecoder();
        throw Error(Errc::bad_checksum, "fountain-decoded message does not match its checksum");
    }
    message_ = std::move(message);
}

const Bytes& FountainDecoder::message() const {
    if (!message_) throw Error(Errc::bad_argument, "fountain decoder: message not complete");
    return *message_;
}

unsigned FountainDecoder::progress_percent() const noexcept {
    if (is_complete()) return 100;
    if (pivots_.empty()) return 0;
    return static_cast<unsigned>(rank_ * 100 / pivots_.size());
}

}  // namespace flash::offline::ur
