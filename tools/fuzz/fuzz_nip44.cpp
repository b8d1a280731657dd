// NIP-44 v2 payloads under a fixed conversation key:
//  - the input as payload text: rejected only with flash::Error;
//  - the input as plaintext: encrypt -> decrypt gives it back;
//  - the input as a padded plaintext under a valid MAC (what a peer holding the key could send):
//    unpadding either rejects it with bad_payload or returns exactly the prefixed bytes.
#include "core/codec/base64.hpp"
#include "core/crypto/chacha.hpp"
#include "core/crypto/mac.hpp"
#include "core/nostr/nip44.hpp"
#include "tools/fuzz/fuzz_support.hpp"

namespace {

using namespace flash;

const nostr::Nip44ConversationKey conversation_key(ByteArray<32>{0xc4, 0x1c, 0x77, 0x53, 0x56, 0xfd, 0x92, 0xea});
const ByteArray<32> nonce{1, 2, 3};

std::string seal_padded(ByteView padded) {
    const auto keys = nostr::nip44_message_keys(conversation_key, nonce);
    const Bytes ct = crypto::chacha20_xor(keys.chacha_key.view(), keys.chacha_nonce.view(), 0, padded);
    Bytes raw = concat(Bytes{2}, nonce, ct);
    const auto mac = crypto::hmac_sha256(keys.hmac_key.view(), ByteView(raw).subspan(1));
    raw.insert(raw.end(), mac.begin(), mac.end());
    return codec::base64_encode(raw);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto input = fuzz::text(data, size);
    fuzz::reject_with_typed_error([&] { (void)nostr::nip44_decrypt(input, conversation_key); });

    if (size >= 1) {
        const std::string payload = nostr::nip44_encrypt(input, conversation_key, nonce);
        fuzz::require(std::string_view(nostr::nip44_decrypt(payload, conversation_key)) == input,
                      "encrypt -> decrypt round trip");
    }

    try {
        const auto text = nostr::nip44_decrypt(seal_padded({data, size}), conversation_key);
        const std::size_t prefix = size >= 2 && (data[0] | data[1]) != 0 ? 2 : 6;
        fuzz::require(size >= prefix + text.size() &&
                          std::string_view(text) == input.substr(prefix, text.size()),
                      "unpadded text is the bytes after the length prefix");
    } catch (const Error& e) {
        fuzz::require(e.code() == Errc::bad_payload, "a validly authenticated payload fails only on padding");
    }
    return 0;
}
