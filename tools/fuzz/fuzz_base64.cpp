// base64 and base64url decoding: accepted text decodes to bytes that re-encode and decode the same.
#include "core/codec/base64.hpp"
#include "tools/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace flash;
    const auto input = fuzz::text(data, size);
    fuzz::reject_with_typed_error([&] {
        const Bytes decoded = codec::base64_decode(input);
        fuzz::require(codec::base64_decode(codec::base64_encode(decoded)) == decoded, "base64 round trip");
    });
    fuzz::reject_with_typed_error([&] {
        const Bytes decoded = codec::base64url_decode(input);
        fuzz::require(codec::base64url_decode(codec::base64url_encode(decoded)) == decoded, "base64url round trip");
    });
    return 0;
}
