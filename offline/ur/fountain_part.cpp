#include "offline/ur/fountain_part.hpp"

#include <limits>
#include <string>

#include "core/codec/cbor.hpp"
#include "core/error.hpp"

namespace flash::offline::ur {

namespace {

[[noreturn]] void fail(const std::string& detail) { throw Error(Errc::bad_ur, "fountain part: " + detail); }

std::uint32_t as_uint32(const codec::Cbor& value, const char* what) {
    const std::uint64_t n = value.as_uint();
    if (n > std::numeric_limits<std::uint32_t>::max()) fail(std::string(what) + " out of range");
    return static_cast<std::uint32_t>(n);
}

}  // namespace

void check_part(const FountainPart& part) {
    if (part.seq_num == 0) fail("sequence number 0");
    if (part.message_len == 0 || part.message_len > max_message_length) fail("message length out of range");
    if (part.seq_len == 0 || part.seq_len > max_fragment_count) fail("sequence length out of range");
    if (part.data.empty() || part.data.size() > part.message_len) fail("fragment length out of range");
    const std::size_t fragments = (std::size_t{part.message_len} + part.data.size() - 1) / part.data.size();
    if (fragments != part.seq_len) fail("sequence length does not match message and fragment lengths");
}

Bytes encode_part(const FountainPart& part) {
    return codec::cbor_encode(codec::Cbor::Array{part.seq_num, part.seq_len, part.message_len, part.checksum, part.data});
}

FountainPart decode_part(ByteView cbor) {
    FountainPart part;
    try {
        const codec::Cbor decoded = codec::cbor_decode(cbor, 1);
        const auto& fields = decoded.as_array();
        if (fields.size() != 5) fail("expected 5 fields");
        part.seq_num = as_uint32(fields[0], "sequence number");
        part.seq_len = as_uint32(fields[1], "sequence length");
        part.message_len = as_uint32(fields[2], "message length");
        part.checksum = as_uint32(fields[3], "checksum");
        part.data = fields[4].as_bytes();
    } catch (const Error& e) {
        if (e.code() == Errc::bad_ur) throw;
        fail(e.what());
    }
    check_part(part);
    return part;
}

}  // namespace flash::offline::ur
