// Unicode normalisation of untrusted UTF-8 (mnemonics, passphrases, passwords): every form is
// idempotent, and the compatibility forms are stable under each other.
#include "core/keys/unicode.hpp"
#include "tools/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace flash;
    const auto input = fuzz::text(data, size);
    fuzz::reject_with_typed_error([&] {
        const std::string d = keys::nfkd(input), c = keys::nfkc(input);
        fuzz::require(keys::nfkd(d) == d && keys::nfkc(c) == c, "normalisation is idempotent");
        fuzz::require(keys::nfkd(c) == d && keys::nfkc(d) == c, "NFKC and NFKD agree");
        fuzz::require(keys::nfc(keys::nfd(input)) == keys::nfc(input), "NFC of NFD is NFC");
    });
    return 0;
}
