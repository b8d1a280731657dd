// The mint API messages: NUT-03 swap, NUT-04 mint, NUT-05 melt, NUT-07 checkstate, NUT-08 fee
// return, NUT-09 restore, the NUT-00 error body and the BlindedMessage/BlindSignature JSON; the
// spec's example bodies, what cashu-ts 4.8 sends, round trips and malformed input.
#include <catch2/catch.hpp>
#include <string>

#include "core/cashu/mint_error.hpp"
#include "core/cashu/nut03.hpp"
#include "core/cashu/nut04.hpp"
#include "core/cashu/nut05.hpp"
#include "core/cashu/nut07.hpp"
#include "core/cashu/nut08.hpp"
#include "core/cashu/nut09.hpp"
#include "core/cashu/proof_json.hpp"
#include "core/codec/hex.hpp"
#include "support/errors.hpp"

using namespace flash;
using namespace flash::cashu;
using nlohmann::json;
using test::require_error;

namespace {

const char* const kKey = "02a9acc1e48c25eeeb9289b5031cc57da9fe72f3fe2861d264bdc074209b107ba2";
const char* const kKey2 = "024369d2d22a80ecf78f3937da9d5f30c1b9f74f0c32684d583cca0fa6a61cdcfc";
const char* const kE = "9818e061ee51d5c8edc3342369a554998ff7b4381c8652d724cdf46429be73d9";
const char* const kS = "9818e061ee51d5c8edc3342369a554998ff7b4381c8652d724cdf46429be73da";

json proof_json() {
    return {{"amount", 2}, {"id", "009a1f293253e41e"}, {"secret", "407915bc212be61a77e3e6d2aeb4c727980bda51cd06a6afc29e2861768a7837"},
            {"C", kKey}};
}

json output_json(std::uint64_t amount = 2) { return {{"amount", amount}, {"id", "009a1f293253e41e"}, {"B_", kKey2}}; }

/// Equal as JSON values (member order aside: the fixtures here are unordered).
bool same(const nlohmann::ordered_json& written, const json& expected) { return json::parse(written.dump()) == expected; }

json signature_json() { return {{"amount", 8}, {"id", "00882760bfa2eb41"}, {"C_", kKey}, {"dleq", {{"e", kE}, {"s", kS}}}}; }

}  // namespace

TEST_CASE("BlindedMessage and BlindSignature JSON", "[cashu][nut00]") {
    const BlindedMessage message = blinded_message_from_json(output_json());
    CHECK(same(blinded_message_to_json(message), output_json()));

    const BlindSignature signature = blind_signature_from_json(signature_json());
    REQUIRE(signature.dleq);
    CHECK(codec::hex_encode(signature.dleq->e) == kE);
    CHECK(same(blind_signature_to_json(signature), signature_json()));

    json no_dleq = signature_json();
    no_dleq["dleq"] = nullptr;
    CHECK_FALSE(blind_signature_from_json(no_dleq).dleq);
    CHECK_FALSE(blind_signature_to_json(blind_signature_from_json(no_dleq)).contains("dleq"));

    BlindSignature with_r = signature;
    with_r.dleq->r = with_r.dleq->e;
    CHECK_FALSE(blind_signature_to_json(with_r)["dleq"].contains("r"));  // r is the wallet's secret

    json bad = signature_json();
    bad["C_"] = "02ab";
    require_error(Errc::bad_token, [&] { blind_signature_from_json(bad); });
    bad = signature_json();
    bad.erase("amount");
    require_error(Errc::bad_token, [&] { blind_signature_from_json(bad); });
    require_error(Errc::bad_token, [&] { blind_signature_from_json(json::array()); });
}

TEST_CASE("NUT-03 swap request and response", "[cashu][nut03]") {
    const json body = {{"inputs", {proof_json()}}, {"outputs", {output_json(), output_json(8)}}};
    const SwapRequest request = swap_request_from_json(body);
    REQUIRE(request.inputs.size() == 1);
    REQUIRE(request.outputs.size() == 2);
    CHECK(request.outputs[1].amount == 8);
    CHECK(swap_request_from_json(json::parse(to_json(request).dump())) == request);

    const json answer = {{"signatures", {signature_json()}}};
    const SwapResponse response = swap_response_from_json(answer);
    CHECK(response.signatures.size() == 1);
    CHECK(same(to_json(response), answer));

    require_error(Errc::bad_message, [] { swap_request_from_json(json::array()); });
    require_error(Errc::bad_message, [] { swap_request_from_json({{"inputs", json::array()}}); });
    require_error(Errc::bad_message, [] { swap_request_from_json({{"inputs", 1}, {"outputs", json::array()}}); });
    require_error(Errc::bad_token, [] { swap_request_from_json({{"inputs", {1}}, {"outputs", json::array()}}); });
    require_error(Errc::bad_message, [] { swap_response_from_json(json::object()); });

    json too_many = {{"inputs", json::array()}, {"outputs", json::array()}};
    for (std::size_t i = 0; i <= max_request_items; ++i) too_many["outputs"].push_back(output_json());
    require_error(Errc::bad_message, [&] { swap_request_from_json(too_many); });
    too_many["outputs"].erase(too_many["outputs"].size() - 1);
    CHECK(swap_request_from_json(too_many).outputs.size() == max_request_items);
}

