// NUT-10 well-known secrets and NUT-11 P2PK: the multisig, SIG_INPUTS and SIG_ALL vectors of
// cashu/11-test.md (read from shared/vectors), signing, the mint's check of a whole request, and
// malformed secrets and witnesses.
#include <catch2/catch.hpp>
#include <string>
#include <utility>
#include <vector>

#include "core/cashu/nut10.hpp"
#include "core/cashu/nut10_verify.hpp"
#include "core/cashu/nut11.hpp"
#include "core/cashu/proof_json.hpp"
#include "core/codec/hex.hpp"
#include "core/crypto/hash.hpp"
#include "support/errors.hpp"
#include "support/markdown_vectors.hpp"
#include "support/vectors.hpp"

using namespace flash;
using namespace flash::cashu;
using codec::hex_decode;
using codec::hex_encode;
using nlohmann::json;
using test::require_error;

namespace {

constexpr std::uint64_t now_s = 1'700'000'000;

Proof proof_of(const json& j) {
    Proof proof;
    proof.amount = j["amount"].get<Amount>();
    proof.id = hex_decode(j["id"].get<std::string>());
    proof.secret = j["secret"].get<std::string>();
    proof.C = codec::hex_decode_array<33>(j["C"].get<std::string>());
    if (j.contains("witness")) proof.witness = j["witness"].get<std::string>();
    return proof;
}

crypto::SecretKey key_of(char digit) { return crypto::secret_key_from(hex_decode(std::string(64, digit))); }

WellKnownSecret lock_to(const std::vector<crypto::SecretKey>& keys, std::vector<std::vector<std::string>> tags) {
    WellKnownSecret secret{"P2PK", "00ff", hex_encode(crypto::public_key(keys.front())), std::move(tags)};
    if (keys.size() > 1) {
        std::vector<std::string> pubkeys{"pubkeys"};
        for (std::size_t i = 1; i < keys.size(); ++i) pubkeys.push_back(hex_encode(crypto::public_key(keys[i])));
        secret.tags.push_back(pubkeys);
    }
    return secret;
}

Proof proof_with(const WellKnownSecret& secret) {
    Proof proof;
    proof.amount = 8;
    proof.secret = serialize_well_known_secret(secret);
    return proof;
}

std::vector<BlindedMessage> outputs_of(const json& request) {
    std::vector<BlindedMessage> outputs;
    for (const json& o : request["outputs"]) outputs.push_back(blinded_message_from_json(o));
    return outputs;
}

std::vector<Proof> inputs_of(const json& request) {
    std::vector<Proof> inputs;
    for (const json& i : request["inputs"]) inputs.push_back(proof_of(i));
    return inputs;
}

/// The one-line plain ``` blocks (messages) and the `hex` digests after "should look like this: ", in order.
struct PlainVectors {
    std::vector<std::string> messages;
    std::vector<std::string> digests;
};

PlainVectors plain_vectors(const std::string& text) {
    PlainVectors out;
    // A message block opens with "```" alone on its line and holds one line starting with '['.
    for (std::size_t pos = 0; (pos = text.find("\n```\n[", pos)) != std::string::npos;) {
        pos += 5;
        const std::size_t end = text.find('\n', pos);
        REQUIRE(end != std::string::npos);
        out.messages.push_back(text.substr(pos, end - pos));
        pos = end;
    }
    static constexpr std::string_view marker = "should look like this: `";
    for (std::size_t pos = 0; (pos = text.find(marker, pos)) != std::string::npos;) {
        pos += marker.size();
        out.digests.push_back(text.substr(pos, text.find('`', pos) - pos));
    }
    return out;
}

}  // namespace

