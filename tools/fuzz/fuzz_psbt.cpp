// PSBT parsing, and what a signer does with an accepted PSBT: an accepted PSBT re-serialises to
// one that parses to the same model; checking, signing and finalizing it with a fixed wallet key
// either works or fails with a typed error.
#include "core/bitcoin/psbt.hpp"
#include "core/bitcoin/psbt_check.hpp"
#include "core/bitcoin/psbt_sign.hpp"
#include "core/keys/bip32.hpp"
#include "tools/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace flash;
    static const bitcoin::KeySource wallet =
        bitcoin::KeySource::from_master(keys::ExtendedKey::from_seed(Bytes(32, 0x42)));
    fuzz::reject_with_typed_error([&] {
        bitcoin::Psbt psbt = bitcoin::parse_psbt(ByteView(data, size));
        const Bytes bytes = bitcoin::serialize_psbt(psbt);
        fuzz::require(bitcoin::parse_psbt(bytes) == psbt, "PSBT round trip");
        fuzz::require(bitcoin::serialize_psbt(bitcoin::parse_psbt(bytes)) == bytes, "PSBT serialisation is canonical");
        fuzz::reject_with_typed_error([&] { bitcoin::check_psbt(psbt, wallet, keys::Network::mainnet); });
        fuzz::reject_with_typed_error([&] {
            bitcoin::sign_psbt(psbt, wallet, ByteArray<32>{});
            if (bitcoin::finalize_psbt(psbt)) bitcoin::extract_transaction(psbt);
        });
    });
    return 0;
}
