// The one error type thrown by core for bad outside input or failed operations.
//
// Every decoder of outside input (hex, bech32, CBOR, extended keys, mnemonics, ciphertexts, ...)
// throws flash::Error with a code from Errc; callers and tests check the code, not the message.
// The wasm boundary turns it into a JS Error whose `code` is errc_name(code).
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace flash {

enum class Errc {
    // codec
    bad_hex,             ///< not an even-length string of hex digits
    bad_base64,          ///< bad alphabet, padding or trailing bits
    bad_base58,          ///< character outside the base58 alphabet
    bad_checksum,        ///< a checksum (base58check, bech32, BIP-39) does not match
    bad_bech32,          ///< bech32/bech32m structure: case, separator, charset, length, padding
    bad_cbor,            ///< malformed, truncated, non-canonical or too deeply nested CBOR
    bad_varint,          ///< truncated or non-minimal compact-size integer
    bad_length,          ///< an input has the wrong length for its type
    bad_utf8,            ///< text is not valid UTF-8
    // keys and crypto
    bad_secret_key,      ///< zero or not below the curve order
    bad_public_key,      ///< not a valid curve point encoding
    bad_signature,       ///< signature bytes cannot be parsed
    bad_tweak,           ///< a tweak or scalar produced an invalid key (probability ~2^-128)
    bad_mnemonic,        ///< unknown word or wrong word count
    bad_derivation_path, ///< path syntax or index out of range
    bad_extended_key,    ///< BIP-32 serialisation invalid (version, depth, key prefix, ...)
    bad_address,         ///< an address that does not decode for the expected network/program
    bad_ncryptsec,       ///< NIP-49 payload version, length or parameters invalid
    decrypt_failed,      ///< authentication failed (wrong key/password or tampered ciphertext)
    crypto_failure,      ///< the crypto library reported an internal failure
    bad_argument,        ///< an API caller passed a value of the wrong kind (unknown name, wrong type)
    // protocols
    bad_json,            ///< not JSON, or JSON nested or sized beyond the limits
    bad_event,           ///< a NOSTR event with missing/mistyped fields, bad hex, or an id that does not match
    bad_filter,          ///< a NOSTR filter (REQ) with missing/mistyped fields
    bad_message,         ///< a relay/client protocol message of unknown type or wrong shape
    bad_nip19,           ///< a NIP-19 entity with the wrong prefix or malformed TLV
    bad_payload,         ///< an encrypted payload with a bad version, length, padding or encoding
    too_large,           ///< input over a size limit (message, content, tags)
    bad_token,           ///< a Cashu token (cashuA, cashuB, craw) or proof that does not decode
    bad_keyset,          ///< Cashu keys or a keyset id that break NUT-01/02 (bad key, amount, id)
    bad_spending_condition,  ///< a NUT-10/11 secret or witness that is malformed
    bad_invoice,         ///< a BOLT11 invoice: prefix, amount, field, feature or signature the spec rejects
    bad_uri,             ///< a URI (BIP-21 bitcoin:, a URL) that is malformed or breaks its scheme's rules
    bad_lnurl,           ///< an LNURL, lightning address or LNURL service answer that breaks the LUDs
    bad_card_message,    ///< a Bolt Card tap (p=) that does not decrypt to a Bolt Card's PICCData (tag 0xC7)
    service_error,       ///< a service refused in its own words ({"status":"ERROR","reason"}); what() has the reason
    invoice_mismatch,    ///< an invoice that is not the one asked for (LNURL-pay: description hash or amount)
    unknown_payment_target,  ///< pasted or scanned text that is no invoice, LNURL, address or bitcoin: URI
    bad_transaction,     ///< a Bitcoin transaction that does not parse: truncated, oversized counts, trailing bytes
    bad_psbt,            ///< a PSBT that breaks BIP-174/371, or that a signer must refuse (false change, bad UTXO)
    insufficient_funds,  ///< the coins available do not pay the amount plus the fee
    storage,             ///< the database failed (open, read, write, migrate); nothing was half-written
    bad_config,          ///< a configuration value (flag, file, environment) that cannot be used
    // offline
    bad_ur,              ///< a Uniform Resource (ur:type/...), bytewords or fountain part that is malformed
    ur_mismatch,         ///< a UR part of another message than the parts received before (type, length, checksum)
    bad_ndef,            ///< an NDEF message or record that breaks the NFC Forum NDEF or RTD rules
};

/// Stable identifier for an error code, e.g. "bad_hex" (used across the wasm boundary).
std::string_view errc_name(Errc code) noexcept;

/// Typed error: `code()` says what went wrong, `what()` adds detail for humans.
class Error : public std::runtime_error {
public:
    Error(Errc code, const std::string& detail)
        : std::runtime_error(std::string(errc_name(code)) + ": " + detail), code_(code) {}
    Errc code() const noexcept { return code_; }

private:
    Errc code_;
};

/// Throws Error(bad_length) naming `what` unless `actual == expected` (sizes of keys, nonces, ...).
void require_size(std::size_t actual, std::size_t expected, const char* what);

/// The same for anything with a size(): a byte view, a string, an array.
template <typename Sized>
void require_size(const Sized& value, std::size_t expected, const char* what) {
    require_size(value.size(), expected, what);
}

}  // namespace flash