TEST_CASE("NUT-04 mint quotes and mint requests", "[cashu][nut04]") {
    // What cashu-ts 4.8 sends (createMintQuoteBolt11): amount as a JSON number, unit, and the
    // optional description and NUT-20 pubkey.
    const MintQuoteRequest request =
        mint_quote_request_from_json(json::parse(R"({"amount":10,"unit":"sat","description":"tip","pubkey":")" +
                                                 std::string(kKey) + R"("})"));
    CHECK(request.amount == 10);
    CHECK(request.unit == "sat");
    CHECK(request.description == "tip");
    REQUIRE(request.pubkey);
    CHECK(codec::hex_encode(*request.pubkey) == kKey);
    CHECK(mint_quote_request_from_json(json::parse(to_json(request).dump())) == request);
    CHECK(mint_quote_request_from_json({{"amount", 1}, {"unit", "sat"}, {"description", nullptr}}).description ==
          std::nullopt);
    CHECK(mint_quote_request_from_json({{"amount", 18446744073709551615ULL}, {"unit", "sat"}}).amount ==
          18446744073709551615ULL);

    // The spec's example quote.
    const json example = json::parse(R"({
      "quote": "DSGLX9kevM...", "request": "lnbc100n1pj4apw9...", "amount": 10, "unit": "sat",
      "state": "UNPAID", "expiry": 1701704757})");
    const MintQuote quote = mint_quote_from_json(example);
    CHECK(quote.state == MintQuoteState::unpaid);
    CHECK(quote.expiry == 1701704757u);
    CHECK(same(to_json(quote), example));
    CHECK(to_json(quote).dump() ==
          R"({"quote":"DSGLX9kevM...","request":"lnbc100n1pj4apw9...","amount":10,"unit":"sat","state":"UNPAID","expiry":1701704757})");
    MintQuote paid = quote;
    paid.state = MintQuoteState::issued;
    paid.expiry.reset();
    paid.pubkey = request.pubkey;
    const auto paid_json = to_json(paid);
    CHECK(paid_json["state"] == "ISSUED");
    CHECK(paid_json["expiry"].is_null());
    CHECK(mint_quote_from_json(json::parse(paid_json.dump())) == paid);

    CHECK(parse_mint_quote_state("PAID") == MintQuoteState::paid);
    require_error(Errc::bad_message, [] { parse_mint_quote_state("paid"); });
    json bad = example;
    bad["state"] = "EXPIRED";
    require_error(Errc::bad_message, [&] { mint_quote_from_json(bad); });
    require_error(Errc::bad_message, [] { mint_quote_request_from_json({{"amount", -1}, {"unit", "sat"}}); });
    require_error(Errc::bad_message, [] { mint_quote_request_from_json({{"amount", 1.5}, {"unit", "sat"}}); });
    require_error(Errc::bad_message, [] { mint_quote_request_from_json({{"amount", "10"}, {"unit", "sat"}}); });
    require_error(Errc::bad_message, [] { mint_quote_request_from_json({{"amount", 10}}); });
    require_error(Errc::bad_message,
                  [] { mint_quote_request_from_json({{"amount", 10}, {"unit", "sat"}, {"pubkey", "02ab"}}); });

    const std::string signature(128, 'a');
    const json mint_body = {{"quote", "DSGLX9kevM..."}, {"outputs", {output_json()}}, {"signature", signature}};
    const MintRequest mint = mint_request_from_json(mint_body);
    REQUIRE(mint.signature);
    CHECK(codec::hex_encode(*mint.signature) == signature);
    CHECK(same(to_json(mint), mint_body));
    json unsigned_body = mint_body;
    unsigned_body.erase("signature");
    CHECK_FALSE(mint_request_from_json(unsigned_body).signature);
    json bad_signature = mint_body;
    bad_signature["signature"] = "abcd";
    require_error(Errc::bad_message, [&] { mint_request_from_json(bad_signature); });
}

