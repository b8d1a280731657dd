// The offline acceptance policy (core/wallet/offline_verdict): the mint's signature checked with
// the NUT-12 Proof vector (and tampered copies), the spending conditions of the NUT-11 vectors
// (multisig, refund, locktime, SIG_ALL) read for a receiver holding some of their keys, and how
// a token's verdict follows from its proofs'.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "core/cashu/nut10.hpp"
#include "core/cashu/proof_json.hpp"
#include "core/codec/hex.hpp"
#include "core/wallet/offline_verdict.hpp"
#include "support/errors.hpp"
#include "support/markdown_vectors.hpp"

using namespace flash;
using namespace flash::wallet;
using codec::hex_decode;

namespace {

constexpr const char* mint_url = "https://mint.test";

crypto::PublicKey key(const std::string& hex) { return crypto::parse_public_key(hex_decode(hex)); }

/// The NUT-12 Proof vector and the keyset that signed it (amount 1 -> A), as a wallet caches it.
struct Nut12 {
    cashu::Proof proof;
    KeysetRecord keyset;
};

Nut12 nut12_vector() {
    const auto md = test::load_markdown_vectors("cashu/12-tests.md");
    Nut12 v;
    v.proof = cashu::proof_from_json(md.blocks[1]);
    v.keyset.mint = mint_url;
    v.keyset.id = v.proof.id;
    v.keyset.unit = "sat";
    v.keyset.active = true;
    v.keyset.keys.emplace(1, key(md.values("A").at(2)));
    return v;
}

OfflineVerdict verdict_of(const std::vector<cashu::Proof>& proofs, const std::vector<KeysetRecord>& keysets,
                          const std::vector<crypto::PublicKey>& mine = {}, std::uint64_t now = 1'700'000'000) {
    return offline_verdict(cashu::Token{std::string(mint_url) + "/", "sat", std::nullopt, proofs}, keysets, mine, now);
}

bool has(const std::vector<OfflineReason>& reasons, OfflineReason reason) {
    return std::find(reasons.begin(), reasons.end(), reason) != reasons.end();
}

/// The lock class of one NUT-11 vector proof for a receiver holding `mine` at `now`.
struct LockRead {
    OfflineClass verdict;
    ProofLock lock;
    std::vector<OfflineReason> reasons;
};
LockRead read_lock(const cashu::Proof& proof, const std::vector<crypto::PublicKey>& mine, std::uint64_t now) {
    LockRead out{};
    out.verdict = lock_class(proof, mine, now, out.lock, out.reasons);
    return out;
}

}  // namespace

TEST_CASE("offline verdict: the NUT-12 proof vector verifies offline; unlocked, so the sender could spend it", "[wallet][offline]") {
    const Nut12 v = nut12_vector();
    const OfflineVerdict verdict = verdict_of({v.proof}, {v.keyset});
    CHECK(verdict.verdict == OfflineClass::dleq_valid_unlocked);
    CHECK(verdict.mint == mint_url);  // trailing slash gone
    CHECK(verdict.amount == 1);
    CHECK(verdict.fee == cashu::Amount{0});
    CHECK(verdict.reasons == std::vector{OfflineReason::unlocked});
    REQUIRE(verdict.proofs.size() == 1);
    CHECK(verdict.proofs[0].dleq_valid);
    CHECK(verdict.proofs[0].keyset_known);
    CHECK(verdict.proofs[0].lock.kind == ProofLock::Kind::none);

    const auto json = to_json(verdict);
    CHECK(json.at("verdict") == "dleq_valid_unlocked");
    CHECK(json.at("reasons") == nlohmann::json::array({"unlocked"}));
    CHECK(json.at("proofs")[0].at("keyset") == "00882760bfa2eb41");
}

