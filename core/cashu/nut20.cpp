#include "core/cashu/nut20.hpp"

#include "core/codec/hex.hpp"
#include "core/crypto/hash.hpp"
#include "core/error.hpp"

namespace flash::cashu {

Bytes nut20_message(std::string_view quote_id, std::span<const BlindedMessage> outputs) {
    Bytes message(quote_id.begin(), quote_id.end());
    for (const BlindedMessage& output : outputs) {
        const std::string hex = codec::hex_encode(output.B_);
        message.insert(message.end(), hex.begin(), hex.end());
    }
    return message;
}

crypto::Signature64 nut20_sign(std::string_view quote_id, std::span<const BlindedMessage> outputs,
                               const crypto::SecretKey& key, ByteView aux32) {
    require_size(aux32, 32, "NUT-20 auxiliary randomness");
    const crypto::Hash256 digest = crypto::sha256(nut20_message(quote_id, outputs));
    return crypto::schnorr_sign(key, digest, aux32);
}

bool nut20_verify(std::string_view quote_id, std::span<const BlindedMessage> outputs,
                  const crypto::PublicKey& pubkey, ByteView signature) noexcept {
    try {
        if (signature.size() != 64) return false;
        const crypto::XOnlyKey xonly = crypto::xonly_from_public_key(pubkey).key;
        const crypto::Hash256 digest = crypto::sha256(nut20_message(quote_id, outputs));
        return crypto::schnorr_verify(xonly, digest, signature);
    } catch (...) {
        return false;  // a pubkey that is not a curve point, or allocation failure
    }
}

}  // namespace flash::cashu
