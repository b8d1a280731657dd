// The offline acceptance policy: what a receiver who cannot reach the mint can know about a
// Cashu token, and whether it should take it as payment.
//
// Offline, two things can be checked and one cannot:
//  - that the mint signed each proof: its DLEQ proof (NUT-12, the form with r that tokens carry)
//    verifies against the mint's key for the amount, from keysets cached while online;
//  - who can spend each proof: its NUT-10/11 spending condition. A plain secret can be spent by
//    anyone holding it, the sender included (who could spend it again before the receiver
//    redeems); a P2PK lock to the receiver's key alone cannot, until its locktime, after which
//    the refund keys (normally the sender's), or anyone when there are none, can spend it too;
//  - NOT whether the proof is still unspent: only the mint knows. A lock to the receiver makes a
//    double spend impossible rather than detectable.
//
// Each proof gets a class, and the token the worst of its proofs' classes, in this order:
//
//   locked_to_someone_else  refused: the receiver's keys cannot spend it (or not alone: n-of-m)
//   unsupported             refused: a condition this wallet cannot redeem (HTLC, SIG_ALL,
//                           unknown or malformed NUT-10 secret)
//   expired_lock            refused: locked to the receiver, but the locktime has passed, so the
//                           refund keys (the sender) or anyone may take it back first
//   unverifiable            the mint's signature cannot be checked: keyset not cached, no key for
//                           the amount, DLEQ missing, without r, or wrong
//   dleq_valid_unlocked     the mint signed it, but others can spend it too (plain secret, or a
//                           lock that other keys also satisfy): the sender could double-spend
//   locked_to_me            the mint signed it and only the receiver can spend it (until the
//                           locktime, if there is one: seconds_left says how long)
//
// Reasons are stable codes (snake_case strings in JSON) for the UI to translate, never sentences.
// Everything here is pure: no storage, no clock (the caller passes `now_s`), no network.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/cashu/token.hpp"
#include "core/cashu/types.hpp"
#include "core/crypto/secp256k1.hpp"
#include "core/wallet/wallet_store.hpp"

namespace flash::wallet {

/// The verdict classes, best last (see above).
enum class OfflineClass {
    locked_to_someone_else,
    unsupported,
    expired_lock,
    unverifiable,
    dleq_valid_unlocked,
    locked_to_me,
};

/// True for the classes a receiver must not accept as payment.
constexpr bool is_refusal(OfflineClass verdict) noexcept {
    return verdict == OfflineClass::locked_to_someone_else || verdict == OfflineClass::unsupported ||
           verdict == OfflineClass::expired_lock;
}

/// Why a proof is not locked_to_me, as codes.
enum class OfflineReason {
    unknown_keyset,         ///< the keyset is not cached for this mint (refresh while online)
    unit_mismatch,          ///< the keyset's unit is not the token's
    keyset_expired,         ///< the keyset's final_expiry has passed: the mint may refuse it (12003)
    no_key_for_amount,      ///< the keyset has no key for the proof's amount
    dleq_missing,           ///< no DLEQ proof: the sender stripped it
    dleq_without_r,         ///< a DLEQ without r (the blind-signature form): cannot be checked
    dleq_invalid,           ///< the DLEQ does not verify: not signed by this mint's key
    unlocked,               ///< a plain secret: whoever holds it (the sender) can spend it
    others_can_spend,       ///< locked, but keys other than the receiver's also satisfy the lock
    locked_to_other,        ///< none of the receiver's keys is among the lock keys
    multisig_needs_others,  ///< the receiver's keys are among them, but fewer than n_sigs
    lock_expired,           ///< the locktime has passed
    sig_all_unsupported,    ///< SIG_ALL: the lock covers the whole swap; this wallet signs proofs
    unsupported_condition,  ///< a NUT-10 kind other than P2PK (HTLC, unknown)
    malformed_condition,    ///< a secret that looks like NUT-10 but does not parse
};

std::string_view to_string(OfflineClass verdict) noexcept;
std::string_view to_string(OfflineReason reason) noexcept;

/// What a proof's spending condition means for the receiver.
struct ProofLock {
    enum class Kind { none, p2pk, other };
    Kind kind = Kind::none;
    std::uint64_t n_sigs = 0;          ///< P2PK: signatures needed from the lock keys
    std::uint64_t lock_keys = 0;       ///< P2PK: distinct lock keys (data + pubkeys)
    std::uint64_t my_lock_keys = 0;    ///< ... of which are the receiver's
    std::uint64_t refund_keys = 0;     ///< distinct refund keys
    std::uint64_t my_refund_keys = 0;  ///< ... of which are the receiver's
    std::optional<std::uint64_t> locktime;      ///< unix seconds
    std::optional<std::uint64_t> seconds_left;  ///< until the locktime, while it is ahead
    bool sig_all = false;
};

struct ProofVerdict {
    cashu::Amount amount = 0;
    cashu::KeysetId keyset;  ///< as the token carries it (possibly a short V2 id)
    OfflineClass verdict = OfflineClass::unverifiable;
    bool keyset_known = false;
    bool dleq_valid = false;
    ProofLock lock;
    std::vector<OfflineReason> reasons;  ///< every problem found, in enum order
};

struct OfflineVerdict {
    OfflineClass verdict = OfflineClass::unverifiable;  ///< the worst of the proofs'
    std::string mint;                                   ///< the token's mint, without trailing '/'
    std::string unit;
    cashu::Amount amount = 0;          ///< all proofs together
    std::optional<cashu::Amount> fee;  ///< the input fee redeeming costs (when every keyset is known)
    std::optional<std::uint64_t> locktime;      ///< the earliest locktime of a lock to the receiver
    std::optional<std::uint64_t> seconds_left;  ///< ... and the time left until it
    std::vector<OfflineReason> reasons;         ///< the union of the proofs' reasons, in enum order
    std::vector<ProofVerdict> proofs;           ///< in token order
};

/// The verdict on `token` for a receiver holding the keys `my_keys`, at `now_s` (unix seconds).
/// `keysets`: the keysets cached for the token's mint (others are ignored; a short V2 id matches
/// the keyset whose id starts with it). A malformed condition or point is a reason, not an
/// error. Error(bad_token) when the token holds a proof twice (its amount would be a lie) or its
/// amounts overflow 64 bits; Error(bad_argument) for an empty mint URL.
OfflineVerdict offline_verdict(const cashu::Token& token, std::span<const KeysetRecord> keysets,
                               std::span<const crypto::PublicKey> my_keys, std::uint64_t now_s);

/// Only the spending-condition part of the verdict for one proof: the class it would have if
/// the mint's signature checked out, and the lock's details. Appends its reasons to `reasons`.
OfflineClass lock_class(const cashu::Proof& proof, std::span<const crypto::PublicKey> my_keys, std::uint64_t now_s,
                        ProofLock& lock, std::vector<OfflineReason>& reasons);

/// {"verdict", "mint", "unit", "amount", "fee"?, "locktime"?, "seconds_left"?, "reasons": [...],
///  "proofs": [{"amount", "keyset", "verdict", "keyset_known", "dleq_valid", "reasons",
///              "lock": {"kind": "none"|"p2pk"|"other", "n_sigs", "lock_keys", "my_lock_keys",
///                       "refund_keys", "my_refund_keys", "locktime"?, "seconds_left"?, "sig_all"}}]}
nlohmann::json to_json(const OfflineVerdict& verdict);

}  // namespace flash::wallet
