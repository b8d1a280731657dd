#include "core/cashu/nut12.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/cashu/nut00.hpp"
#include "core/codec/hex.hpp"
#include "core/crypto/hash.hpp"
#include "core/crypto/mac.hpp"
#include "core/error.hpp"

namespace flash::cashu {

namespace {

constexpr std::string_view kNonceTag = "Cashu_DLEQ_R_v1";

/// s*G - e*X for the points of the check (R1 with X = A and G; R2 with B' and C').
crypto::PublicKey combine(const crypto::PublicKey& sP, const crypto::PublicKey& X, ByteView e) {
    return crypto::point_add(sP, crypto::point_negate(crypto::point_mul(X, e)));
}

}  // namespace

ByteArray<32> hash_e(std::span<const crypto::PublicKey> points) {
    std::string text;
    for (const crypto::PublicKey& point : points) text += codec::hex_encode(crypto::uncompress(point));
    return crypto::sha256(as_bytes(text));
}

crypto::SecretKey dleq_nonce(const crypto::SecretKey& a, const crypto::PublicKey& A,
                             const crypto::PublicKey& B_, const crypto::PublicKey& C_) {
    Bytes data = concat(as_bytes(kNonceTag), crypto::uncompress(A), crypto::uncompress(B_), crypto::uncompress(C_));
    data.push_back(0);
    for (unsigned ctr = 0; ctr < 256; ++ctr) {
        data.back() = static_cast<std::uint8_t>(ctr);
        const crypto::Hash256 r = crypto::hmac_sha256(a.view(), data);
        if (crypto::is_valid_secret_key(r)) return crypto::SecretKey(r);
    }
    throw Error(Errc::crypto_failure, "no valid DLEQ nonce in 256 tries");
}

Dleq prove(const crypto::SecretKey& a, const crypto::PublicKey& B_, const crypto::PublicKey& C_) {
    const crypto::PublicKey A = crypto::public_key(a);
    const crypto::SecretKey r = dleq_nonce(a, A, B_, C_);
    const std::array<crypto::PublicKey, 4> points{crypto::public_key(r), crypto::point_mul(B_, r.view()), A, C_};
    Dleq dleq;
    dleq.e = hash_e(points);
    const crypto::SecretKey ea = crypto::secret_key_tweak_mul(a, dleq.e);
    dleq.s = crypto::secret_key_tweak_add(r, ea.view()).array();
    return dleq;
}

bool verify_blind_signature_dleq(const crypto::PublicKey& A, const crypto::PublicKey& B_,
                                 const crypto::PublicKey& C_, const Dleq& dleq) {
    for (const crypto::PublicKey* point : {&A, &B_, &C_}) crypto::parse_public_key(*point);
    if (!crypto::is_valid_secret_key(dleq.s) || !crypto::is_valid_secret_key(dleq.e)) return false;
    try {
        const crypto::SecretKey s(dleq.s);
        const std::array<crypto::PublicKey, 4> points{combine(crypto::public_key(s), A, dleq.e),
                                                      combine(crypto::point_mul(B_, s.view()), C_, dleq.e), A, C_};
        return hash_e(points) == dleq.e;
    } catch (const Error&) {
        return false;  // R1 or R2 is the point at infinity: not a valid proof
    }
}

bool verify_proof_dleq(const crypto::PublicKey& A, const Proof& proof) {
    if (!proof.dleq || !proof.dleq->r) return false;
    crypto::parse_public_key(A);
    crypto::parse_public_key(proof.C);
    if (!crypto::is_valid_secret_key(*proof.dleq->r)) return false;
    const crypto::SecretKey r(*proof.dleq->r);
    crypto::PublicKey B_;
    crypto::PublicKey C_;
    try {
        B_ = blind(as_bytes(proof.secret), r);
        C_ = crypto::point_add(proof.C, crypto::point_mul(A, r.view()));
    } catch (const Error&) {
        return false;  // B' or C' is the point at infinity
    }
    return verify_blind_signature_dleq(A, B_, C_, *proof.dleq);
}

}  // namespace flash::cashu
