// CBOR decoding (Cashu v4 tokens, UR): an accepted item encodes deterministically to bytes that
// decode to the same item.
#include "core/codec/cbor.hpp"
#include "tools/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace flash;
    fuzz::reject_with_typed_error([&] {
        const codec::Cbor item = codec::cbor_decode(ByteView(data, size));
        const Bytes canonical = codec::cbor_encode(item);
        fuzz::require(codec::cbor_decode(canonical) == item, "CBOR round trip");
        fuzz::require(codec::cbor_encode(codec::cbor_decode(canonical)) == canonical, "CBOR encoding is deterministic");
    });
    return 0;
}
