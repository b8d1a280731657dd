#include "offline/ndef/record.hpp"

#include <limits>
#include <optional>
#include <string>

#include "core/error.hpp"

namespace flash::offline::ndef {

namespace {

constexpr std::uint8_t kMb = 0x80, kMe = 0x40, kCf = 0x20, kSr = 0x10, kIl = 0x08, kTnfMask = 0x07;

[[noreturn]] void fail(const std::string& detail) { throw Error(Errc::bad_ndef, "NDEF: " + detail); }

/// One record as it is on the wire, before chunks are joined.
struct WireRecord {
    std::uint8_t flags = 0;
    Tnf tnf = Tnf::empty;
    Bytes type, id, payload;
};

class Reader {
public:
    explicit Reader(ByteView bytes) : bytes_(bytes) {}
    bool done() const { return offset_ == bytes_.size(); }
    std::uint8_t byte() {
        if (offset_ >= bytes_.size()) fail("truncated record");
        return bytes_[offset_++];
    }
    std::uint32_t u32() {
        std::uint32_t value = 0;
        for (int i = 0; i < 4; ++i) value = (value << 8) | byte();
        return value;
    }
    Bytes take(std::size_t n) {
        if (n > bytes_.size() - offset_) fail("a length runs past the end of the message");
        Bytes out(bytes_.begin() + static_cast<std::ptrdiff_t>(offset_), bytes_.begin() + static_cast<std::ptrdiff_t>(offset_ + n));
        offset_ += n;
        return out;
    }

private:
    ByteView bytes_;
    std::size_t offset_ = 0;
};

WireRecord read_record(Reader& in) {
    WireRecord record;
    record.flags = in.byte();
    const std::uint8_t tnf = record.flags & kTnfMask;
    if (tnf == 7) fail("reserved TNF 7");
    record.tnf = static_cast<Tnf>(tnf);
    const std::uint8_t type_length = in.byte();
    const std::uint32_t payload_length = (record.flags & kSr) ? in.byte() : in.u32();
    const std::uint8_t id_length = (record.flags & kIl) ? in.byte() : 0;
    record.type = in.take(type_length);
    record.id = in.take(id_length);
    record.payload = in.take(payload_length);

    if (record.tnf == Tnf::empty && (type_length || id_length || payload_length))
        fail("an empty record with a type, id or payload");
    if ((record.tnf == Tnf::unknown || record.tnf == Tnf::unchanged) && type_length)
        fail("an unknown or unchanged record with a type");
    return record;
}

void check_encodable(const Record& record) {
    if (record.type.size() > 255 || record.id.size() > 255) throw Error(Errc::bad_argument, "NDEF type or id over 255 bytes");
    if (record.payload.size() > std::numeric_limits<std::uint32_t>::max())
        throw Error(Errc::bad_argument, "NDEF payload of 4 GiB or more");
    if (record.tnf == Tnf::unchanged || static_cast<std::uint8_t>(record.tnf) > 6)
        throw Error(Errc::bad_argument, "NDEF record with TNF unchanged or reserved");
    if (record.tnf == Tnf::empty && (!record.type.empty() || !record.id.empty() || !record.payload.empty()))
        throw Error(Errc::bad_argument, "empty NDEF record with content");
    if (record.tnf == Tnf::unknown && !record.type.empty()) throw Error(Errc::bad_argument, "unknown NDEF record with a type");
}

}  // namespace

bool has_well_known_type(const Record& record, std::string_view type) noexcept {
    return record.tnf == Tnf::well_known && as_chars(record.type) == type;
}

Bytes encode_message(std::span<const Record> records) {
    if (records.empty()) throw Error(Errc::bad_argument, "an NDEF message needs a record (an empty record for none)");
    Bytes out;
    for (std::size_t i = 0; i < records.size(); ++i) {
        const Record& record = records[i];
        check_encodable(record);
        const bool short_record = record.payload.size() <= 255;
        std::uint8_t flags = static_cast<std::uint8_t>(record.tnf);
        if (i == 0) flags |= kMb;
        if (i + 1 == records.size()) flags |= kMe;
        if (short_record) flags |= kSr;
        if (!record.id.empty()) flags |= kIl;
        out.push_back(flags);
        out.push_back(static_cast<std::uint8_t>(record.type.size()));
        const auto payload_length = static_cast<std::uint32_t>(record.payload.size());
        if (short_record) {
            out.push_back(static_cast<std::uint8_t>(payload_length));
        } else {
            for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(payload_length >> shift));
        }
        if (!record.id.empty()) out.push_back(static_cast<std::uint8_t>(record.id.size()));
        out.insert(out.end(), record.type.begin(), record.type.end());
        out.insert(out.end(), record.id.begin(), record.id.end());
        out.insert(out.end(), record.payload.begin(), record.payload.end());
    }
    return out;
}

std::vector<Record> parse_message(ByteView message) {
    if (message.empty()) fail("empty message");
    Reader in(message);
    std::vector<Record> records;
    std::optional<Record> chunked;  // the record whose chunks are being joined
    bool first = true;
    for (;;) {
        WireRecord wire = read_record(in);
        if (first != static_cast<bool>(wire.flags & kMb)) fail(first ? "first record without MB" : "MB on a later record");
        first = false;
        const bool more_chunks = wire.flags & kCf;
        const bool last = wire.flags & kMe;

        if (chunked) {
            if (wire.tnf != Tnf::unchanged || !wire.id.empty()) fail("a chunk continuation must be TNF unchanged without id");
            chunked->payload.insert(chunked->payload.end(), wire.payload.begin(), wire.payload.end());
            if (!more_chunks) {
                records.push_back(std::move(*chunked));
                chunked.reset();
            }
        } else {
            if (wire.tnf == Tnf::unchanged) fail("TNF unchanged outside a chunked record");
            Record record{wire.tnf, std::move(wire.type), std::move(wire.id), std::move(wire.payload)};
            if (more_chunks && record.tnf == Tnf::empty) fail("a chunked empty record");
            if (more_chunks)
                chunked = std::move(record);
            else
                records.push_back(std::move(record));
        }

        if (last) {
            if (chunked) fail("message ends inside a chunked record");
            if (!in.done()) fail("bytes after the last record (ME)");
            return records;
        }
        if (in.done()) fail("no record with ME");
    }
}

}  // namespace flash::offline::ndef