TEST_CASE("NUT-11 SIG_ALL messages of swap and melt requests", "[cashu][nut11]") {
    const std::string text = test::read_vector_text("cashu/11-test.md");
    const auto md = test::parse_markdown_vectors(text);
    const PlainVectors plain = plain_vectors(text);
    REQUIRE(plain.messages.size() == 2);
    REQUIRE(plain.digests.size() == 2);

    const json& swap = md.blocks[9];
    const std::string swap_message = sig_all_message(inputs_of(swap), outputs_of(swap));
    CHECK(swap_message == plain.messages[0]);
    CHECK(hex_encode(crypto::sha256(ByteView(reinterpret_cast<const std::uint8_t*>(swap_message.data()),
                                             swap_message.size()))) == plain.digests[0]);

    // The melt example is the first request with a quote.
    std::size_t melt_index = 0;
    while (!md.blocks[melt_index].contains("quote")) ++melt_index;
    const json& melt = md.blocks[melt_index];
    const std::string melt_message =
        sig_all_message(inputs_of(melt), outputs_of(melt), melt["quote"].get<std::string>());
    CHECK(melt_message == plain.messages[1]);
    const crypto::Hash256 melt_digest =
        crypto::sha256(ByteView(reinterpret_cast<const std::uint8_t*>(melt_message.data()), melt_message.size()));
    CHECK(hex_encode(melt_digest) == plain.digests[1]);

    // The witnesses of the example requests sign those messages with the `data` key.
    for (const auto& [request, digest] : {std::pair{&swap, crypto::sha256(ByteView(
                                              reinterpret_cast<const std::uint8_t*>(swap_message.data()),
                                              swap_message.size()))},
                                          std::pair{&melt, melt_digest}}) {
        const Proof first = inputs_of(*request).front();
        const P2pkConditions conditions = p2pk_conditions(parse_well_known_secret(first.secret));
        CHECK(conditions.sigflag == SigFlag::sig_all);
        CHECK(crypto::schnorr_verify(crypto::xonly_from_public_key(conditions.pubkeys.front()).key, digest,
                                     parse_p2pk_witness(*first.witness).front()));
    }
}

TEST_CASE("NUT-11 multisig and SIG_INPUTS vectors", "[cashu][nut10][nut11]") {
    const auto md = test::load_markdown_vectors("cashu/11-test.md");
    REQUIRE(md.blocks.size() >= 9);
    // The SIG_INPUTS and multisig proofs come first, then the SIG_ALL requests.
    const bool expected[9] = {false, true, true, true, false, true, false, true, false};
    for (std::size_t i = 0; i < 9; ++i) {
        INFO("block " << i);
        const Proof proof = proof_of(md.blocks[i]);
        const WellKnownSecret secret = parse_well_known_secret(proof.secret);
        CHECK(serialize_well_known_secret(secret) == proof.secret);  // the vectors are compact
        CHECK(p2pk_conditions(secret).sigflag == SigFlag::sig_inputs);
        CHECK(verify_p2pk(proof, now_s) == expected[i]);
    }
    // Block 0 lists locktime 21, two pubkeys with n_sigs 2, and two refund keys.
    const P2pkConditions conditions = p2pk_conditions(parse_well_known_secret(proof_of(md.blocks[0]).secret));
    CHECK(conditions.pubkeys.size() == 3);
    CHECK(conditions.n_sigs == 2);
    CHECK(conditions.locktime == std::optional<std::uint64_t>(21));
    CHECK(conditions.refund.size() == 2);
    CHECK(conditions.n_sigs_refund == 1);
    // Before the locktime, the refund signature of block 2 does not spend.
    CHECK_FALSE(verify_p2pk(proof_of(md.blocks[2]), 20));
}

