// BIP-39 mnemonics with the English wordlist: entropy <-> words and the PBKDF2 seed.
//
// A mnemonic is lower-case words separated by single spaces (NFKD is applied first, so the
// ideographic space U+3000 counts as a space). Seeds can be derived from mnemonics of any
// language: mnemonic_to_seed() does not look words up.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/bytes.hpp"
#include "core/crypto/memory.hpp"
#include "core/keys/secret_string.hpp"

namespace flash::keys {

/// The 2048 English words in wordlist order (which is alphabetical). Static storage.
std::span<const std::string_view, 2048> bip39_english_wordlist() noexcept;

/// Encodes 16, 20, 24, 28 or 32 bytes of entropy as 12..24 words; Error(bad_length) otherwise.
SecretString mnemonic_from_entropy(ByteView entropy);

/// Draws fresh entropy from crypto::random_bytes for a mnemonic of `words` words
/// (12, 15, 18, 21 or 24; Error(bad_length) otherwise).
SecretString generate_mnemonic(std::size_t words = 24);

/// Decodes a mnemonic back to its entropy.
/// Throws Error(bad_mnemonic) for a word count other than 12/15/18/21/24, a word not in the list,
/// or separators other than single spaces; Error(bad_checksum) if the checksum bits do not match;
/// Error(bad_utf8) for invalid UTF-8.
crypto::SecretBytes entropy_from_mnemonic(std::string_view mnemonic);

/// True when entropy_from_mnemonic() would succeed.
bool is_valid_mnemonic(std::string_view mnemonic) noexcept;

/// The 64-byte seed: PBKDF2-HMAC-SHA512(NFKD(mnemonic), "mnemonic" + NFKD(passphrase), 2048).
/// The mnemonic is not validated (any language works; validate English input with
/// entropy_from_mnemonic first). Error(bad_utf8) for invalid UTF-8.
crypto::Secret<64> mnemonic_to_seed(std::string_view mnemonic, std::string_view passphrase = {});

/// Tidies typed input into the canonical form that mnemonic_to_seed() expects: NFKD, ASCII
/// letters lower-cased, runs of whitespace collapsed to one space, no leading/trailing space.
/// Error(bad_utf8) for invalid UTF-8.
SecretString canonical_mnemonic(std::string_view typed);

// Word lookup for input UIs (English list).

/// Index 0..2047 of `word` in the list, or nullopt.
std::optional<std::uint16_t> mnemonic_word_index(std::string_view word) noexcept;
/// True when `word` is one of the 2048 words.
bool is_mnemonic_word(std::string_view word) noexcept;
/// The words that start with `prefix`, in list order, at most `limit` of them (an empty prefix
/// matches every word). The views point into static storage.
std::vector<std::string_view> words_with_prefix(std::string_view prefix,
                                                std::size_t limit = 2048);

}  // namespace flash::keys
