#include "core/cashu/nut00.hpp"

#include <algorithm>
#include <cstdint>

#include "core/crypto/hash.hpp"
#include "core/error.hpp"

namespace flash::cashu {

crypto::PublicKey hash_to_curve(ByteView message) {
    const crypto::Hash256 msg_hash = crypto::sha256(concat(as_bytes(kHashToCurveDomain), message));
    Bytes input(msg_hash.begin(), msg_hash.end());
    input.resize(msg_hash.size() + 4);
    ByteArray<33> candidate{};
    candidate[0] = 0x02;
    for (std::uint32_t counter = 0; counter < (1u << 16); ++counter) {
        for (std::size_t i = 0; i < 4; ++i)
            input[msg_hash.size() + i] = static_cast<std::uint8_t>(counter >> (8 * i));
        const crypto::Hash256 x = crypto::sha256(input);
        std::copy(x.begin(), x.end(), candidate.begin() + 1);
        try {
            return crypto::parse_public_key(candidate);
        } catch (const Error&) {
            // x is not on the curve: try the next counter.
        }
    }
    throw Error(Errc::crypto_failure, "hash_to_curve: no point found");
}

crypto::PublicKey blind(ByteView secret, const crypto::SecretKey& r) {
    return crypto::point_tweak_add(hash_to_curve(secret), r.view());
}

crypto::PublicKey sign_blinded(const crypto::SecretKey& k, const crypto::PublicKey& B_) {
    return crypto::point_mul(B_, k.view());
}

crypto::PublicKey unblind(const crypto::PublicKey& C_, const crypto::SecretKey& r, const crypto::PublicKey& K) {
    return crypto::point_add(C_, crypto::point_negate(crypto::point_mul(K, r.view())));
}

bool verify_proof_signature(const crypto::SecretKey& k, ByteView secret, const crypto::PublicKey& C) {
    return crypto::point_mul(hash_to_curve(secret), k.view()) == C;
}

}  // namespace flash::cashu
