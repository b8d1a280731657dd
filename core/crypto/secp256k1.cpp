#include "core/crypto/secp256k1.hpp"

#include <secp256k1.h>
#include <secp256k1_ecdh.h>
#include <secp256k1_extrakeys.h>
#include <secp256k1_recovery.h>
#include <secp256k1_schnorrsig.h>

#include <algorithm>
#include <string>

#include "core/crypto/random.hpp"
#include "core/error.hpp"

namespace flash::crypto {

namespace {

// One context for the process, created on first use. Randomisation blinds the signing
// computations against side channels; after that the context is only read, which libsecp256k1
// allows from several threads at once.
const secp256k1_context* ctx() {
    static const secp256k1_context* context = [] {
        secp256k1_context* c = secp256k1_context_create(SECP256K1_CONTEXT_SIGN | SECP256K1_CONTEXT_VERIFY);
        if (c == nullptr) throw Error(Errc::crypto_failure, "secp256k1_context_create");
        Secret<32> seed(random_array<32>());
        if (secp256k1_context_randomize(c, seed.data()) != 1) {
            secp256k1_context_destroy(c);
            throw Error(Errc::crypto_failure, "secp256k1_context_randomize");
        }
        return c;
    }();
    return context;
}

// For calls that cannot fail on valid, already-parsed inputs.
void check(int rc, const char* what) {
    if (rc != 1) throw Error(Errc::crypto_failure, what);
}

void require_secret(const SecretKey& key) {
    if (secp256k1_ec_seckey_verify(ctx(), key.data()) != 1)
        throw Error(Errc::bad_secret_key, "secret key is zero or not below the curve order");
}

// Wipes a libsecp256k1 struct that holds secret material (keypairs) when it leaves scope.
template <typename T>
struct Wiped {
    T value{};
    Wiped() = default;
    Wiped(const Wiped&) = delete;
    Wiped& operator=(const Wiped&) = delete;
    ~Wiped() { wipe(&value, sizeof value); }
};

secp256k1_pubkey load_point(ByteView encoded) {
    // libsecp256k1 also accepts the "hybrid" 0x06/0x07 65-byte form; SEC1 compressed and
    // uncompressed are the only encodings we take from outside.
    bool shape_ok = (encoded.size() == 33 && (encoded[0] == 0x02 || encoded[0] == 0x03)) ||
                    (encoded.size() == 65 && encoded[0] == 0x04);
    secp256k1_pubkey p;
    if (!shape_ok || secp256k1_ec_pubkey_parse(ctx(), &p, encoded.data(), encoded.size()) != 1)
        throw Error(Errc::bad_public_key, "not a valid secp256k1 point encoding");
    return p;
}

PublicKey store_point(const secp256k1_pubkey& p) {
    PublicKey out;
    std::size_t len = out.size();
    secp256k1_ec_pubkey_serialize(ctx(), out.data(), &len, &p, SECP256K1_EC_COMPRESSED);
    return out;
}

// Builds the keypair in place so no unwiped copy of the secret is left on the stack.
void make_keypair(Wiped<secp256k1_keypair>& kp, const SecretKey& key) {
    if (secp256k1_keypair_create(ctx(), &kp.value, key.data()) != 1)
        throw Error(Errc::bad_secret_key, "secret key is zero or not below the curve order");
}

XOnlyWithParity store_xonly(const secp256k1_xonly_pubkey& x, int parity) {
    XOnlyWithParity out{};
    secp256k1_xonly_pubkey_serialize(ctx(), out.key.data(), &x);
    out.odd_y = parity != 0;
    return out;
}

secp256k1_ecdsa_signature load_compact(ByteView signature64) {
    secp256k1_ecdsa_signature sig;
    if (signature64.size() != 64 ||
        secp256k1_ecdsa_signature_parse_compact(ctx(), &sig, signature64.data()) != 1)
        throw Error(Errc::bad_signature, "not a 64-byte compact signature with r, s below the order");
    return sig;
}

// ECDH "hash" that returns the bare x coordinate (NIP-04, NIP-44).
int copy_x(unsigned char* output, const unsigned char* x32, const unsigned char*, void*) {
    std::copy(x32, x32 + 32, output);
    return 1;
}

}  // namespace

bool is_valid_secret_key(ByteView key) noexcept {
    try {
        return key.size() == 32 && secp256k1_ec_seckey_verify(ctx(), key.data()) == 1;
    } catch (...) {
        return false;  // only if the context could not be created
    }
}

SecretKey secret_key_from(ByteView key) {
    require_size(key, 32, "secret key");
    SecretKey out;
    std::copy(key.begin(), key.end(), out.data());
    require_secret(out);
    return out;
}

PublicKey parse_public_key(ByteView encoded) { return store_point(load_point(encoded)); }

ByteArray<65> uncompress(const PublicKey& key) {
    secp256k1_pubkey p = load_point(key);
    ByteArray<65> out;
    std::size_t len = out.size();
    secp256k1_ec_pubkey_serialize(ctx(), out.data(), &len, &p, SECP256K1_EC_UNCOMPRESSED);
    return out;
}

PublicKey public_key(const SecretKey& key) {
    secp256k1_pubkey p;
    if (secp256k1_ec_pubkey_create(ctx(), &p, key.data()) != 1)
        throw Error(Errc::bad_secret_key, "secret key is zero or not below the curve order");
    return store_point(p);
}

// ---- ECDSA ----

namespace {

secp256k1_ecdsa_signature sign_digest(const SecretKey& key, ByteView digest32) {
    require_size(digest32, 32, "ECDSA digest");
    secp256k1_ecdsa_signature sig;
    // Null nonce function: RFC 6979; libsecp256k1 always produces low-S.
    if (secp256k1_ecdsa_sign(ctx(), &sig, digest32.data(), key.data(), nullptr, nullptr) != 1)
        throw Error(Errc::bad_secret_key, "secret key is zero or not below the curve order");
    return sig;
}

}  // namespace

Signature64 ecdsa_sign(const SecretKey& key, ByteView digest32) {
    secp256k1_ecdsa_signature sig = sign_digest(key, digest32);
    Signature64 out;
    secp256k1_ecdsa_signature_serialize_compact(ctx(), out.data(), &sig);
    return out;
}

Bytes ecdsa_sign_der(const SecretKey& key, ByteView digest32) {
    secp256k1_ecdsa_signature sig = sign_digest(key, digest32);
    Bytes out(72);
    std::size_t len = out.size();
    secp256k1_ecdsa_signature_serialize_der(ctx(), out.data(), &len, &sig);
    out.resize(len);
    return out;
}

bool ecdsa_verify(const PublicKey& key, ByteView digest32, ByteView signature64) {
    require_size(digest32, 32, "ECDSA digest");
    secp256k1_pubkey p = load_point(key);
    secp256k1_ecdsa_signature sig = load_compact(signature64);
    // secp256k1_ecdsa_verify returns 0 for a high-S signature (it does not normalise).
    return secp256k1_ecdsa_verify(ctx(), &sig, digest32.data(), &p) == 1;
}

bool ecdsa_verify_der(const PublicKey& key, ByteView digest32, ByteView der) {
    require_size(digest32, 32, "ECDSA digest");
    secp256k1_pubkey p = load_point(key);
    secp256k1_ecdsa_signature sig;
    if (secp256k1_ecdsa_signature_parse_der(ctx(), &sig, der.data(), der.size()) != 1)
        throw Error(Errc::bad_signature, "not a DER-encoded ECDSA signature");
    return secp256k1_ecdsa_verify(ctx(), &sig, digest32.data(), &p) == 1;
}

ByteArray<65> ecdsa_sign_recoverable(const SecretKey& key, ByteView digest32) {
    require_size(digest32, 32, "ECDSA digest");
    secp256k1_ecdsa_recoverable_signature sig;
    if (secp256k1_ecdsa_sign_recoverable(ctx(), &sig, digest32.data(), key.data(), nullptr, nullptr) != 1)
        throw Error(Errc::bad_secret_key, "secret key is zero or not below the curve order");
    ByteArray<65> out;
    int recid = 0;
    secp256k1_ecdsa_recoverable_signature_serialize_compact(ctx(), out.data() + 1, &recid, &sig);
    out[0] = static_cast<std::uint8_t>(recid);
    return out;
}

PublicKey ecdsa_recover(ByteView signature65, ByteView digest32) {
    require_size(digest32, 32, "ECDSA digest");
    secp256k1_ecdsa_recoverable_signature sig;
    if (signature65.size() != 65 || signature65[0] > 3 ||
        secp256k1_ecdsa_recoverable_signature_parse_compact(ctx(), &sig, signature65.data() + 1,
                                                            signature65[0]) != 1)
        throw Error(Errc::bad_signature, "not a 65-byte recid || r || s signature");
    secp256k1_pubkey p;
    if (secp256k1_ecdsa_recover(ctx(), &p, &sig, digest32.data()) != 1)
        throw Error(Errc::bad_signature, "no public key recovers from this signature");
    return store_point(p);
}

// ---- BIP-340 ----

XOnlyWithParity xonly_public_key(const SecretKey& key) {
    Wiped<secp256k1_keypair> kp;
    make_keypair(kp, key);
    secp256k1_xonly_pubkey x;
    int parity = 0;
    check(secp256k1_keypair_xonly_pub(ctx(), &x, &parity, &kp.value), "secp256k1_keypair_xonly_pub");
    return store_xonly(x, parity);
}

XOnlyWithParity xonly_from_public_key(const PublicKey& key) {
    secp256k1_pubkey p = load_point(key);
    secp256k1_xonly_pubkey x;
    int parity = 0;
    check(secp256k1_xonly_pubkey_from_pubkey(ctx(), &x, &parity, &p), "secp256k1_xonly_pubkey_from_pubkey");
    return store_xonly(x, parity);
}

XOnlyKey parse_xonly_key(ByteView encoded32) {
    secp256k1_xonly_pubkey x;
    if (encoded32.size() != 32 || secp256k1_xonly_pubkey_parse(ctx(), &x, encoded32.data()) != 1)
        throw Error(Errc::bad_public_key, "not the x coordinate of a secp256k1 point");
    XOnlyKey out;
    std::copy(encoded32.begin(), encoded32.end(), out.begin());
    return out;
}

Signature64 schnorr_sign(const SecretKey& key, ByteView message, ByteView aux32) {
    require_size(aux32, 32, "BIP-340 aux_rand");
    Wiped<secp256k1_keypair> kp;
    make_keypair(kp, key);
    // The custom entry point takes a message of any length (sign32 only takes 32 bytes).
    secp256k1_schnorrsig_extraparams extra = SECP256K1_SCHNORRSIG_EXTRAPARAMS_INIT;
    extra.ndata = const_cast<std::uint8_t*>(aux32.data());
    Signature64 sig;
    if (secp256k1_schnorrsig_sign_custom(ctx(), sig.data(), message.data(), message.size(), &kp.value,
                                         &extra) != 1)
        throw Error(Errc::crypto_failure, "secp256k1_schnorrsig_sign_custom");
    return sig;
}

bool schnorr_verify(ByteView xonly32, ByteView message, ByteView signature64) noexcept {
    try {
        if (xonly32.size() != 32 || signature64.size() != 64) return false;
        secp256k1_xonly_pubkey x;
        if (secp256k1_xonly_pubkey_parse(ctx(), &x, xonly32.data()) != 1) return false;
        return secp256k1_schnorrsig_verify(ctx(), signature64.data(), message.data(), message.size(),
                                           &x) == 1;
    } catch (...) {
        return false;  // only if the context could not be created
    }
}

XOnlyWithParity xonly_tweak_add(const XOnlyKey& internal, ByteView tweak32) {
    require_size(tweak32, 32, "tweak");
    secp256k1_xonly_pubkey x;
    if (secp256k1_xonly_pubkey_parse(ctx(), &x, internal.data()) != 1)
        throw Error(Errc::bad_public_key, "internal key is not the x coordinate of a point");
    secp256k1_pubkey q;
    if (secp256k1_xonly_pubkey_tweak_add(ctx(), &q, &x, tweak32.data()) != 1)
        throw Error(Errc::bad_tweak, "tweak is not below the order or gives the point at infinity");
    secp256k1_xonly_pubkey qx;
    int parity = 0;
    check(secp256k1_xonly_pubkey_from_pubkey(ctx(), &qx, &parity, &q), "secp256k1_xonly_pubkey_from_pubkey");
    return store_xonly(qx, parity);
}

// ---- ECDH ----

ByteArray<32> ecdh_shared_x(const SecretKey& key, const PublicKey& point) {
    secp256k1_pubkey p = load_point(point);
    ByteArray<32> out;
    if (secp256k1_ecdh(ctx(), out.data(), &p, key.data(), copy_x, nullptr) != 1)
        throw Error(Errc::bad_secret_key, "secret key is zero or not below the curve order");
    return out;
}

ByteArray<32> ecdh_sha256(const SecretKey& key, const PublicKey& point) {
    secp256k1_pubkey p = load_point(point);
    ByteArray<32> out;
    if (secp256k1_ecdh(ctx(), out.data(), &p, key.data(), nullptr, nullptr) != 1)
        throw Error(Errc::bad_secret_key, "secret key is zero or not below the curve order");
    return out;
}

// ---- Scalar and point arithmetic ----

SecretKey secret_key_tweak_add(const SecretKey& key, ByteView tweak32) {
    require_size(tweak32, 32, "tweak");
    require_secret(key);
    SecretKey out(key);
    if (secp256k1_ec_seckey_tweak_add(ctx(), out.data(), tweak32.data()) != 1)
        throw Error(Errc::bad_tweak, "tweak is not below the order or the sum is zero");
    return out;
}

SecretKey secret_key_tweak_mul(const SecretKey& key, ByteView tweak32) {
    require_size(tweak32, 32, "tweak");
    require_secret(key);
    SecretKey out(key);
    if (secp256k1_ec_seckey_tweak_mul(ctx(), out.data(), tweak32.data()) != 1)
        throw Error(Errc::bad_tweak, "tweak is zero or not below the order");
    return out;
}

SecretKey secret_key_negate(const SecretKey& key) {
    require_secret(key);
    SecretKey out(key);
    if (secp256k1_ec_seckey_negate(ctx(), out.data()) != 1)
        throw Error(Errc::bad_secret_key, "secret key is zero or not below the curve order");
    return out;
}

PublicKey point_tweak_add(const PublicKey& point, ByteView tweak32) {
    require_size(tweak32, 32, "tweak");
    secp256k1_pubkey p = load_point(point);
    if (secp256k1_ec_pubkey_tweak_add(ctx(), &p, tweak32.data()) != 1)
        throw Error(Errc::bad_tweak, "tweak is not below the order or gives the point at infinity");
    return store_point(p);
}

PublicKey point_mul(const PublicKey& point, ByteView scalar32) {
    require_size(scalar32, 32, "scalar");
    secp256k1_pubkey p = load_point(point);
    if (secp256k1_ec_pubkey_tweak_mul(ctx(), &p, scalar32.data()) != 1)
        throw Error(Errc::bad_tweak, "scalar is zero or not below the order");
    return store_point(p);
}

PublicKey point_add(const PublicKey& a, const PublicKey& b) {
    secp256k1_pubkey pa = load_point(a);
    secp256k1_pubkey pb = load_point(b);
    const secp256k1_pubkey* ins[2] = {&pa, &pb};
    secp256k1_pubkey sum;
    if (secp256k1_ec_pubkey_combine(ctx(), &sum, ins, 2) != 1)
        throw Error(Errc::bad_public_key, "the sum is the point at infinity");
    return store_point(sum);
}

PublicKey point_negate(const PublicKey& point) {
    secp256k1_pubkey p = load_point(point);
    check(secp256k1_ec_pubkey_negate(ctx(), &p), "secp256k1_ec_pubkey_negate");
    return store_point(p);
}

}  // namespace flash::crypto