TEST_CASE("NUT-11 sign and verify", "[cashu][nut11]") {
    const std::vector<crypto::SecretKey> keys{key_of('1'), key_of('2'), key_of('3')};
    const ByteArray<32> aux{};
    Proof proof = proof_with(lock_to(keys, {{"n_sigs", "2"}, {"sigflag", "SIG_INPUTS"}}));
    CHECK_FALSE(verify_p2pk(proof, now_s));
    proof = sign_p2pk(proof, keys[1], aux);
    CHECK_FALSE(verify_p2pk(proof, now_s));
    CHECK_FALSE(verify_p2pk(sign_p2pk(proof, keys[1], aux), now_s));  // the same key twice counts once
    CHECK_FALSE(verify_p2pk(sign_p2pk(proof, key_of('4'), aux), now_s));  // not an allowed key
    CHECK(verify_p2pk(sign_p2pk(proof, keys[2], aux), now_s));
    CHECK(parse_p2pk_witness(*sign_p2pk(proof, keys[2], aux).witness).size() == 2);

    // After the locktime with no refund keys, anyone can spend; before it, nobody but the keys.
    const Proof timed = proof_with(lock_to({keys[0]}, {{"locktime", "1000"}}));
    CHECK(verify_p2pk(timed, 1000));
    CHECK_FALSE(verify_p2pk(timed, 999));
    // Refund multisig.
    const Proof refund = proof_with(lock_to({keys[0]}, {{"locktime", "1000"},
                                                        {"refund", hex_encode(crypto::public_key(keys[1])),
                                                         hex_encode(crypto::public_key(keys[2]))},
                                                        {"n_sigs_refund", "2"}}));
    const Proof one = sign_p2pk(refund, keys[1], aux);
    CHECK_FALSE(verify_p2pk(one, 1000));
    CHECK(verify_p2pk(sign_p2pk(one, keys[2], aux), 1000));
    CHECK_FALSE(verify_p2pk(sign_p2pk(one, keys[2], aux), 999));
    // SIG_ALL proofs are not checked one by one.
    CHECK_FALSE(verify_p2pk(sign_p2pk(proof_with(lock_to({keys[0]}, {{"sigflag", "SIG_ALL"}})), keys[0], aux), now_s));
}

TEST_CASE("NUT-10 secrets and NUT-11 witnesses reject malformed input", "[cashu][nut10][nut11]") {
    const std::string key = hex_encode(crypto::public_key(key_of('1')));
    const auto bad_secret = [](const std::string& text) {
        INFO(text);
        require_error(Errc::bad_spending_condition, [&] { parse_well_known_secret(text); });
    };
    bad_secret("");
    bad_secret("not json");
    bad_secret("{}");
    bad_secret(R"(["P2PK"])");
    bad_secret(R"(["P2PK",{"nonce":"a","data":"b"},1])");
    bad_secret(R"([1,{"nonce":"a","data":"b"}])");
    bad_secret(R"(["P2PK",{"data":"b"}])");
    bad_secret(R"(["P2PK",{"nonce":1,"data":"b"}])");
    bad_secret(R"(["P2PK",{"nonce":"a","data":"b","extra":"c"}])");
    bad_secret(R"(["P2PK",{"nonce":"a","data":"b","tags":{}}])");
    bad_secret(R"(["P2PK",{"nonce":"a","data":"b","tags":[[]]}])");
    bad_secret(R"(["P2PK",{"nonce":"a","data":"b","tags":[["n_sigs",2]]}])");
    bad_secret(R"(["P2PK",{"nonce":"a","data":"b","tags":[[["deep"]]]}])");
    bad_secret(std::string(nut10_max_secret + 1, '['));
    CHECK(parse_well_known_secret(R"(["HTLC",{"nonce":"a","data":"b"}])").tags.empty());
    CHECK(is_well_known_secret(R"(["P2PK",{}])"));
    CHECK_FALSE(is_well_known_secret("407915bc212be61a77e3e6d2aeb4c727980bda51cd06a6afc29e2861768a7837"));
    require_error(Errc::bad_spending_condition, [] { serialize_well_known_secret({"P2PK", "a", "b", {{}}}); });
    require_error(Errc::bad_spending_condition, [] { serialize_well_known_secret({"P2PK", "\xff", "b", {}}); });

    const auto bad_conditions = [](const WellKnownSecret& secret) {
        require_error(Errc::bad_spending_condition, [&] { p2pk_conditions(secret); });
    };
    bad_conditions({"HTLC", "a", key, {}});
    bad_conditions({"P2PK", "a", key.substr(2), {}});
    bad_conditions({"P2PK", "a", "04" + key.substr(2), {}});
    bad_conditions({"P2PK", "a", key, {{"pubkeys", "zz"}}});
    bad_conditions({"P2PK", "a", key, {{"n_sigs", "0"}}});
    bad_conditions({"P2PK", "a", key, {{"n_sigs", "-1"}}});
    bad_conditions({"P2PK", "a", key, {{"n_sigs", "1", "2"}}});
    bad_conditions({"P2PK", "a", key, {{"n_sigs_refund", "0"}}});
    bad_conditions({"P2PK", "a", key, {{"locktime", "1.5"}}});
    bad_conditions({"P2PK", "a", key, {{"locktime", ""}}});
    bad_conditions({"P2PK", "a", key, {{"sigflag", "SIG_NONE"}}});
    bad_conditions({"P2PK", "a", key, {{"locktime", "1"}, {"locktime", "2"}}});
    CHECK(p2pk_conditions({"P2PK", "a", key, {{"unknown", "x"}}}).pubkeys.size() == 1);

    const std::string sig(128, 'a');
    for (const std::string& witness : std::vector<std::string>{"", "[]", "{}", R"({"signatures":"x"})", R"({"signatures":[1]})",
                                      R"({"signatures":["abcd"]})", R"({"signatures":[")" + std::string(128, 'z') + "\"]}",
                                      R"({"signatures":[")" + sig + R"("],"preimage":"00"})"}) {
        INFO(witness);
        require_error(Errc::bad_spending_condition, [&] { parse_p2pk_witness(witness); });
    }
    CHECK(parse_p2pk_witness(R"({"signatures":[")" + sig + "\"]}").size() == 1);
    Proof proof = proof_with(lock_to({key_of('1')}, {}));
    proof.witness = "{}";
    require_error(Errc::bad_spending_condition, [&] { verify_p2pk(proof, now_s); });
    require_error(Errc::bad_spending_condition, [&] { sign_p2pk(proof, key_of('1'), ByteArray<32>{}); });
    proof.secret = "407915bc";
    require_error(Errc::bad_spending_condition, [&] { verify_p2pk(proof, now_s); });
}

