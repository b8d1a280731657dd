// hex_decode: accepted text re-encodes to its lower-case self.
#include "core/codec/hex.hpp"
#include "tools/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace flash;
    const auto input = fuzz::text(data, size);
    fuzz::reject_with_typed_error([&] {
        fuzz::require(codec::hex_encode(codec::hex_decode(input)) == fuzz::lower_ascii(input), "hex round trip");
    });
    return 0;
}
