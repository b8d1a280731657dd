// What an LNURL-pay service asks the wallet to show once the invoice is paid (LUD-09 `message`
// and `url`, LUD-10 `aes`), read from the invoice answer's "successAction".
// LUD-09: a wallet that meets a tag it does not support must not pay, so an unknown tag is an
// error here, not something to skip.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <variant>

#include "core/bytes.hpp"

namespace flash::lightning::lnurl {

/// Longest `message` / `description` (LUD-09, LUD-10: "up to 144 characters").
inline constexpr std::size_t max_action_text = 144;
/// Longest base64 `ciphertext` (LUD-10: "up to 4kb of characters").
inline constexpr std::size_t max_action_ciphertext = 4096;

struct MessageAction {
    std::string message;
    bool operator==(const MessageAction&) const = default;
};
struct UrlAction {
    std::string description;
    std::string url;  ///< same host as the payRequest callback (checked)
    bool operator==(const UrlAction&) const = default;
};
/// LUD-10: AES-256-CBC (PKCS#7) of a UTF-8 text, keyed with the payment preimage.
struct AesAction {
    std::string description;
    Bytes ciphertext;
    ByteArray<16> iv{};
    bool operator==(const AesAction&) const = default;
};
using SuccessAction = std::variant<MessageAction, UrlAction, AesAction>;

/// Reads a successAction object. `callback_host` is the host of the payRequest's callback,
/// which a `url` action must share (LUD-09).
/// Throws Error(bad_lnurl) for an unknown tag, a missing or mistyped field, text longer than 144
/// characters, a url that is not an https/onion URL on `callback_host`, bad base64, an iv that
/// is not 16 bytes or a ciphertext that is empty, not whole blocks or over 4096 characters.
SuccessAction parse_success_action(const nlohmann::json& action, std::string_view callback_host);

/// The JSON object for an action (for a service answering the pay callback).
nlohmann::json success_action_json(const SuccessAction& action);

/// Decrypts an aes action with the preimage the payment revealed.
/// Throws Error(decrypt_failed) for a wrong preimage (bad padding, most of the time) and
/// Error(bad_lnurl) when the plaintext is not UTF-8.
std::string decrypt_aes_action(const AesAction& action, const ByteArray<32>& preimage);

/// Builds an aes action for a service: encrypts `plaintext` under `preimage` with `iv` (16 fresh
/// random bytes per action). Error(bad_argument) for empty or non-UTF-8 plaintext or a
/// description over 144 characters.
AesAction make_aes_action(std::string description, std::string_view plaintext, const ByteArray<32>& preimage,
                          const ByteArray<16>& iv);

}  // namespace flash::lightning::lnurl