namespace {

std::string quote_of(const json& request) { return request.contains("quote") ? request["quote"].get<std::string>() : ""; }

bool sig_all_holds(const json& request) {
    const std::vector<Proof> inputs = inputs_of(request);
    const std::vector<BlindedMessage> outputs = outputs_of(request);
    return verify_sig_all(inputs, outputs, quote_of(request), now_s);
}

}  // namespace

TEST_CASE("NUT-11 SIG_ALL request vectors", "[cashu][nut11]") {
    const auto md = test::load_markdown_vectors("cashu/11-test.md");
    REQUIRE(md.blocks.size() == 20);
    // Blocks 9..19 are the SIG_ALL requests in file order: the swap example, a valid swap, one whose
    // inputs' tags differ, a multisig swap, a refund after the locktime, three HTLC swaps (a kind
    // the mint does not support, so never valid here), the melt example, a melt, a multisig melt.
    const std::vector<std::pair<std::size_t, bool>> cases{{9, true},   {10, true},  {11, false}, {12, true},
                                                          {13, true},  {14, false}, {15, false}, {16, false},
                                                          {17, true},  {18, true},  {19, true}};
    for (const auto& entry : cases) {
        INFO("block " << entry.first);
        const json& request = md.blocks[entry.first];
        CHECK(sig_all_holds(request) == entry.second);
        CHECK(verify_spending_conditions(inputs_of(request), outputs_of(request), quote_of(request), now_s) ==
              entry.second);
    }

    // Anything the signature covers, changed, breaks it.
    const json& melt = md.blocks[18];
    std::vector<Proof> inputs = inputs_of(melt);
    std::vector<BlindedMessage> outputs = outputs_of(melt);
    const std::string quote = quote_of(melt);
    REQUIRE(verify_sig_all(inputs, outputs, quote, now_s));
    CHECK_FALSE(verify_sig_all(inputs, outputs, "another quote", now_s));
    CHECK_FALSE(verify_sig_all(inputs, outputs, "", now_s));
    outputs[0].amount += 1;
    CHECK_FALSE(verify_sig_all(inputs, outputs, quote, now_s));
    outputs = outputs_of(melt);
    CHECK_FALSE(verify_sig_all(inputs, {}, quote, now_s));
    inputs[0].witness.reset();
    CHECK_FALSE(verify_sig_all(inputs, outputs, quote, now_s));
    CHECK_FALSE(verify_sig_all({}, outputs, quote, now_s));

    // A second input with the same conditions but another nonce is fine only when signed over.
    const json& swap = md.blocks[10];
    inputs = inputs_of(swap);
    WellKnownSecret other = parse_well_known_secret(inputs[0].secret);
    other.nonce = "00";
    Proof second = inputs[0];
    second.secret = serialize_well_known_secret(other);
    second.witness.reset();
    inputs.push_back(second);
    CHECK_FALSE(verify_sig_all(inputs, outputs_of(swap), "", now_s));  // the signature covered one input
    // A plain input next to a SIG_ALL one fails the whole request.
    inputs = inputs_of(swap);
    Proof plain = inputs[0];
    plain.secret = "deadbeef";
    inputs.push_back(plain);
    CHECK_FALSE(verify_spending_conditions(inputs, outputs_of(swap), "", now_s));
}

