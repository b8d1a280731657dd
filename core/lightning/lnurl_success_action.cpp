#include "core/lightning/lnurl_success_action.hpp"

#include <type_traits>

#include "core/codec/base64.hpp"
#include "core/codec/utf8.hpp"
#include "core/crypto/aes.hpp"
#include "core/error.hpp"
#include "core/lightning/lnurl_json.hpp"
#include "core/lightning/service_url.hpp"

namespace flash::lightning::lnurl {

namespace {

[[noreturn]] void fail(const std::string& detail) { throw Error(Errc::bad_lnurl, "successAction: " + detail); }

std::string short_text(const nlohmann::json& action, const char* key) {
    std::string text = required_string(action, key);
    const auto count = character_count(text);
    if (!count || *count > max_action_text) fail(std::string(key) + " is longer than 144 characters");
    return text;
}

Bytes base64_field(const nlohmann::json& action, const char* key) {
    const std::string text = required_string(action, key);
    if (text.size() > max_action_ciphertext) fail(std::string(key) + " is too long");
    try {
        return codec::base64_decode(text);
    } catch (const Error&) {
        fail(std::string(key) + " is not base64");
    }
}

constexpr std::size_t kAesBlock = 16;

}  // namespace

SuccessAction parse_success_action(const nlohmann::json& action, std::string_view callback_host) {
    if (!action.is_object()) fail("not an object");
    const std::string tag = required_string(action, "tag");
    if (tag == "message") return MessageAction{short_text(action, "message")};
    if (tag == "url") {
        UrlAction out{short_text(action, "description"), required_string(action, "url")};
        if (parse_service_url(out.url).host != callback_host) fail("url is not on the callback's host");
        return out;
    }
    if (tag == "aes") {
        AesAction out{short_text(action, "description"), base64_field(action, "ciphertext"), {}};
        const Bytes iv = base64_field(action, "iv");
        if (iv.size() != out.iv.size()) fail("iv is not 16 bytes");
        std::copy(iv.begin(), iv.end(), out.iv.begin());
        if (out.ciphertext.empty() || out.ciphertext.size() % kAesBlock != 0)
            fail("ciphertext is not a whole number of AES blocks");
        return out;
    }
    fail("unsupported tag \"" + tag + "\" (the wallet must not pay)");
}

nlohmann::json success_action_json(const SuccessAction& action) {
    return std::visit(
        [](const auto& a) -> nlohmann::json {
            using T = std::decay_t<decltype(a)>;
            if constexpr (std::is_same_v<T, MessageAction>) return {{"tag", "message"}, {"message", a.message}};
            if constexpr (std::is_same_v<T, UrlAction>)
                return {{"tag", "url"}, {"description", a.description}, {"url", a.url}};
            if constexpr (std::is_same_v<T, AesAction>)
                return {{"tag", "aes"},
                        {"description", a.description},
                        {"ciphertext", codec::base64_encode(a.ciphertext)},
                        {"iv", codec::base64_encode(a.iv)}};
        },
        action);
}

std::string decrypt_aes_action(const AesAction& action, const ByteArray<32>& preimage) {
    const crypto::SecretBytes plain = crypto::aes256_cbc_decrypt(preimage, action.iv, action.ciphertext);
    std::string text(as_chars(ByteView(plain.data(), plain.size())));
    if (!codec::is_utf8(text)) throw Error(Errc::bad_lnurl, "successAction: decrypted text is not UTF-8");
    return text;
}

AesAction make_aes_action(std::string description, std::string_view plaintext, const ByteArray<32>& preimage,
                          const ByteArray<16>& iv) {
    if (plaintext.empty() || !codec::is_utf8(plaintext)) throw Error(Errc::bad_argument, "aes action needs UTF-8 text");
    const auto count = character_count(description);
    if (!count || *count > max_action_text) throw Error(Errc::bad_argument, "aes action description over 144 characters");
    return {std::move(description), crypto::aes256_cbc_encrypt(preimage, iv, as_bytes(plaintext)), iv};
}

}  // namespace flash::lightning::lnurl
