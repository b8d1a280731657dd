// Cashu tokens (NUT-00): V4 `cashuB` (CBOR, one mint), the deprecated V3 `cashuA` (JSON, any
// number of mints), and the binary form `craw` + 'B' + CBOR for NFC.
//
// Errors: every decoder here throws only Error(bad_token); failures of the base64, CBOR, JSON
// and UTF-8 layers underneath are wrapped into it, their message kept as detail. The encoders
// throw Error(bad_token) for a token that could not be decoded again (no proofs, a string that
// is not UTF-8, a keyset id that is not 8 or 33 bytes).
//
// What decoding checks: the prefix, the base64 (base64url, or standard base64 for V3/V4 strings
// that use '+' or '/'; padding optional), that nothing follows the CBOR or JSON value, every
// required field and its type, amounts as exact unsigned 64-bit integers, at least one proof,
// UTF-8 text, keyset ids of 8 or 33 bytes, C of 33 bytes, DLEQ e/s/r of 32 bytes. Unknown map
// members are ignored. C is not checked to be a curve point, nor a DLEQ verified (NUT-12 code
// does that with the mint's keys); short V2 keyset ids are kept as they came (resolving them
// needs the mint's keysets).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/bytes.hpp"
#include "core/cashu/types.hpp"

namespace flash::cashu {

/// Longest token text or binary token accepted by the decoders (cdk's 1 MiB message cap).
inline constexpr std::size_t max_token_size = 1 << 20;

/// Proofs of one mint in one unit, with an optional memo: the content of a V4 token.
struct Token {
    std::string mint;  ///< mint URL, as written by the sender
    std::string unit;  ///< "sat", "msat", "usd", ...
    std::optional<std::string> memo;
    std::vector<Proof> proofs;  ///< in token order; never empty in a decoded token
    bool operator==(const Token&) const = default;
};

/// `cashuB` + base64url (no padding) of the V4 CBOR map {m, u, d?, t: [{i, p: [{a, s, c, d?, w?}]}]}.
/// Proofs are grouped under their keyset id in order of first appearance; the order of proofs
/// within a keyset is kept. CBOR map keys come out in deterministic (sorted) order, so the text
/// may differ from another wallet's for the same token: compare decoded tokens.
std::string encode_token_v4(const Token& token);

/// `cashuA` + base64url (with padding, as Nutshell writes it) of the V3 JSON
/// {"token": [{"mint", "proofs"}], "unit", "memo"?}, for wallets that do not read V4 yet.
std::string encode_token_v3(const Token& token);

/// The binary token: "craw", the version byte 'B', then the V4 CBOR.
Bytes encode_token_raw(const Token& token);

/// Decodes a `cashuA` or `cashuB` token, with or without a leading `cashu:` URI scheme (any
/// case). A V3 token whose entries name more than one mint is rejected (use decode_token_v3);
/// entries of the same mint are merged. A V3 token without "unit" gets unit "sat".
Token decode_token(std::string_view text);

/// Decodes a `cashuA` token (optional `cashu:` scheme) into one Token per entry of "token", in
/// order, each with the token's unit (default "sat") and memo. Every entry needs a proof.
std::vector<Token> decode_token_v3(std::string_view text);

/// Decodes a binary token ("craw" + 'B' + CBOR); any other version byte is rejected.
Token decode_token_raw(ByteView data);

}  // namespace flash::cashu
