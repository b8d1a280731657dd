// Segwit address decoding on mainnet and testnet: an accepted address re-encodes to its
// lower-case self.
#include "core/bitcoin/address.hpp"
#include "tools/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace flash;
    const auto input = fuzz::text(data, size);
    for (const char* hrp : {"bc", "tb"}) {
        fuzz::reject_with_typed_error([&] {
            const auto program = bitcoin::segwit_address_decode(hrp, input);
            fuzz::require(bitcoin::segwit_address_encode(hrp, program.version, program.program) == fuzz::lower_ascii(input),
                          "segwit address round trip");
        });
    }
    return 0;
}
