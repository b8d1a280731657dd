// NUT-12 DLEQ: every vector of cashu/12-tests.md (hash_e, deterministic nonce, BlindSignature and
// Proof verification), read from shared/vectors, and tampered proofs that must fail.
#include <array>
#include <catch2/catch.hpp>
#include <string>

#include "core/cashu/nut00.hpp"
#include "core/cashu/nut12.hpp"
#include "core/cashu/proof_json.hpp"
#include "core/codec/hex.hpp"
#include "support/errors.hpp"
#include "support/markdown_vectors.hpp"

using namespace flash;
using namespace flash::cashu;
using codec::hex_decode;
using codec::hex_encode;

namespace {

crypto::PublicKey point(const std::string& hex) { return crypto::parse_public_key(hex_decode(hex)); }

Dleq dleq_from(const nlohmann::json& value) {
    Dleq dleq;
    dleq.e = codec::hex_decode_array<32>(value["e"].get<std::string>());
    dleq.s = codec::hex_decode_array<32>(value["s"].get<std::string>());
    return dleq;
}

}  // namespace

TEST_CASE("NUT-12 vectors", "[cashu][nut12]") {
    const auto md = test::load_markdown_vectors("cashu/12-tests.md");
    REQUIRE(md.blocks.size() == 2);

    // hash_e
    const std::array<crypto::PublicKey, 4> points{point(md.value("R1")), point(md.value("R2")), point(md.value("K")),
                                                  point(md.values("C_").at(0))};
    CHECK(hex_encode(hash_e(points)) == md.value("hash(R1, R2, K, C_)"));

    // The nonce-derivation vector: prove() reproduces (e, s), which verify for a's key.
    const crypto::SecretKey a = crypto::secret_key_from(hex_decode(md.value("a")));
    const crypto::PublicKey A = point(md.values("A").at(0));
    CHECK(crypto::public_key(a) == A);
    const crypto::PublicKey B_ = point(md.values("B_").at(0));
    const crypto::PublicKey C_ = point(md.values("C_").at(1));
    Dleq vector_dleq;
    vector_dleq.e = codec::hex_decode_array<32>(md.value("e"));
    vector_dleq.s = codec::hex_decode_array<32>(md.value("s"));
    CHECK(verify_blind_signature_dleq(A, B_, C_, vector_dleq));
    const Dleq proved = prove(a, B_, C_);
    CHECK_FALSE(proved.r.has_value());
    CHECK(proved == vector_dleq);  // the deterministic nonce reproduces e and s exactly

    // BlindSignature
    const nlohmann::json& sig = md.blocks[0];
    const crypto::PublicKey sig_A = point(md.values("A").at(1));
    const crypto::PublicKey sig_B_ = point(md.values("B_").at(1));
    const crypto::PublicKey sig_C_ = point(sig["C_"].get<std::string>());
    const Dleq sig_dleq = dleq_from(sig["dleq"]);
    CHECK(verify_blind_signature_dleq(sig_A, sig_B_, sig_C_, sig_dleq));

    // Proof (r included)
    const Proof proof = proof_from_json(md.blocks[1]);
    const crypto::PublicKey proof_A = point(md.values("A").at(2));
    CHECK(verify_proof_dleq(proof_A, proof));
}

TEST_CASE("NUT-12 tampered proofs fail", "[cashu][nut12]") {
    const auto md = test::load_markdown_vectors("cashu/12-tests.md");
    const crypto::PublicKey A = point(md.values("A").at(2));
    const Proof proof = proof_from_json(md.blocks[1]);
    REQUIRE(verify_proof_dleq(A, proof));

    Proof bad = proof;
    bad.dleq->e[31] ^= 1;
    CHECK_FALSE(verify_proof_dleq(A, bad));
    bad = proof;
    bad.dleq->s[0] ^= 0x80;
    CHECK_FALSE(verify_proof_dleq(A, bad));
    bad = proof;
    bad.dleq->r->at(5) ^= 1;
    CHECK_FALSE(verify_proof_dleq(A, bad));
    bad = proof;
    bad.secret[0] = bad.secret[0] == 'a' ? 'b' : 'a';
    CHECK_FALSE(verify_proof_dleq(A, bad));
    bad = proof;
    bad.dleq->s.fill(0);  // s = 0 is not a scalar
    CHECK_FALSE(verify_proof_dleq(A, bad));
    bad = proof;
    bad.dleq->r.reset();
    CHECK_FALSE(verify_proof_dleq(A, bad));
    bad.dleq.reset();
    CHECK_FALSE(verify_proof_dleq(A, bad));
    // Another mint key.
    CHECK_FALSE(verify_proof_dleq(point(md.values("A").at(0)), proof));

    crypto::PublicKey not_a_point{};
    not_a_point[0] = 0x02;
    not_a_point[32] = 0x05;
    test::require_error(Errc::bad_public_key, [&] { verify_proof_dleq(not_a_point, proof); });
}

TEST_CASE("NUT-12 prove and verify a fresh signature", "[cashu][nut12]") {
    const crypto::SecretKey k = crypto::secret_key_from(hex_decode(std::string(62, '1') + "ab"));
    const crypto::SecretKey r = crypto::secret_key_from(hex_decode(std::string(62, '2') + "cd"));
    const crypto::PublicKey K = crypto::public_key(k);
    Proof proof;
    proof.secret = "my secret";
    const crypto::PublicKey B_ = blind(as_bytes(proof.secret), r);
    const crypto::PublicKey C_ = sign_blinded(k, B_);
    Dleq dleq = prove(k, B_, C_);
    CHECK(prove(k, B_, C_) == dleq);  // deterministic
    CHECK(verify_blind_signature_dleq(K, B_, C_, dleq));
    CHECK_FALSE(verify_blind_signature_dleq(K, C_, B_, dleq));
    proof.C = unblind(C_, r, K);
    dleq.r = r.array();
    proof.dleq = dleq;
    CHECK(verify_proof_dleq(K, proof));
}