TEST_CASE("offline verdict: a tampered, stripped or r-less DLEQ is unverifiable", "[wallet][offline]") {
    const Nut12 v = nut12_vector();
    const auto check = [&](const cashu::Proof& proof, OfflineReason expected) {
        const OfflineVerdict verdict = verdict_of({proof}, {v.keyset});
        CHECK(verdict.verdict == OfflineClass::unverifiable);
        CHECK(has(verdict.reasons, expected));
        CHECK_FALSE(verdict.proofs[0].dleq_valid);
    };
    cashu::Proof bad = v.proof;
    bad.dleq->e[31] ^= 1;
    check(bad, OfflineReason::dleq_invalid);
    bad = v.proof;
    bad.dleq->s[0] ^= 0x80;
    check(bad, OfflineReason::dleq_invalid);
    bad = v.proof;
    (*bad.dleq->r)[5] ^= 1;
    check(bad, OfflineReason::dleq_invalid);
    bad = v.proof;
    bad.secret[0] = bad.secret[0] == 'a' ? 'b' : 'a';  // another secret: C no longer matches
    check(bad, OfflineReason::dleq_invalid);
    bad = v.proof;
    bad.C[0] = 0x05;  // not a point at all
    check(bad, OfflineReason::dleq_invalid);
    bad = v.proof;
    bad.dleq->r.reset();
    check(bad, OfflineReason::dleq_without_r);
    bad = v.proof;
    bad.dleq.reset();
    check(bad, OfflineReason::dleq_missing);
}