TEST_CASE("NUT-05 melt quotes and melt requests", "[cashu][nut05]") {
    const MeltQuoteRequest plain = melt_quote_request_from_json({{"request", "lnbc100n1p3kdrv5sp5..."}, {"unit", "sat"}});
    CHECK_FALSE(plain.amountless_msat);
    CHECK(to_json(plain).dump() == R"({"request":"lnbc100n1p3kdrv5sp5...","unit":"sat"})");
    // cashu-ts sends options for amountless invoices and multi-path payments.
    const MeltQuoteRequest options = melt_quote_request_from_json(json::parse(
        R"({"request":"lnbc1...","unit":"sat","options":{"amountless":{"amount_msat":21000},"mpp":{"amount":5000}}})"));
    CHECK(options.amountless_msat == 21000u);
    CHECK(options.mpp_msat == 5000u);
    CHECK(melt_quote_request_from_json(json::parse(to_json(options).dump())) == options);
    require_error(Errc::bad_message, [] {
        melt_quote_request_from_json(json::parse(R"({"request":"x","unit":"sat","options":{"amountless":{}}})"));
    });
    require_error(Errc::bad_message, [] { melt_quote_request_from_json({{"unit", "sat"}}); });

    const json example = json::parse(R"({
      "quote": "TRmjduhIsPxd...", "request": "lnbc100n1p3kdrv5sp5...", "amount": 10, "unit": "sat",
      "fee_reserve": 2, "state": "UNPAID", "expiry": 1701704757, "payment_preimage": null})");
    const MeltQuote quote = melt_quote_from_json(example);
    CHECK(quote.fee_reserve == 2);
    CHECK_FALSE(quote.payment_preimage);
    CHECK(quote.change.empty());
    CHECK(same(to_json(quote), example));

    MeltQuote paid = quote;
    paid.state = MeltQuoteState::paid;
    paid.payment_preimage = std::string(64, 'c');
    paid.change = {blind_signature_from_json(signature_json())};
    const auto paid_json = to_json(paid);
    CHECK(paid_json["state"] == "PAID");
    CHECK(paid_json["change"].size() == 1);
    CHECK(melt_quote_from_json(json::parse(paid_json.dump())) == paid);
    json null_change = example;
    null_change["change"] = nullptr;
    CHECK(melt_quote_from_json(null_change).change.empty());
    require_error(Errc::bad_message, [] { parse_melt_quote_state("ISSUED"); });
    json bad = example;
    bad.erase("fee_reserve");
    require_error(Errc::bad_message, [&] { melt_quote_from_json(bad); });

    // cashu-ts's completeMelt body: quote, inputs, outputs (blanks), and prefer_async when asked.
    const json melt_body = {{"quote", "TRmjduhIsPxd..."}, {"inputs", {proof_json()}}, {"outputs", {output_json(1)}},
                            {"prefer_async", true}};
    const MeltRequest melt = melt_request_from_json(melt_body);
    CHECK(melt.prefer_async);
    CHECK(melt.outputs.size() == 1);
    CHECK(melt_request_from_json(json::parse(to_json(melt).dump())) == melt);
    const MeltRequest no_outputs = melt_request_from_json({{"quote", "q"}, {"inputs", {proof_json()}}});
    CHECK(no_outputs.outputs.empty());
    CHECK_FALSE(no_outputs.prefer_async);
    CHECK_FALSE(to_json(no_outputs).contains("outputs"));
    require_error(Errc::bad_message, [] { melt_request_from_json({{"quote", "q"}, {"inputs", json::array()}, {"prefer_async", 1}}); });
    require_error(Errc::bad_message, [] { melt_request_from_json({{"inputs", json::array()}}); });
}

