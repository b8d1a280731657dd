// CompactSize: an accepted prefix is exactly the minimal encoding of the value read.
#include "core/codec/compact_size.hpp"
#include "tools/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace flash;
    fuzz::reject_with_typed_error([&] {
        ByteView rest(data, size);
        const std::uint64_t value = codec::read_compact_size(rest);
        Bytes encoded;
        codec::write_compact_size(encoded, value);
        fuzz::require(ByteView(data, size - rest.size()).size() == encoded.size() &&
                          std::equal(encoded.begin(), encoded.end(), data),
                      "compact-size round trip");
    });
    return 0;
}
