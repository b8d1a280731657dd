// BIP-32 extended key parsing (xprv/xpub/zpub, ...): an accepted key serialises back to itself.
#include "core/keys/bip32.hpp"
#include "tools/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace flash;
    const auto input = fuzz::text(data, size);
    fuzz::reject_with_typed_error([&] {
        const auto key = keys::ExtendedKey::parse(input);
        fuzz::require(key.to_base58(key.versions()) == input, "extended key round trip");
    });
    return 0;
}
