// bech32/bech32m decoding with the long limit BOLT11 uses: accepted strings re-encode to their
// lower-case selves.
#include "core/codec/bech32.hpp"
#include "tools/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace flash;
    const auto input = fuzz::text(data, size);
    fuzz::reject_with_typed_error([&] {
        const auto decoded = codec::bech32_decode(input, 2048);
        fuzz::require(codec::bech32_encode(decoded.hrp, decoded.data, decoded.variant, 2048) == fuzz::lower_ascii(input),
                      "bech32 round trip");
    });
    return 0;
}
