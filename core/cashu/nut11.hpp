// NUT-11: Pay to Public Key (P2PK), the "P2PK" kind of NUT-10 secret. `data` and the `pubkeys`
// and `refund` tags hold 33-byte compressed keys in hex; a witness {"signatures": [...]} holds
// BIP-340 Schnorr signatures (x-only part of the key) over SHA-256(secret text).
//
// Spending (SIG_INPUTS): n_sigs distinct keys of {data} + pubkeys must have signed. Once the
// locktime has passed, the proof may instead be spent with n_sigs_refund signatures of the refund
// keys, or by anyone when there are no refund keys. No locktime means a permanent lock.
//
// SIG_ALL: the signatures (on the first input's witness) cover the whole request,
//
//   msg_to_sign = secret_0 || C_0 || ... || secret_n || C_n || amount_0 || B_0 || ... || quote
//
// with C and B_ as lower-case hex, amounts in decimal, and the quote id for melts only. Every
// input must then carry the same conditions (kind, data and tags; nonces differ), and n_sigs /
// locktime / refund apply as for SIG_INPUTS, to the first input's witness over SHA-256(msg).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/bytes.hpp"
#include "core/cashu/nut10.hpp"
#include "core/cashu/types.hpp"
#include "core/crypto/secp256k1.hpp"

namespace flash::cashu {

enum class SigFlag { sig_inputs, sig_all };

/// The conditions of a P2PK secret, with the tags' defaults applied.
struct P2pkConditions {
    std::vector<crypto::PublicKey> pubkeys;         ///< data first, then the pubkeys tag
    std::uint64_t n_sigs = 1;                       ///< at least 1
    SigFlag sigflag = SigFlag::sig_inputs;
    std::optional<std::uint64_t> locktime;          ///< unix seconds
    std::vector<crypto::PublicKey> refund;
    std::uint64_t n_sigs_refund = 1;
    bool operator==(const P2pkConditions&) const = default;
};

/// The conditions of a parsed secret. Error(bad_spending_condition) when the kind is not
/// "P2PK", a key is not 33-byte compressed hex of a curve point, a number is not a decimal
/// integer, n_sigs or n_sigs_refund is 0, sigflag is unknown, or one of these tags appears twice. Other tags are ignored.
P2pkConditions p2pk_conditions(const WellKnownSecret& secret);

/// The signatures of a P2PK witness text {"signatures": ["<128 hex>", ...]}.
/// Error(bad_spending_condition) for any other shape.
std::vector<crypto::Signature64> parse_p2pk_witness(std::string_view witness);

/// The witness text for `signatures`.
std::string serialize_p2pk_witness(const std::vector<crypto::Signature64>& signatures);

/// The mint's check of a SIG_INPUTS proof at time `now_s` (unix seconds): true when the witness
/// meets the conditions above. False for a missing witness, too few valid signatures, and for a
/// SIG_ALL secret (those are checked over the whole request). Error(bad_spending_condition) for
/// a secret that is not a well-formed P2PK secret or a malformed witness.
bool verify_p2pk(const Proof& proof, std::uint64_t now_s);

/// The wallet's side: `proof` with a signature by `key` over SHA-256(secret) appended to its
/// witness (created if absent). `aux32`: 32 bytes of BIP-340 auxiliary randomness.
/// Error(bad_spending_condition) for a malformed existing witness; Error(bad_length) for `aux32`.
Proof sign_p2pk(const Proof& proof, const crypto::SecretKey& key, ByteView aux32);

/// The mint's check of a SIG_ALL swap (`melt_quote` empty) or melt request at `now_s`: true when
/// the first input is a P2PK SIG_ALL secret, every input's secret has its kind, data and tags,
/// and the first input's witness meets the conditions over SHA-256(sig_all_message()). False
/// otherwise (no inputs, a plain or other-kind secret, differing conditions, too few signatures).
/// Error(bad_spending_condition) for a malformed NUT-10 secret, P2PK tag or witness.
bool verify_sig_all(std::span<const Proof> inputs, std::span<const BlindedMessage> outputs,
                    std::string_view melt_quote, std::uint64_t now_s);

/// The SIG_ALL msg_to_sign of a swap (`melt_quote` empty) or a melt request, inputs and outputs
/// in request order. Sign SHA-256 of it.
std::string sig_all_message(std::span<const Proof> inputs, std::span<const BlindedMessage> outputs,
                            std::string_view melt_quote = {});

}  // namespace flash::cashu
