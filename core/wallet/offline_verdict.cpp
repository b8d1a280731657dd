#include "core/wallet/offline_verdict.hpp"

#include <algorithm>
#include <set>
#include <tuple>

#include "core/cashu/nut02.hpp"
#include "core/cashu/nut10.hpp"
#include "core/cashu/nut11.hpp"
#include "core/cashu/nut12.hpp"
#include "core/codec/hex.hpp"
#include "core/error.hpp"
#include "core/wallet/wallet_steps.hpp"

namespace flash::wallet {
namespace {

/// Distinct keys of `keys`, and how many of them are in `mine`.
std::pair<std::uint64_t, std::uint64_t> count_keys(const std::vector<crypto::PublicKey>& keys,
                                                   std::span<const crypto::PublicKey> mine) {
    std::vector<crypto::PublicKey> distinct;
    for (const auto& key : keys)
        if (std::find(distinct.begin(), distinct.end(), key) == distinct.end()) distinct.push_back(key);
    const auto ours = std::count_if(distinct.begin(), distinct.end(), [&](const crypto::PublicKey& key) {
        return std::find(mine.begin(), mine.end(), key) != mine.end();
    });
    return {distinct.size(), static_cast<std::uint64_t>(ours)};
}

/// The cached keyset of `mint` whose id starts with `id` (a token may carry a short V2 id).
const KeysetRecord* find_keyset(std::span<const KeysetRecord> keysets, const std::string& mint, const cashu::KeysetId& id) {
    if (id.empty()) return nullptr;
    for (const KeysetRecord& keyset : keysets)
        if (keyset.mint == mint && keyset.id.size() >= id.size() && std::equal(id.begin(), id.end(), keyset.id.begin()))
            return &keyset;
    return nullptr;
}

/// Sorted in enum order, each reason once.
void tidy(std::vector<OfflineReason>& reasons) {
    std::sort(reasons.begin(), reasons.end());
    reasons.erase(std::unique(reasons.begin(), reasons.end()), reasons.end());
}

/// Whether the mint's signature on `proof` checks out with the cached keyset; adds the reasons.
bool check_signature(const cashu::Proof& proof, const KeysetRecord* keyset, const std::string& unit, std::uint64_t now_s,
                     ProofVerdict& out) {
    if (!keyset || keyset->keys.empty()) {
        out.reasons.push_back(OfflineReason::unknown_keyset);
        return false;
    }
    out.keyset_known = true;
    bool trusted = true;
    if (keyset->unit != unit) {
        out.reasons.push_back(OfflineReason::unit_mismatch);
        trusted = false;
    }
    if (keyset->final_expiry && now_s >= *keyset->final_expiry) {
        out.reasons.push_back(OfflineReason::keyset_expired);
        trusted = false;
    }
    const auto key = keyset->keys.find(proof.amount);
    if (key == keyset->keys.end()) {
        out.reasons.push_back(OfflineReason::no_key_for_amount);
        return false;
    }
    if (!proof.dleq) {
        out.reasons.push_back(OfflineReason::dleq_missing);
        return false;
    }
    if (!proof.dleq->r) {
        out.reasons.push_back(OfflineReason::dleq_without_r);
        return false;
    }
    try {
        out.dleq_valid = cashu::verify_proof_dleq(key->second, proof);
    } catch (const Error&) {
        out.dleq_valid = false;  // C is not a point: not a signature at all
    }
    if (!out.dleq_valid) out.reasons.push_back(OfflineReason::dleq_invalid);
    return trusted && out.dleq_valid;
}

}  // namespace

std::string_view to_string(OfflineClass verdict) noexcept {
    switch (verdict) {
        case OfflineClass::locked_to_someone_else: return "locked_to_someone_else";
        case OfflineClass::unsupported: return "unsupported";
        case OfflineClass::expired_lock: return "expired_lock";
        case OfflineClass::unverifiable: return "unverifiable";
        case OfflineClass::dleq_valid_unlocked: return "dleq_valid_unlocked";
        case OfflineClass::locked_to_me: return "locked_to_me";
    }
    return "unverifiable";
}

std::string_view to_string(OfflineReason reason) noexcept {
    switch (reason) {
        case OfflineReason::unknown_keyset: return "unknown_keyset";
        case OfflineReason::unit_mismatch: return "unit_mismatch";
        case OfflineReason::keyset_expired: return "keyset_expired";
        case OfflineReason::no_key_for_amount: return "no_key_for_amount";
        case OfflineReason::dleq_missing: return "dleq_missing";
        case OfflineReason::dleq_without_r: return "dleq_without_r";
        case OfflineReason::dleq_invalid: return "dleq_invalid";
        case OfflineReason::unlocked: return "unlocked";
        case OfflineReason::others_can_spend: return "others_can_spend";
        case OfflineReason::locked_to_other: return "locked_to_other";
        case OfflineReason::multisig_needs_others: return "multisig_needs_others";
        case OfflineReason::lock_expired: return "lock_expired";
        case OfflineReason::sig_all_unsupported: return "sig_all_unsupported";
        case OfflineReason::unsupported_condition: return "unsupported_condition";
        case OfflineReason::malformed_condition: return "malformed_condition";
    }
    return "unknown_keyset";
}

OfflineClass lock_class(const cashu::Proof& proof, std::span<const crypto::PublicKey> my_keys, std::uint64_t now_s,
                        ProofLock& lock, std::vector<OfflineReason>& reasons) {
    lock = {};
    if (!cashu::is_well_known_secret(proof.secret)) {
        reasons.push_back(OfflineReason::unlocked);
        return OfflineClass::dleq_valid_unlocked;
    }
    cashu::P2pkConditions conditions;
    try {
        const cashu::WellKnownSecret secret = cashu::parse_well_known_secret(proof.secret);
        if (secret.kind != "P2PK") {
            lock.kind = ProofLock::Kind::other;
            reasons.push_back(OfflineReason::unsupported_condition);
            return OfflineClass::unsupported;
        }
        conditions = cashu::p2pk_conditions(secret);
    } catch (const Error&) {
        lock.kind = ProofLock::Kind::other;
        reasons.push_back(OfflineReason::malformed_condition);
        return OfflineClass::unsupported;
    }
    lock.kind = ProofLock::Kind::p2pk;
    lock.n_sigs = conditions.n_sigs;
    std::tie(lock.lock_keys, lock.my_lock_keys) = count_keys(conditions.pubkeys, my_keys);
    std::tie(lock.refund_keys, lock.my_refund_keys) = count_keys(conditions.refund, my_keys);
    lock.locktime = conditions.locktime;
    lock.sig_all = conditions.sigflag == cashu::SigFlag::sig_all;
    const bool expired = conditions.locktime && now_s >= *conditions.locktime;
    if (conditions.locktime && !expired) lock.seconds_left = *conditions.locktime - now_s;

    // NUT-11: n_sigs of the lock keys spend it; after the locktime also n_sigs_refund of the
    // refund keys, or anyone when there are none. Who besides the receiver could?
    const bool refund_open = expired && conditions.refund.empty();
    const bool mine = lock.my_lock_keys >= conditions.n_sigs || refund_open ||
                      (expired && lock.my_refund_keys >= conditions.n_sigs_refund);
    const bool others = lock.lock_keys - lock.my_lock_keys >= conditions.n_sigs || refund_open ||
                        (expired && lock.refund_keys - lock.my_refund_keys >= conditions.n_sigs_refund);
    if (!mine) {
        reasons.push_back(lock.my_lock_keys > 0 ? OfflineReason::multisig_needs_others : OfflineReason::locked_to_other);
        return OfflineClass::locked_to_someone_else;
    }
    if (lock.sig_all) {
        reasons.push_back(OfflineReason::sig_all_unsupported);
        return OfflineClass::unsupported;
    }
    if (!others) return OfflineClass::locked_to_me;
    if (expired) {
        reasons.push_back(OfflineReason::lock_expired);
        return OfflineClass::expired_lock;
    }
    reasons.push_back(OfflineReason::others_can_spend);
    return OfflineClass::dleq_valid_unlocked;
}

OfflineVerdict offline_verdict(const cashu::Token& token, std::span<const KeysetRecord> keysets,
                               std::span<const crypto::PublicKey> my_keys, std::uint64_t now_s) {
    OfflineVerdict out;
    out.mint = steps::normal_url(token.mint);
    out.unit = token.unit;
    out.verdict = OfflineClass::locked_to_me;
    std::vector<std::uint64_t> fee_ppk;
    bool all_known = true;
    std::set<std::string_view> secrets;
    for (const cashu::Proof& proof : token.proofs) {
        if (!secrets.insert(proof.secret).second) throw Error(Errc::bad_token, "the token holds the same proof twice");
        ProofVerdict& verdict = out.proofs.emplace_back();
        verdict.amount = proof.amount;
        verdict.keyset = proof.id;
        const KeysetRecord* keyset = find_keyset(keysets, out.mint, proof.id);
        const OfflineClass by_lock = lock_class(proof, my_keys, now_s, verdict.lock, verdict.reasons);
        const bool trusted = check_signature(proof, keyset, token.unit, now_s, verdict);
        verdict.verdict = is_refusal(by_lock) || trusted ? by_lock : OfflineClass::unverifiable;
        tidy(verdict.reasons);

        if (proof.amount > UINT64_MAX - out.amount) throw Error(Errc::bad_token, "the token's amounts overflow 64 bits");
        out.amount += proof.amount;
        if (verdict.keyset_known) fee_ppk.push_back(keyset->input_fee_ppk);
        else all_known = false;
        out.verdict = std::min(out.verdict, verdict.verdict);
        out.reasons.insert(out.reasons.end(), verdict.reasons.begin(), verdict.reasons.end());
        if (by_lock == OfflineClass::locked_to_me && verdict.lock.locktime &&
            (!out.locktime || *verdict.lock.locktime < *out.locktime)) {
            out.locktime = verdict.lock.locktime;
            out.seconds_left = verdict.lock.seconds_left;
        }
    }
    if (token.proofs.empty()) out.verdict = OfflineClass::unverifiable;
    if (all_known) out.fee = cashu::input_fee(fee_ppk);
    tidy(out.reasons);
    return out;
}

nlohmann::json to_json(const OfflineVerdict& verdict) {
    using nlohmann::json;
    const auto reasons_json = [](const std::vector<OfflineReason>& reasons) {
        json list = json::array();
        for (const OfflineReason reason : reasons) list.push_back(to_string(reason));
        return list;
    };
    static constexpr const char* kinds[] = {"none", "p2pk", "other"};
    json proofs = json::array();
    for (const ProofVerdict& proof : verdict.proofs) {
        json lock = {{"kind", kinds[static_cast<int>(proof.lock.kind)]}, {"n_sigs", proof.lock.n_sigs},
                     {"lock_keys", proof.lock.lock_keys}, {"my_lock_keys", proof.lock.my_lock_keys},
                     {"refund_keys", proof.lock.refund_keys}, {"my_refund_keys", proof.lock.my_refund_keys},
                     {"sig_all", proof.lock.sig_all}};
        if (proof.lock.locktime) lock["locktime"] = *proof.lock.locktime;
        if (proof.lock.seconds_left) lock["seconds_left"] = *proof.lock.seconds_left;
        proofs.push_back({{"amount", proof.amount}, {"keyset", codec::hex_encode(proof.keyset)},
                          {"verdict", to_string(proof.verdict)}, {"keyset_known", proof.keyset_known},
                          {"dleq_valid", proof.dleq_valid}, {"reasons", reasons_json(proof.reasons)}, {"lock", std::move(lock)}});
    }
    json out = {{"verdict", to_string(verdict.verdict)}, {"mint", verdict.mint}, {"unit", verdict.unit},
                {"amount", verdict.amount}, {"reasons", reasons_json(verdict.reasons)}, {"proofs", std::move(proofs)}};
    if (verdict.fee) out["fee"] = *verdict.fee;
    if (verdict.locktime) out["locktime"] = *verdict.locktime;
    if (verdict.seconds_left) out["seconds_left"] = *verdict.seconds_left;
    return out;
}

}  // namespace flash::wallet
