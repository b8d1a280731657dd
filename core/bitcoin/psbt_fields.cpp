#include "core/bitcoin/psbt_fields.hpp"

#include "core/codec/compact_size.hpp"
#include "core/error.hpp"

namespace flash::bitcoin::psbt_field {

Bytes encode_origin(const KeyOrigin& origin) {
    Bytes out(origin.fingerprint.begin(), origin.fingerprint.end());
    for (const std::uint32_t index : origin.path) write_u32(out, index);
    return out;
}

KeyOrigin decode_origin(ByteView value) {
    if (value.size() < 4 || value.size() % 4 != 0)
        throw Error(Errc::bad_psbt, "key origin must be a 4-byte fingerprint and 4-byte path elements");
    WireReader in(value, Errc::bad_psbt);
    KeyOrigin origin;
    const ByteView fingerprint = in.bytes(4);
    std::copy(fingerprint.begin(), fingerprint.end(), origin.fingerprint.begin());
    while (!in.empty()) origin.path.push_back(in.u32());
    return origin;
}

Bytes encode_tap_origin(const TapKeyOrigin& origin) {
    Bytes out;
    codec::write_compact_size(out, origin.leaf_hashes.size());
    for (const crypto::Hash256& leaf : origin.leaf_hashes) out.insert(out.end(), leaf.begin(), leaf.end());
    const Bytes rest = encode_origin(origin.origin);
    out.insert(out.end(), rest.begin(), rest.end());
    return out;
}

TapKeyOrigin decode_tap_origin(ByteView value) {
    WireReader in(value, Errc::bad_psbt);
    TapKeyOrigin origin;
    origin.leaf_hashes.resize(static_cast<std::size_t>(in.compact_size(in.remaining() / 32)));
    for (crypto::Hash256& leaf : origin.leaf_hashes) leaf = in.array32();
    origin.origin = decode_origin(in.bytes(in.remaining()));
    return origin;
}

Bytes encode_witness(const std::vector<Bytes>& stack) {
    Bytes out;
    codec::write_compact_size(out, stack.size());
    for (const Bytes& item : stack) write_var_bytes(out, item);
    return out;
}

std::vector<Bytes> decode_witness(ByteView value) {
    WireReader in(value, Errc::bad_psbt);
    std::vector<Bytes> stack(static_cast<std::size_t>(in.compact_size(in.remaining())));
    for (Bytes& item : stack) {
        const ByteView bytes = in.var_bytes();
        item.assign(bytes.begin(), bytes.end());
    }
    in.expect_end("the witness stack");
    return stack;
}

}  // namespace flash::bitcoin::psbt_field
