// LNURL-withdraw (LUD-03): the wallet's parsing and callback, the service's builders, and the
// zero-balance rule. The answer's shape follows lnurl/luds 03.md step 3; invoices are signed
// here with a test key.
#include <catch2/catch.hpp>
#include <string>

#include "core/crypto/hash.hpp"
#include "core/lightning/bolt11.hpp"
#include "core/lightning/lnurl.hpp"
#include "core/lightning/lnurl_withdraw.hpp"
#include "support/errors.hpp"

using namespace flash;
using namespace flash::lightning;
using namespace flash::lightning::lnurl;
using test::require_error;
using nlohmann::json;

namespace {

json withdraw_json() {
    return {{"tag", "withdrawRequest"},
            {"callback", "https://card.example/boltcard/cb?card=7"},
            {"k1", "9f6ef1ab"},
            {"defaultDescription", "Flash Card withdrawal"},
            {"minWithdrawable", 1'000},
            {"maxWithdrawable", 2'000'000}};
}

std::string invoice_of(std::optional<std::uint64_t> msat) {
    bolt11::Invoice inv;
    inv.amount_msat = msat;
    inv.timestamp = 1'700'000'000;
    inv.fields = {bolt11::PaymentHash{crypto::sha256(as_bytes("withdraw preimage"))},
                  bolt11::PaymentSecret{crypto::sha256(as_bytes("withdraw secret"))},
                  bolt11::Description{"Flash Card withdrawal"}};
    return bolt11::encode(inv, crypto::secret_key_from(crypto::sha256(as_bytes("wallet node"))));
}

}  // namespace

TEST_CASE("LUD-03: a withdrawRequest parses and calls back with k1 and pr", "[lightning][lnurl][lnurl-withdraw]") {
    const WithdrawRequest request = parse_withdraw_request(withdraw_json().dump());
    CHECK(request.callback.text == "https://card.example/boltcard/cb?card=7");
    CHECK(request.k1 == "9f6ef1ab");
    CHECK(request.default_description == "Flash Card withdrawal");
    CHECK(request.min_withdrawable_msat == 1'000);
    CHECK(request.max_withdrawable_msat == 2'000'000);

    const std::string pr = invoice_of(150'000);
    CHECK(withdraw_callback_url(request, pr) == "https://card.example/boltcard/cb?card=7&k1=9f6ef1ab&pr=" + pr);
    require_error(Errc::bad_argument, [&] { withdraw_callback_url(request, invoice_of(999)); });
    require_error(Errc::bad_argument, [&] { withdraw_callback_url(request, invoice_of(2'000'001)); });
    require_error(Errc::bad_argument, [&] { withdraw_callback_url(request, invoice_of(std::nullopt)); });
    require_error(Errc::bad_bech32, [&] { withdraw_callback_url(request, "lnbc-not-an-invoice"); });

    // The service answers the callback with a status; errors carry its reason.
    check_status_ok(R"({"status": "OK"})");
    require_error(Errc::service_error, [] { check_status_ok(R"({"status": "ERROR", "reason": "k1 already used"})"); });

    // Zero balance: min = max = 0 is a success answer (LUD-03 "Zero balance").
    json empty = withdraw_json();
    empty["minWithdrawable"] = 0;
    empty["maxWithdrawable"] = 0;
    CHECK(parse_withdraw_request(empty.dump()).max_withdrawable_msat == 0);
    // defaultDescription may be missing.
    json bare = withdraw_json();
    bare.erase("defaultDescription");
    CHECK(parse_withdraw_request(bare.dump()).default_description.empty());
}

TEST_CASE("LUD-03: malformed withdrawRequests are refused", "[lightning][lnurl][lnurl-withdraw]") {
    const auto refused = [](const char* key, const json& value) {
        json answer = withdraw_json();
        if (value.is_null()) answer.erase(key);
        else answer[key] = value;
        INFO(key << " = " << value.dump());
        require_error(Errc::bad_lnurl, [&] { parse_withdraw_request(answer.dump()); });
    };
    refused("tag", "payRequest");
    refused("tag", nullptr);
    refused("callback", nullptr);
    refused("callback", "http://card.example/cb");
    refused("k1", nullptr);
    refused("k1", "");
    refused("k1", 42);
    refused("defaultDescription", 42);
    refused("minWithdrawable", nullptr);
    refused("minWithdrawable", -1);
    refused("minWithdrawable", 3'000'000);  // above max
    refused("maxWithdrawable", "2000000");
    require_error(Errc::service_error, [] { parse_withdraw_request(R"({"status":"ERROR","reason":"card disabled"})"); });
    require_error(Errc::bad_json, [] { parse_withdraw_request("not json"); });
}

TEST_CASE("LUD-03 service side: the answer and the callback query", "[lightning][lnurl][lnurl-withdraw]") {
    const WithdrawOffer offer{"https://flash.example/lnurlw/cb", "k1-abc", "Flash Card", 1'000, 500'000};
    const WithdrawRequest request = parse_withdraw_request(withdraw_request_answer(offer));
    CHECK(request.k1 == "k1-abc");
    CHECK(request.max_withdrawable_msat == 500'000);

    const std::string pr = invoice_of(400'000);
    const std::string url = withdraw_callback_url(request, pr);
    const WithdrawCallback callback = parse_withdraw_callback(url.substr(url.find('?') + 1));
    CHECK(callback.k1 == "k1-abc");
    CHECK(callback.pr == pr);

    for (const char* bad : {"", "k1=abc", "pr=lnbc1", "k1=&pr=lnbc1", "k1=abc&pr=", "k1=%zz&pr=x"}) {
        INFO(bad);
        require_error(Errc::bad_lnurl, [&] { parse_withdraw_callback(bad); });
    }

    WithdrawOffer bad = offer;
    bad.k1.clear();
    require_error(Errc::bad_argument, [&] { withdraw_request_answer(bad); });
    bad = offer;
    bad.min_withdrawable_msat = 600'000;
    require_error(Errc::bad_argument, [&] { withdraw_request_answer(bad); });
    bad = offer;
    bad.callback = "ftp://flash.example";
    require_error(Errc::bad_argument, [&] { withdraw_request_answer(bad); });
    bad = offer;
    bad.default_description = "\xff";
    require_error(Errc::bad_argument, [&] { withdraw_request_answer(bad); });
}
