// Unicode normalisation (UAX #15) of UTF-8 text: NFD, NFC, NFKD and NFKC.
//
// BIP-39 hashes NFKD(mnemonic) and NFKD(passphrase); NIP-49 derives its key from NFKC(password).
// The tables are generated at build time from the Unicode Character Database (Debian's
// `unicode-data`) by tools/gen-unicode-tables.mjs. Input must be well-formed UTF-8: overlong forms,
// surrogates, code points above U+10FFFF and truncated sequences throw Error(bad_utf8).
#pragma once

#include <string>
#include <string_view>

#include "core/crypto/memory.hpp"

namespace flash::keys {

enum class NormalForm {
    nfd,   ///< canonical decomposition
    nfc,   ///< canonical decomposition, then canonical composition
    nfkd,  ///< compatibility decomposition
    nfkc,  ///< compatibility decomposition, then canonical composition
};

/// Normalises `utf8` to `form` and returns it as UTF-8. Throws Error(bad_utf8).
std::string normalize(std::string_view utf8, NormalForm form);

/// Same as normalize(), for secrets (passwords, mnemonics): the result and every intermediate
/// buffer are wiped when freed.
crypto::SecretBytes normalize_secret(std::string_view utf8, NormalForm form);

inline std::string nfd(std::string_view utf8) { return normalize(utf8, NormalForm::nfd); }
inline std::string nfc(std::string_view utf8) { return normalize(utf8, NormalForm::nfc); }
inline std::string nfkd(std::string_view utf8) { return normalize(utf8, NormalForm::nfkd); }
inline std::string nfkc(std::string_view utf8) { return normalize(utf8, NormalForm::nfkc); }

}  // namespace flash::keys
