// BIP-39: mnemonic encoding of entropy and the mnemonic-to-seed KDF.
#include "core/keys/bip39.hpp"

#include <algorithm>
#include <array>
#include <string>

#include "core/crypto/hash.hpp"
#include "core/crypto/kdf.hpp"
#include "core/crypto/random.hpp"
#include "core/error.hpp"
#include "core/keys/unicode.hpp"

namespace flash::keys {
namespace {

constexpr std::array<std::size_t, 5> word_counts = {12, 15, 18, 21, 24};

// The 11-bit group `index` of a big-endian bit string.
std::uint32_t read_11_bits(ByteView bits, std::size_t index) {
    std::uint32_t value = 0;
    for (std::size_t bit = index * 11; bit < index * 11 + 11; ++bit)
        value = (value << 1) | ((bits[bit / 8] >> (7 - bit % 8)) & 1u);
    return value;
}

}  // namespace

SecretString mnemonic_from_entropy(ByteView entropy) {
    if (entropy.size() < 16 || entropy.size() > 32 || entropy.size() % 4 != 0)
        throw Error(Errc::bad_length, "BIP-39 entropy must be 16, 20, 24, 28 or 32 bytes");
    // Entropy followed by its checksum (the first size/4 bits of SHA-256, at most one byte).
    crypto::SecretBytes bits(entropy.begin(), entropy.end());
    bits.push_back(crypto::sha256(entropy)[0]);
    const std::size_t words = entropy.size() * 3 / 4;

    const auto list = bip39_english_wordlist();
    SecretString mnemonic;
    mnemonic.reserve(words * 9);  // longer than any mnemonic's small-string buffer
    for (std::size_t i = 0; i < words; ++i) {
        if (i != 0) mnemonic += ' ';
        mnemonic += list[read_11_bits(bits, i)];
    }
    return mnemonic;
}

SecretString generate_mnemonic(std::size_t words) {
    if (std::find(word_counts.begin(), word_counts.end(), words) == word_counts.end())
        throw Error(Errc::bad_length, "a mnemonic has 12, 15, 18, 21 or 24 words");
    crypto::SecretBytes entropy(words * 4 / 3);
    crypto::random_bytes(entropy);
    return mnemonic_from_entropy(entropy);
}

crypto::SecretBytes entropy_from_mnemonic(std::string_view mnemonic) {
    const crypto::SecretBytes normalized = normalize_secret(mnemonic, NormalForm::nfkd);
    const std::string_view text = as_chars(normalized);

    // Indices of the words, 11 bits each, packed big-endian (33 bytes hold 24 words).
    crypto::SecretBytes bits(33, 0);
    std::size_t words = 0;
    std::size_t start = 0;
    while (true) {
        const std::size_t end = std::min(text.find(' ', start), text.size());
        if (words == 24) throw Error(Errc::bad_mnemonic, "more than 24 words");
        const auto index = mnemonic_word_index(text.substr(start, end - start));
        if (!index) {
            throw Error(Errc::bad_mnemonic, end == start ? "empty word (extra space)"
                                                         : "word " + std::to_string(words + 1) +
                                                               " is not in the BIP-39 English list");
        }
        for (std::size_t b = 0; b < 11; ++b) {
            const std::size_t bit = words * 11 + b;
            if ((*index >> (10 - b)) & 1u) bits[bit / 8] |= static_cast<std::uint8_t>(0x80u >> (bit % 8));
        }
        ++words;
        if (end == text.size()) break;
        start = end + 1;
    }
    if (std::find(word_counts.begin(), word_counts.end(), words) == word_counts.end())
        throw Error(Errc::bad_mnemonic, std::to_string(words) + " words; expected 12, 15, 18, 21 or 24");

    const std::size_t checksum_bits = words / 3;
    const std::size_t entropy_bytes = words * 4 / 3;
    crypto::SecretBytes entropy(bits.begin(), bits.begin() + static_cast<std::ptrdiff_t>(entropy_bytes));
    const auto expected = static_cast<std::uint8_t>(crypto::sha256(entropy)[0] >> (8 - checksum_bits));
    const auto actual = static_cast<std::uint8_t>(bits[entropy_bytes] >> (8 - checksum_bits));
    if (expected != actual) throw Error(Errc::bad_checksum, "BIP-39 checksum mismatch");
    return entropy;
}

bool is_valid_mnemonic(std::string_view mnemonic) noexcept {
    try {
        entropy_from_mnemonic(mnemonic);
        return true;
    } catch (...) {
        return false;
    }
}

crypto::Secret<64> mnemonic_to_seed(std::string_view mnemonic, std::string_view passphrase) {
    const crypto::SecretBytes password = normalize_secret(mnemonic, NormalForm::nfkd);
    const crypto::SecretBytes normalized_passphrase = normalize_secret(passphrase, NormalForm::nfkd);
    crypto::SecretBytes salt(as_bytes("mnemonic").begin(), as_bytes("mnemonic").end());
    salt.insert(salt.end(), normalized_passphrase.begin(), normalized_passphrase.end());
    const crypto::SecretBytes derived = crypto::pbkdf2_hmac_sha512(password, salt, 2048, 64);
    crypto::Secret<64> seed;
    std::copy(derived.begin(), derived.end(), seed.data());
    return seed;
}

SecretString canonical_mnemonic(std::string_view typed) {
    const crypto::SecretBytes normalized = normalize_secret(typed, NormalForm::nfkd);
    SecretString out;
    out.reserve(std::max<std::size_t>(normalized.size(), 32));
    bool pending_space = false;
    for (const std::uint8_t byte : normalized) {
        const auto c = static_cast<char>(byte);
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            pending_space = !out.empty();
            continue;
        }
        if (pending_space) out += ' ';
        pending_space = false;
        out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return out;
}

std::optional<std::uint16_t> mnemonic_word_index(std::string_view word) noexcept {
    const auto list = bip39_english_wordlist();
    const auto it = std::lower_bound(list.begin(), list.end(), word);
    if (it == list.end() || *it != word) return std::nullopt;
    return static_cast<std::uint16_t>(it - list.begin());
}

bool is_mnemonic_word(std::string_view word) noexcept { return mnemonic_word_index(word).has_value(); }

std::vector<std::string_view> words_with_prefix(std::string_view prefix, std::size_t limit) {
    const auto list = bip39_english_wordlist();
    std::vector<std::string_view> out;
    for (auto it = std::lower_bound(list.begin(), list.end(), prefix);
         it != list.end() && it->starts_with(prefix) && out.size() < limit; ++it)
        out.push_back(*it);
    return out;
}

}  // namespace flash::keys