TEST_CASE("offline verdict: keysets not cached, of another mint or unit, expired, or without the amount", "[wallet][offline]") {
    const Nut12 v = nut12_vector();
    OfflineVerdict verdict = verdict_of({v.proof}, {});
    CHECK(verdict.verdict == OfflineClass::unverifiable);
    CHECK(verdict.reasons == std::vector{OfflineReason::unknown_keyset, OfflineReason::unlocked});
    CHECK_FALSE(verdict.fee);  // unknown: the keyset's fee is not known
    CHECK_FALSE(verdict.proofs[0].keyset_known);

    KeysetRecord other = v.keyset;
    other.mint = "https://other.mint";
    CHECK(has(verdict_of({v.proof}, {other}).reasons, OfflineReason::unknown_keyset));

    KeysetRecord no_keys = v.keyset;
    no_keys.keys.clear();  // listed by /v1/keysets, keys never fetched
    CHECK(has(verdict_of({v.proof}, {no_keys}).reasons, OfflineReason::unknown_keyset));

    KeysetRecord usd = v.keyset;
    usd.unit = "usd";
    verdict = verdict_of({v.proof}, {usd});
    CHECK(verdict.verdict == OfflineClass::unverifiable);
    CHECK(has(verdict.reasons, OfflineReason::unit_mismatch));
    CHECK(verdict.proofs[0].dleq_valid);  // the signature is fine; the unit is not

    KeysetRecord expiring = v.keyset;
    expiring.final_expiry = 1'700'000'000;
    CHECK(has(verdict_of({v.proof}, {expiring}).reasons, OfflineReason::keyset_expired));
    CHECK(verdict_of({v.proof}, {expiring}, {}, 1'699'999'999).verdict == OfflineClass::dleq_valid_unlocked);

    cashu::Proof two = v.proof;
    two.amount = 2;
    CHECK(has(verdict_of({two}, {v.keyset}).reasons, OfflineReason::no_key_for_amount));

    // A short V2 id in a token matches the cached keyset whose full id starts with it.
    KeysetRecord full = v.keyset;
    full.id = hex_decode("01" + std::string(64, 'a'));
    cashu::Proof short_id = v.proof;
    short_id.id = hex_decode("01aaaaaaaaaaaaaa");
    CHECK(verdict_of({short_id}, {full}).proofs[0].keyset_known);
}

TEST_CASE("offline verdict: NUT-11 multisig vector, for each share of its keys and side of its locktime", "[wallet][offline]") {
    const auto md = test::load_markdown_vectors("cashu/11-test.md");
    // locktime 21; data 03ab50…, pubkeys 0229a9…, 033281…; n_sigs 2; refund 03ab50…, 033281…
    const cashu::Proof proof = cashu::proof_from_json(md.blocks[0]);
    const crypto::PublicKey data = key("03ab50a667926fac858bac540766254c14b2b0334d10e8ec766455310224bbecf4");
    const crypto::PublicKey second = key("0229a91adec8dd9badb228c628a07fc1bf707a9b7d95dd505c490b1766fa7dc541");
    const crypto::PublicKey third = key("033281c37677ea273eb7183b783067f5244933ef78d8c3f15b1a77cb246099c26e");

    LockRead read = read_lock(proof, {data}, 10);
    CHECK(read.verdict == OfflineClass::locked_to_someone_else);  // 1 of the 2 signatures needed
    CHECK(read.reasons == std::vector{OfflineReason::multisig_needs_others});
    CHECK(read.lock.kind == ProofLock::Kind::p2pk);
    CHECK(read.lock.n_sigs == 2);
    CHECK(read.lock.lock_keys == 3);
    CHECK(read.lock.my_lock_keys == 1);
    CHECK(read.lock.refund_keys == 2);
    CHECK(read.lock.my_refund_keys == 1);
    CHECK(read.lock.locktime == std::uint64_t{21});
    CHECK(read.lock.seconds_left == std::uint64_t{11});

    read = read_lock(proof, {data, second}, 10);  // the receiver alone meets n_sigs; the third key cannot
    CHECK(read.verdict == OfflineClass::locked_to_me);
    CHECK(read.reasons.empty());

    read = read_lock(proof, {data, second}, 21);  // at the locktime the refund keys may spend
    CHECK(read.verdict == OfflineClass::expired_lock);
    CHECK(read.reasons == std::vector{OfflineReason::lock_expired});
    CHECK_FALSE(read.lock.seconds_left);

    read = read_lock(proof, {}, 10);
    CHECK(read.verdict == OfflineClass::locked_to_someone_else);
    CHECK(read.reasons == std::vector{OfflineReason::locked_to_other});
    read = read_lock(proof, {third}, 100);  // a refund key after the locktime: a race with the others
    CHECK(read.verdict == OfflineClass::expired_lock);
}

TEST_CASE("offline verdict: NUT-11 SIG_INPUTS, 2-of-3, refund and SIG_ALL vectors", "[wallet][offline]") {
    const auto md = test::load_markdown_vectors("cashu/11-test.md");
    const cashu::Proof single = cashu::proof_from_json(md.blocks[3]);  // data 0249…, no locktime
    const crypto::PublicKey single_key = key("0249098aa8b9d2fbec49ff8598feb17b592b986e62319a4fa488a3dc36387157a7");
    LockRead read = read_lock(single, {single_key}, 1'700'000'000);
    CHECK(read.verdict == OfflineClass::locked_to_me);  // a permanent lock
    CHECK_FALSE(read.lock.locktime);
    CHECK_FALSE(read.lock.seconds_left);

    const cashu::Proof two_of_three = cashu::proof_from_json(md.blocks[5]);  // 0249…, 0279be…, 021427…; n_sigs 2
    read = read_lock(two_of_three, {single_key}, 0);
    CHECK(read.verdict == OfflineClass::locked_to_someone_else);
    CHECK(read.reasons == std::vector{OfflineReason::multisig_needs_others});
    read = read_lock(two_of_three, {single_key, key("0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798")}, 0);
    CHECK(read.verdict == OfflineClass::locked_to_me);  // 2 of 3 mine: the third key alone cannot spend
    CHECK(read.lock.my_lock_keys == 2);

    const cashu::Proof refundable = cashu::proof_from_json(md.blocks[7]);  // data 03d5…, locktime 21, refund 0234…
    const crypto::PublicKey lock_key = key("03d5edeb839be873df2348785506d36565f3b8f390fb931709a422b5a247ddefb1");
    const crypto::PublicKey refund_key = key("0234ad87e907e117db1590cc20a3942ffdfd5137aa563d36095d5cf5f96bada122");
    CHECK(read_lock(refundable, {lock_key}, 20).verdict == OfflineClass::locked_to_me);
    CHECK(read_lock(refundable, {lock_key}, 20).lock.seconds_left == std::uint64_t{1});
    CHECK(read_lock(refundable, {lock_key}, 22).verdict == OfflineClass::expired_lock);
    CHECK(read_lock(refundable, {refund_key}, 20).verdict == OfflineClass::locked_to_someone_else);
    CHECK(read_lock(refundable, {refund_key}, 22).verdict == OfflineClass::expired_lock);
    CHECK(read_lock(refundable, {lock_key, refund_key}, 22).verdict == OfflineClass::locked_to_me);  // both paths are mine

    const cashu::Proof future = cashu::proof_from_json(md.blocks[8]);  // locktime 99999999999
    read = read_lock(future, {key("03206e0d488387a816bbafd957be51b073432c6c7a403ec4c2a0b27647326c5150")}, 1'700'000'000);
    CHECK(read.verdict == OfflineClass::locked_to_me);
    CHECK(read.lock.seconds_left == std::uint64_t{99'999'999'999 - 1'700'000'000});

    const cashu::Proof sig_all = cashu::proof_from_json(md.blocks[9].at("inputs")[0]);
    read = read_lock(sig_all, {key("030d8acedfe072c9fa449a1efe0817157403fbec460d8e79f957966056e5dd76c1")}, 0);
    CHECK(read.verdict == OfflineClass::unsupported);
    CHECK(read.reasons == std::vector{OfflineReason::sig_all_unsupported});
    CHECK(read.lock.sig_all);
}

TEST_CASE("offline verdict: other NUT-10 kinds, malformed secrets, and a lock with no refund keys", "[wallet][offline]") {
    const crypto::PublicKey mine = key("0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798");
    cashu::Proof proof;
    proof.amount = 1;
    proof.secret = cashu::serialize_well_known_secret({"HTLC", "00", std::string(64, 'a'), {}});
    LockRead read = read_lock(proof, {mine}, 0);
    CHECK(read.verdict == OfflineClass::unsupported);
    CHECK(read.reasons == std::vector{OfflineReason::unsupported_condition});
    CHECK(read.lock.kind == ProofLock::Kind::other);

    proof.secret = "[\"P2PK\", {\"nonce\": 1}]";
    CHECK(read_lock(proof, {mine}, 0).reasons == std::vector{OfflineReason::malformed_condition});
    proof.secret = cashu::serialize_well_known_secret({"P2PK", "00", "02zz", {}});
    CHECK(read_lock(proof, {mine}, 0).reasons == std::vector{OfflineReason::malformed_condition});

    // 1-of-2, one key mine: the other key's holder (the sender?) can spend it as well.
    proof.secret = cashu::serialize_well_known_secret(
        {"P2PK", "00", codec::hex_encode(mine), {{"pubkeys", "02a9acc1e48c25eeeb9289b5031cc57da9fe72f3fe2861d264bdc074209b107ba2"}}});
    read = read_lock(proof, {mine}, 0);
    CHECK(read.verdict == OfflineClass::dleq_valid_unlocked);
    CHECK(read.reasons == std::vector{OfflineReason::others_can_spend});

    // Locked to me until 100, no refund keys: after that, anyone.
    proof.secret = cashu::serialize_well_known_secret({"P2PK", "00", codec::hex_encode(mine), {{"locktime", "100"}}});
    CHECK(read_lock(proof, {mine}, 99).verdict == OfflineClass::locked_to_me);
    read = read_lock(proof, {mine}, 100);
    CHECK(read.verdict == OfflineClass::expired_lock);
    CHECK(read_lock(proof, {}, 100).verdict == OfflineClass::expired_lock);  // anyone may now, the receiver too
}

TEST_CASE("offline verdict: a token takes its worst proof's class; amounts and fee add up", "[wallet][offline]") {
    const Nut12 v = nut12_vector();
    KeysetRecord keyset = v.keyset;
    keyset.input_fee_ppk = 400;
    cashu::Proof stripped = v.proof;
    stripped.dleq.reset();
    stripped.secret = std::string(64, 'c');
    OfflineVerdict verdict = verdict_of({v.proof, stripped}, {keyset});
    CHECK(verdict.verdict == OfflineClass::unverifiable);
    CHECK(verdict.amount == 2);
    CHECK(verdict.fee == cashu::Amount{1});  // ceil(800 / 1000)
    CHECK(verdict.proofs[0].verdict == OfflineClass::dleq_valid_unlocked);
    CHECK(verdict.proofs[1].verdict == OfflineClass::unverifiable);
    CHECK(verdict.reasons == std::vector{OfflineReason::dleq_missing, OfflineReason::unlocked});

    // A proof locked to someone else makes the whole token a refusal, verified or not.
    cashu::Proof foreign = stripped;
    foreign.secret = cashu::serialize_well_known_secret(
        {"P2PK", "01", "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798", {}});
    verdict = verdict_of({v.proof, foreign}, {keyset});
    CHECK(verdict.verdict == OfflineClass::locked_to_someone_else);
    CHECK(is_refusal(verdict.verdict));
    CHECK(verdict.proofs[1].verdict == OfflineClass::locked_to_someone_else);

    // The same proof twice would double the amount shown.
    const std::vector<cashu::Proof> twice{v.proof, v.proof};
    REQUIRE_THROWS_CODE(verdict_of(twice, std::vector<KeysetRecord>(1, keyset)), Errc::bad_token);
}
