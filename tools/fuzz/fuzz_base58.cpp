// base58 and base58check decoding: accepted text re-encodes to itself.
#include "core/codec/base58.hpp"
#include "tools/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace flash;
    const auto input = fuzz::text(data, size);
    fuzz::reject_with_typed_error([&] {
        fuzz::require(codec::base58_encode(codec::base58_decode(input)) == input, "base58 round trip");
    });
    fuzz::reject_with_typed_error([&] {
        fuzz::require(codec::base58check_encode(codec::base58check_decode(input)) == input, "base58check round trip");
    });
    return 0;
}
