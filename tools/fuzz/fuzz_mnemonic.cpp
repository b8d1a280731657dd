// BIP-39 mnemonic checking: accepted text is exactly the mnemonic of the entropy it yields.
#include "core/keys/bip39.hpp"
#include "tools/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace flash;
    const auto input = fuzz::text(data, size);
    fuzz::reject_with_typed_error([&] {
        const auto entropy = keys::entropy_from_mnemonic(input);
        const auto again = keys::entropy_from_mnemonic(keys::mnemonic_from_entropy(entropy));
        fuzz::require(again == entropy, "mnemonic round trip");
    });
    fuzz::reject_with_typed_error([&] { (void)keys::words_with_prefix(input); });
    return 0;
}
