#include "support/cashu_client.hpp"

#include "core/codec/hex.hpp"
#include "core/crypto/random.hpp"

namespace flash::test {

PreparedOutputs prepare_outputs(const cashu::KeysetId& keyset, std::span<const cashu::Amount> amounts) {
    PreparedOutputs prepared;
    for (const cashu::Amount amount : amounts) {
        const wallet::OutputSpec spec{amount, keyset, std::nullopt, codec::hex_encode(crypto::random_array<32>()),
                                      crypto::secret_key_from(crypto::random_array<32>()), false};
        wallet::BlindedOutput output = wallet::blind_output(spec, {});
        prepared.outputs.push_back(output.message);
        prepared.blinded.push_back(std::move(output));
    }
    return prepared;
}

std::vector<cashu::Proof> unblind_proofs(const PreparedOutputs& prepared,
                                         std::span<const cashu::BlindSignature> signatures, const cashu::Keys& keys) {
    std::vector<cashu::Proof> proofs;
    for (std::size_t i = 0; i < signatures.size(); ++i) {
        proofs.push_back(wallet::unblind_output(prepared.blinded.at(i), signatures[i], keys, true));
    }
    return proofs;
}

}  // namespace flash::test
