// NIP-49 ncryptsec parsing. Decryption is tried only for cheap scrypt costs: the cost is part of
// the input, and an honest 2^22 costs seconds, which is policy (a caller's limit), not a bug.
#include "core/keys/nip49.hpp"
#include "tools/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace flash;
    const auto input = fuzz::text(data, size);
    fuzz::reject_with_typed_error([&] {
        const auto info = keys::ncryptsec_inspect(input);
        if (info.log_n <= 4) (void)keys::ncryptsec_decrypt(input, "password");
    });
    return 0;
}
