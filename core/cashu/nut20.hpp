// NUT-20: a mint quote locked to a public key. The wallet proves it owns the quote by signing
//
//   msg_to_sign = quote id (UTF-8) || B_0 || B_1 || ... || B_(n-1)
//
// where each B_ is the output's blinded message as 66 lower-case hex characters, with BIP-340
// Schnorr over SHA-256(msg_to_sign) and the x-only part of the quote's compressed pubkey.
#pragma once

#include <span>
#include <string_view>

#include "core/bytes.hpp"
#include "core/cashu/types.hpp"
#include "core/crypto/secp256k1.hpp"

namespace flash::cashu {

/// The bytes of msg_to_sign for `quote_id` and the request's `outputs` (in request order).
Bytes nut20_message(std::string_view quote_id, std::span<const BlindedMessage> outputs);

/// The wallet's signature of a mint request. `aux32` is BIP-340 auxiliary randomness (32 fresh
/// random bytes in production). Error(bad_length) if `aux32` is not 32 bytes.
crypto::Signature64 nut20_sign(std::string_view quote_id, std::span<const BlindedMessage> outputs,
                               const crypto::SecretKey& key, ByteView aux32);

/// The mint's check: true when `signature` (64 bytes) signs the request under the quote's
/// `pubkey`. Any malformed input (signature length, key) gives false; never throws.
bool nut20_verify(std::string_view quote_id, std::span<const BlindedMessage> outputs,
                  const crypto::PublicKey& pubkey, ByteView signature) noexcept;

}  // namespace flash::cashu
