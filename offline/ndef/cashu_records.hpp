// Cashu tokens over NFC, in the three forms wallets write (cashu.me's Web NFC writer, Numo's HCE
// point of sale, Minibits):
//   - a Text record (language "en") holding the token text `cashuB...`;
//   - a URI record holding a wallet link `https://wallet.example/#token=cashuB...` (or `cashu:...`);
//   - a MIME record "application/octet-stream" holding the binary token `craw` + 'B' + CBOR.
// find_token() reads any of them back, as those wallets do.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/cashu/token.hpp"
#include "offline/ndef/record.hpp"

namespace flash::offline::ndef {

/// A Text record with `token` (language "en"). Throws as make_text_record.
Record token_text_record(std::string_view token);
/// A URI record with `page_url` + "#token=" + `token` (the fragment never reaches a server).
/// Throws as make_uri_record.
Record token_url_record(std::string_view page_url, std::string_view token);
/// A MIME record "application/octet-stream" with cashu::encode_token_raw(token).
Record token_binary_record(const cashu::Token& token);

/// The token text (`cashuA...` / `cashuB...`) in `text`, if any: the text itself (an optional
/// `cashu:` scheme, any case, removed), or the value of a `token` parameter in the query or the
/// fragment of a URL (percent-decoded, `cashu:` removed). Only the token's characters (base64 and
/// base64url) are taken. nullopt when there is none; the token itself is not decoded here.
std::optional<std::string> token_in_text(std::string_view text);

/// The token carried by the first record that carries one: a Text or URI record whose text
/// token_in_text() finds a token in, or a MIME record whose payload starts with "craw" (returned
/// re-encoded as `cashuB...`). Records of other kinds (an Android application record, say) are
/// skipped. nullopt when no record carries a token. Throws Error(bad_ndef) for a malformed Text or
/// URI record and Error(bad_token) for a `craw` payload that does not decode.
std::optional<std::string> find_token(std::span<const Record> records);

}  // namespace flash::offline::ndef
