// NIP-04 legacy direct-message encryption.
#include "core/nostr/nip04.hpp"

#include <algorithm>

#include "core/codec/base64.hpp"
#include "core/crypto/aes.hpp"
#include "core/crypto/random.hpp"
#include "core/error.hpp"
#include "core/nostr/ecdh.hpp"

namespace flash::nostr {
namespace {

constexpr std::string_view separator = "?iv=";
constexpr std::size_t block = 16;
// Content is bounded by the event around it; this only keeps one line of defence local.
constexpr std::size_t max_content = 1 << 24;

Bytes decode_part(std::string_view text, const char* what) {
    try {
        return codec::base64_decode(text);
    } catch (const Error& e) {
        throw Error(Errc::bad_payload, std::string("NIP-04 ") + what + ": " + e.what());
    }
}

}  // namespace

std::string nip04_encrypt(std::string_view plaintext, const crypto::SecretKey& secret,
                          const crypto::XOnlyKey& pubkey) {
    return nip04_encrypt(plaintext, secret, pubkey, crypto::random_array<16>());
}

std::string nip04_encrypt(std::string_view plaintext, const crypto::SecretKey& secret,
                          const crypto::XOnlyKey& pubkey, const ByteArray<16>& iv) {
    const crypto::Secret<32> key = shared_x(secret, pubkey);
    const Bytes ciphertext = crypto::aes256_cbc_encrypt(key.view(), iv, as_bytes(plaintext));
    return codec::base64_encode(ciphertext) + std::string(separator) + codec::base64_encode(iv);
}

keys::SecretString nip04_decrypt(std::string_view content, const crypto::SecretKey& secret,
                                 const crypto::XOnlyKey& pubkey) {
    if (content.size() > max_content) throw Error(Errc::bad_payload, "NIP-04 content too long");
    const std::size_t at = content.find(separator);
    if (at == std::string_view::npos) throw Error(Errc::bad_payload, "NIP-04 content has no ?iv=");
    const Bytes ciphertext = decode_part(content.substr(0, at), "ciphertext");
    const Bytes iv = decode_part(content.substr(at + separator.size()), "iv");
    // A second "?iv=" lands in the IV part and fails base64 there ('?' is not in the alphabet).
    if (ciphertext.empty() || ciphertext.size() % block != 0)
        throw Error(Errc::bad_payload, "NIP-04 ciphertext is not whole AES blocks");
    if (iv.size() != block) throw Error(Errc::bad_payload, "NIP-04 iv is not 16 bytes");

    const crypto::Secret<32> key = shared_x(secret, pubkey);
    const crypto::SecretBytes plain = crypto::aes256_cbc_decrypt(key.view(), iv, ciphertext);
    keys::SecretString out;
    out.reserve(std::max<std::size_t>(plain.size(), 32));  // past the SSO buffer, so it is wiped
    out.assign(plain.begin(), plain.end());
    return out;
}

}  // namespace flash::nostr
