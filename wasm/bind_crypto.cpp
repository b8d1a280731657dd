// core/crypto for JS: hashes, MACs, random bytes, the secp256k1 operations NOSTR and Cashu use, and
// scrypt + XChaCha20-Poly1305 for data encrypted under a password (flash-cli's wallet file).
// Every function takes and returns Uint8Array.
#include <emscripten/bind.h>

#include "core/crypto/chacha.hpp"
#include "core/crypto/hash.hpp"
#include "core/crypto/kdf.hpp"
#include "core/crypto/mac.hpp"
#include "core/crypto/random.hpp"
#include "core/crypto/secp256k1.hpp"
#include "wasm/bind_support.hpp"

namespace flash::wasm {
namespace {

using crypto::secret_key_from;

val sha256(const val& data) { return guarded([&] { return bytes_out(crypto::sha256(bytes_in(data))); }); }
val sha512(const val& data) { return guarded([&] { return bytes_out(crypto::sha512(bytes_in(data))); }); }
val hash160(const val& data) { return guarded([&] { return bytes_out(crypto::hash160(bytes_in(data))); }); }

val hmac_sha256(const val& key, const val& data) {
    return guarded([&] { return bytes_out(crypto::hmac_sha256(bytes_in(key), bytes_in(data))); });
}

val random_bytes(std::size_t length) {
    return guarded([&] {
        Bytes out(length);
        crypto::random_bytes(out);
        return bytes_out(out);
    });
}

val public_key(const val& secret) {
    return guarded([&] { return bytes_out(crypto::public_key(secret_key_from(bytes_in<crypto::SecretBytes>(secret)))); });
}

val xonly_public_key(const val& secret) {
    return guarded([&] { return bytes_out(crypto::xonly_public_key(secret_key_from(bytes_in<crypto::SecretBytes>(secret))).key); });
}

val schnorr_sign(const val& secret, const val& message, const val& aux) {
    return guarded([&] {
        return bytes_out(crypto::schnorr_sign(secret_key_from(bytes_in<crypto::SecretBytes>(secret)), bytes_in(message), bytes_in(aux)));
    });
}

bool schnorr_verify(const val& xonly, const val& message, const val& signature) {
    return guarded([&] { return crypto::schnorr_verify(bytes_in(xonly), bytes_in(message), bytes_in(signature)); });
}

val ecdh_shared_x(const val& secret, const val& point) {
    return guarded([&] {
        return bytes_out(crypto::ecdh_shared_x(secret_key_from(bytes_in<crypto::SecretBytes>(secret)),
                                               crypto::parse_public_key(bytes_in(point))));
    });
}

/// scrypt (RFC 7914) with N = 2^logN; throws bad_length for logN outside [1, 22] and
/// crypto_failure when memory runs out (128 * r * 2^logN bytes).
val scrypt(const val& password, const val& salt, unsigned log_n, std::uint32_t r, std::uint32_t p, std::size_t length) {
    return guarded([&] {
        return bytes_out(crypto::scrypt(bytes_in<crypto::SecretBytes>(password), bytes_in(salt), log_n, r, p, length));
    });
}

/// XChaCha20-Poly1305 with a 32-byte key and 24-byte nonce: ciphertext || 16-byte tag.
val xchacha20_poly1305_seal(const val& key, const val& nonce, const val& aad, const val& plaintext) {
    return guarded([&] {
        return bytes_out(crypto::xchacha20_poly1305_seal(bytes_in<crypto::SecretBytes>(key), bytes_in(nonce), bytes_in(aad),
                                                         bytes_in<crypto::SecretBytes>(plaintext)));
    });
}

/// The plaintext; throws decrypt_failed when the tag does not match (wrong key or tampered data).
val xchacha20_poly1305_open(const val& key, const val& nonce, const val& aad, const val& sealed) {
    return guarded([&] {
        return bytes_out(crypto::xchacha20_poly1305_open(bytes_in<crypto::SecretBytes>(key), bytes_in(nonce), bytes_in(aad),
                                                         bytes_in(sealed)));
    });
}

}  // namespace

EMSCRIPTEN_BINDINGS(flash_crypto) {
    using emscripten::function;
    function("sha256", &sha256);
    function("sha512", &sha512);
    function("hash160", &hash160);
    function("hmacSha256", &hmac_sha256);
    function("randomBytes", &random_bytes);
    function("publicKey", &public_key);
    function("xonlyPublicKey", &xonly_public_key);
    function("schnorrSign", &schnorr_sign);
    function("schnorrVerify", &schnorr_verify);
    function("ecdhSharedX", &ecdh_shared_x);
    function("scrypt", &scrypt);
    function("xchacha20Poly1305Seal", &xchacha20_poly1305_seal);
    function("xchacha20Poly1305Open", &xchacha20_poly1305_open);
}

}  // namespace flash::wasm