TEST_CASE("NUT-11 SIG_ALL signed here, and the mint's check of every input", "[cashu][nut11]") {
    const crypto::SecretKey alice = key_of('1');
    const crypto::SecretKey bob = key_of('2');
    const std::vector<BlindedMessage> outputs{{4, hex_decode("009a1f293253e41e"), crypto::public_key(bob)}};
    const ByteArray<32> aux{};

    WellKnownSecret secret = lock_to({alice, bob}, {{"sigflag", "SIG_ALL"}, {"n_sigs", "2"}});
    Proof first = proof_with(secret);
    secret.nonce = "11ee";
    Proof second = proof_with(secret);
    std::vector<Proof> inputs{first, second};
    const std::string message = sig_all_message(inputs, outputs);
    const crypto::Hash256 digest =
        crypto::sha256(ByteView(reinterpret_cast<const std::uint8_t*>(message.data()), message.size()));
    inputs[0].witness = serialize_p2pk_witness({crypto::schnorr_sign(alice, digest, aux)});
    CHECK_FALSE(verify_sig_all(inputs, outputs, "", now_s));  // one of two signatures
    inputs[0].witness = serialize_p2pk_witness(
        {crypto::schnorr_sign(alice, digest, aux), crypto::schnorr_sign(bob, digest, aux)});
    CHECK(verify_sig_all(inputs, outputs, "", now_s));
    CHECK(verify_spending_conditions(inputs, outputs, "", now_s));
    // SIG_INPUTS checks refuse SIG_ALL proofs on their own.
    CHECK_FALSE(verify_p2pk(inputs[0], now_s));

    // Plain secrets carry no condition; SIG_INPUTS proofs are checked one by one.
    Proof plain;
    plain.secret = "407915bc212be61a77e3e6d2aeb4c727980bda51cd06a6afc29e2861768a7837";
    CHECK(verify_spending_conditions(std::vector<Proof>{plain, plain}, outputs, "", now_s));
    CHECK(verify_spending_conditions({}, outputs, "", now_s));
    Proof locked = proof_with(lock_to({alice}, {}));
    CHECK_FALSE(verify_spending_conditions(std::vector<Proof>{plain, locked}, outputs, "", now_s));
    locked = sign_p2pk(locked, alice, aux);
    CHECK(verify_spending_conditions(std::vector<Proof>{plain, locked}, outputs, "", now_s));

    // HTLC and unknown kinds are not supported; malformed secrets throw.
    Proof htlc = proof_with(WellKnownSecret{"HTLC", "00", std::string(64, 'a'), {}});
    CHECK_FALSE(verify_spending_conditions(std::vector<Proof>{htlc}, outputs, "", now_s));
    Proof broken;
    broken.secret = "[\"P2PK\"]";
    require_error(Errc::bad_spending_condition,
                  [&] { verify_spending_conditions(std::vector<Proof>{broken}, outputs, "", now_s); });
}