TEST_CASE("NUT-07 checkstate", "[cashu][nut07]") {
    const json body = json::parse(R"({"Ys": ["02599b9ea0a1ad4143706c2a5a4a568ce442dd4313e1cf1f7f0b58a317c1a355ee"]})");
    const CheckStateRequest request = check_state_request_from_json(body);
    REQUIRE(request.Ys.size() == 1);
    CHECK(same(to_json(request), body));

    const json answer = json::parse(R"({"states": [
      {"Y": "02599b9ea0a1ad4143706c2a5a4a568ce442dd4313e1cf1f7f0b58a317c1a355ee", "state": "SPENT",
       "witness": "{\"signatures\": [\"b2cf120a49cb1ac3cb32e1bf5ccb6425e0a8372affdc1d41912ca35c13908062f269c0caa53607d4e1ac4c8563246c4c8a869e6ee124ea826fd4746f3515dc1e\"]}"},
      {"Y": "0342e5bcc77f5b2a3c2afb40bb591a1e27da83cddc968abdc0ec4904201a201834", "state": "UNSPENT", "witness": null}]})");
    const CheckStateResponse response = check_state_response_from_json(answer);
    REQUIRE(response.states.size() == 2);
    CHECK(response.states[0].state == ProofState::spent);
    CHECK(response.states[0].witness);
    CHECK(response.states[1].state == ProofState::unspent);
    CHECK_FALSE(response.states[1].witness);
    CHECK(check_state_response_from_json(json::parse(to_json(response).dump())) == response);
    CHECK(parse_proof_state("PENDING") == ProofState::pending);

    require_error(Errc::bad_message, [] { check_state_request_from_json({{"Ys", {"02ab"}}}); });
    require_error(Errc::bad_message, [] { check_state_request_from_json({{"Ys", {std::string(66, 'z')}}}); });
    require_error(Errc::bad_message, [] { check_state_request_from_json({{"Ys", "02"}}); });
    require_error(Errc::bad_message, [] { parse_proof_state("BURNT"); });
}

TEST_CASE("NUT-08 blank outputs and change amounts", "[cashu][nut08]") {
    CHECK(blank_output_count(0) == 0);
    CHECK(blank_output_count(1) == 1);
    CHECK(blank_output_count(2) == 1);
    CHECK(blank_output_count(3) == 2);
    CHECK(blank_output_count(1000) == 10);  // the spec's example
    CHECK(blank_output_count(1024) == 10);
    CHECK(blank_output_count(1025) == 11);
    CHECK(blank_output_count(UINT64_MAX) == 64);

    // The spec's example: 900 of a 1000 reserve returned over 10 blanks.
    CHECK(change_amounts(900, 10) == std::vector<Amount>{512, 256, 128, 4});
    CHECK(change_amounts(0, 10).empty());
    CHECK(change_amounts(7, 2) == std::vector<Amount>{4, 2});  // too few blanks: the smallest go
    CHECK(change_amounts(UINT64_MAX, 64).size() == 64);
}

TEST_CASE("NUT-09 restore", "[cashu][nut09]") {
    const json body = {{"outputs", {output_json()}}};
    const RestoreRequest request = restore_request_from_json(body);
    CHECK(same(to_json(request), body));

    const json answer = {{"outputs", {output_json()}}, {"signatures", {signature_json()}}};
    const RestoreResponse response = restore_response_from_json(answer);
    CHECK(response.signatures.size() == 1);
    CHECK(same(to_json(response), answer));
    CHECK(restore_response_from_json({{"outputs", {output_json()}}, {"promises", {signature_json()}}}) == response);

    require_error(Errc::bad_message, [] { restore_response_from_json({{"outputs", {output_json()}}, {"signatures", json::array()}}); });
    require_error(Errc::bad_message, [] { restore_request_from_json({{"outputs", nullptr}}); });
}

TEST_CASE("Mint error bodies", "[cashu][mint_error]") {
    CHECK(static_cast<int>(MintErrc::proof_verification_failed) == 10001);
    CHECK(static_cast<int>(MintErrc::proof_already_spent) == 11001);
    CHECK(static_cast<int>(MintErrc::max_outputs_exceeded) == 11015);
    CHECK(static_cast<int>(MintErrc::quote_not_paid) == 20001);
    CHECK(static_cast<int>(MintErrc::witness_invalid) == 20008);

    const MintError error(MintErrc::proof_already_spent, "Token already spent.");
    CHECK(to_json(error).dump() == R"({"detail":"Token already spent.","code":11001})");
    const auto read = mint_error_from_json(json::parse(R"({"detail": "oops", "code": 12001})"));
    REQUIRE(read);
    CHECK(read->code() == MintErrc::keyset_unknown);
    CHECK(std::string(read->what()) == "oops");
    CHECK(mint_error_from_json(json::parse(R"({"detail": "x", "code": 99999})"))->code() == static_cast<MintErrc>(99999));
    CHECK_FALSE(mint_error_from_json(json::parse(R"({"detail": "x"})")));
    CHECK_FALSE(mint_error_from_json(json::parse(R"({"detail": 1, "code": 1})")));
    CHECK_FALSE(mint_error_from_json(json::parse(R"({"detail": "x", "code": -1})")));
    CHECK_FALSE(mint_error_from_json(json::parse(R"(["x", 1])")));
}
