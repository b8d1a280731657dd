// Lightning addresses end to end over the node's HTTP on loopback: a user claims a name (NIP-98),
// a wallet pays name@host through LUD-16 / LUD-06 with the core's client checking the pay request
// and the invoice (description hash = sha256(metadata), exact amount), another user of the node
// pays the invoice and the holder is credited; conflicts and bad input are refused with the API's
// or LNURL's errors, never 500.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "address_fixture.hpp"
#include "core/codec/hex.hpp"
#include "core/crypto/hash.hpp"
#include "support/temp_dir.hpp"

using namespace flash;
using flash::test::AddressNode;
using flash::test::AddressPayer;
using flash::test::ApiUser;
using flash::test::body_of;
using flash::test::error_reason;
using nlohmann::json;
namespace lnurl = flash::lightning::lnurl;

namespace {

constexpr std::string_view address_path = "/api/v1/lightning/address";

node::net::HttpResponse claim(const ApiUser& user, const json& name) {
    return user.call("POST", std::string(address_path), json{{"name", name}}.dump());
}

std::string code_of(const node::net::HttpResponse& response) { return body_of(response).value("code", ""); }

/// Polls `condition` every 20 ms for up to 5 s.
template <class Condition>
bool eventually(Condition condition) {
    for (int i = 0; i < 250 && !condition(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    return condition();
}

}  // namespace

TEST_CASE("a user claims, reads and releases a lightning address", "[lnaddr]") {
    test::TempDir dir;
    AddressNode node(dir.str());
    const ApiUser alice(node.url()), bob(node.url());

    CHECK(alice.call("GET", std::string(address_path)).status == 404);
    CHECK(code_of(alice.call("GET", std::string(address_path))) == "no_address");

    const auto claimed = claim(alice, "alice");
    REQUIRE(claimed.status == 200);
    const json record = body_of(claimed);
    CHECK(record["name"] == "alice");
    CHECK(record["address"] == "alice@" + node.host());
    CHECK(record["created_at"].get<std::int64_t>() > 0);
    CHECK(body_of(alice.call("GET", std::string(address_path))) == record);
    // The same name again changes nothing; another one while holding one is refused.
    CHECK(body_of(claim(alice, "alice")) == record);
    const auto second = claim(alice, "alice2");
    CHECK(second.status == 409);
    CHECK(code_of(second) == "has_address");

    // The name is alice's: bob cannot have it.
    const auto taken = claim(bob, "alice");
    CHECK(taken.status == 409);
    CHECK(code_of(taken) == "name_taken");
    CHECK(claim(bob, "bob.smith_1-x").status == 200);

    // Released, it is anyone's.
    const auto released = alice.call("DELETE", std::string(address_path));
    REQUIRE(released.status == 200);
    CHECK(body_of(released)["name"] == "alice");
    CHECK(alice.call("GET", std::string(address_path)).status == 404);
    CHECK(code_of(alice.call("DELETE", std::string(address_path))) == "no_address");
    CHECK(claim(bob, "alice").status == 409);  // bob holds bob.smith_1-x
    REQUIRE(bob.call("DELETE", std::string(address_path)).status == 200);
    CHECK(body_of(claim(bob, "alice"))["address"] == "alice@" + node.host());
    CHECK(claim(alice, "bob.smith_1-x").status == 200);
}

TEST_CASE("names outside LUD-16's alphabet and requests without a valid signature are refused", "[lnaddr]") {
    test::TempDir dir;
    AddressNode node(dir.str());
    const ApiUser alice(node.url());

    for (const std::string& name : std::vector<std::string>{"", "Alice", "al ice", "al/ice", "alice+tag", "alice@host",
                                                            "élise", std::string(65, 'a')}) {
        INFO(name);
        const auto refused = claim(alice, name);
        CHECK(refused.status == 400);
        CHECK(code_of(refused) == "bad_name");
    }
    CHECK(claim(alice, std::string(64, 'a')).status == 200);
    CHECK(alice.call("DELETE", std::string(address_path)).status == 200);

    CHECK(code_of(claim(alice, 42)) == "bad_request");
    CHECK(alice.call("POST", std::string(address_path), "{}").status == 400);
    CHECK(alice.call("POST", std::string(address_path), "not json").status == 400);
    CHECK(alice.call("PUT", std::string(address_path), R"({"name":"alice"})").status == 405);
    const auto unsigned_claim = alice.call("POST", std::string(address_path), R"({"name":"alice"})", false);
    CHECK(unsigned_claim.status == 401);
    CHECK(alice.call("GET", std::string(address_path)).status == 404);
}

TEST_CASE("a wallet pays a lightning address: pay request, invoice, credited to the holder", "[lnaddr]") {
    test::TempDir dir;
    AddressNode node(dir.str());
    const ApiUser alice(node.url()), bob(node.url()), carol(node.url());
    const AddressPayer wallet(node.url());
    REQUIRE(claim(alice, "alice").status == 200);
    REQUIRE(claim(carol, "carol").status == 200);
    const std::string address = "alice@" + node.host();

    // LUD-16: GET /.well-known/lnurlp/alice, for anyone, from any origin.
    const auto first = wallet.get("/.well-known/lnurlp/alice");
    REQUIRE(first.status == 200);
    CHECK(first.header("Access-Control-Allow-Origin") == "*");
    CHECK(first.header("Content-Type") == "application/json");
    const json raw = body_of(first);
    CHECK(raw["tag"] == "payRequest");
    CHECK(raw["callback"] == node.url() + "/lnurl/pay/alice");
    CHECK(raw["minSendable"] == 1000);
    CHECK(raw["maxSendable"] == 10'000'000'000);
    CHECK(raw["commentAllowed"] == 140);
    CHECK(raw["metadata"] == json::array({{"text/plain", "Payment to " + address}, {"text/identifier", address}}).dump());

    const lnurl::PayRequest request = wallet.pay_request(address);
    CHECK(request.metadata.identifier == address);
    CHECK(request.metadata.text == "Payment to " + address);

    // LUD-06: the callback's invoice is alice's, for exactly the amount, committing to the metadata.
    const lnurl::PayInvoice paid = wallet.invoice(request, 1'234'000, "for the coffee ☕");
    CHECK(paid.invoice.invoice.amount_msat == 1'234'000);
    CHECK(paid.invoice.invoice.description_hash() == crypto::sha256(as_bytes(raw["metadata"].get<std::string>())));
    CHECK_FALSE(paid.invoice.invoice.description());
    CHECK_FALSE(paid.success_action);
    const std::string hash = codec::hex_encode(paid.invoice.invoice.payment_hash());
    const json invoice = body_of(alice.call("GET", "/api/v1/lightning/invoices/" + hash));
    CHECK(invoice["state"] == "open");
    CHECK(invoice["amount_msat"] == 1'234'000);
    CHECK(invoice["description"] == "for the coffee ☕");  // the payer's comment, for alice
    CHECK(carol.call("GET", "/api/v1/lightning/invoices/" + hash).status == 404);

    // Bob, another user of the node, pays it: inside the ledger, credited to alice and no one else.
    node.fund(bob.pubkey(), 10'000);
    const auto payment = bob.call("POST", "/api/v1/lightning/payments", json{{"bolt11", paid.pr}}.dump());
    REQUIRE(payment.status == 200);
    CHECK(body_of(payment)["state"] == "succeeded");
    CHECK(body_of(payment)["internal"] == true);
    CHECK(node.available_msat(alice.pubkey()) == 1'234'000);
    CHECK(node.available_msat(bob.pubkey()) == 10'000'000 - 1'234'000);
    CHECK(node.available_msat(carol.pubkey()) == 0);
    CHECK(body_of(alice.call("GET", "/api/v1/lightning/invoices/" + hash))["state"] == "settled");

    // Without a comment the ledger keeps the metadata's text; a tag after '+' pays the same name.
    const auto tagged = wallet.get("/.well-known/lnurlp/alice+coffee");
    REQUIRE(tagged.status == 200);
    const lnurl::PayRequest tagged_request = lnurl::parse_pay_request(tagged.body, true);
    const lnurl::PayInvoice plain = wallet.invoice(tagged_request, 1'000);
    const json plain_invoice =
        body_of(alice.call("GET", "/api/v1/lightning/invoices/" + codec::hex_encode(plain.invoice.invoice.payment_hash())));
    CHECK(plain_invoice["description"] == "Payment to " + address);
}

TEST_CASE("an address paid from outside the node is credited once the invoice settles", "[lnaddr]") {
    test::TempDir dir;
    AddressNode node(dir.str(), "", 0);  // the fake's simulated payer pays every invoice at once
    const ApiUser alice(node.url());
    const AddressPayer wallet(node.url());
    REQUIRE(claim(alice, "alice").status == 200);

    const lnurl::PayInvoice paid = wallet.invoice(wallet.pay_request("alice@" + node.host()), 21'000);
    CHECK(eventually([&] { return node.available_msat(alice.pubkey()) == 21'000; }));
    const std::string hash = codec::hex_encode(paid.invoice.invoice.payment_hash());
    CHECK(body_of(alice.call("GET", "/api/v1/lightning/invoices/" + hash))["state"] == "settled");
}

TEST_CASE("unknown names, bad amounts and bad comments get LNURL errors with 4xx", "[lnaddr]") {
    test::TempDir dir;
    AddressNode node(dir.str());
    const ApiUser alice(node.url());
    const AddressPayer wallet(node.url());
    REQUIRE(claim(alice, "alice").status == 200);

    const auto refused = [&](const std::string& target, unsigned status, std::string_view reason) {
        INFO(target);
        const auto answer = wallet.get(target);
        CHECK(answer.status == status);
        CHECK(answer.header("Access-Control-Allow-Origin") == "*");
        CHECK_THAT(error_reason(answer), Catch::StartsWith(std::string(reason)));
    };
    for (const std::string& name : std::vector<std::string>{"bob", "ALICE", "", "al%20ice", "a/b", "%zz", "alice%2F"})
        refused("/.well-known/lnurlp/" + name, 404, "unknown_name");
    refused("/lnurl/pay/bob?amount=1000", 404, "unknown_name");

    refused("/lnurl/pay/alice", 400, "bad_lnurl");
    refused("/lnurl/pay/alice?amount=", 400, "bad_lnurl");
    refused("/lnurl/pay/alice?amount=abc", 400, "bad_lnurl");
    refused("/lnurl/pay/alice?amount=-1000", 400, "bad_lnurl");
    refused("/lnurl/pay/alice?amount=1000.5", 400, "bad_lnurl");
    refused("/lnurl/pay/alice?amount=999", 400, "bad_lnurl");
    refused("/lnurl/pay/alice?amount=10000000001", 400, "bad_lnurl");
    refused("/lnurl/pay/alice?amount=99999999999999999999999", 400, "bad_lnurl");
    refused("/lnurl/pay/alice?amount=1000&comment=" + std::string(141, 'x'), 400, "bad_lnurl");
    refused("/lnurl/pay/alice?amount=1000&comment=%ff", 400, "bad_lnurl");
    refused("/lnurl/pay/alice?amount=%zz", 400, "bad_lnurl");

    // The edges pass; a comment of exactly 140 characters too.
    CHECK(wallet.get("/lnurl/pay/alice?amount=1000").status == 200);
    CHECK(wallet.get("/lnurl/pay/alice?amount=10000000000&comment=" + std::string(140, 'x')).status == 200);

    const auto posted = alice.call("POST", "/.well-known/lnurlp/alice", "{}", false);
    CHECK(posted.status == 405);
    CHECK(error_reason(posted) == "use GET");

    // A released name is nobody's: its pay request and callback are refused.
    REQUIRE(alice.call("DELETE", std::string(address_path)).status == 200);
    refused("/.well-known/lnurlp/alice", 404, "unknown_name");
    refused("/lnurl/pay/alice?amount=1000", 404, "unknown_name");
}

TEST_CASE("behind a public URL the address and the callback use its host", "[lnaddr]") {
    test::TempDir dir;
    AddressNode node(dir.str(), "https://pay.example.com");
    const ApiUser alice(node.url());
    const AddressPayer wallet(node.url());
    REQUIRE(body_of(claim(alice, "alice"))["address"] == "alice@pay.example.com");

    const auto first = wallet.get("/.well-known/lnurlp/alice");
    REQUIRE(first.status == 200);
    // https: the answer went through the core's own check (pay_request_answer()).
    const lnurl::PayRequest request = lnurl::parse_pay_request(first.body, true);
    CHECK(request.callback.text == "https://pay.example.com/lnurl/pay/alice");
    CHECK(request.metadata.identifier == "alice@pay.example.com");

    // The wallet would GET the callback at pay.example.com; the proxy hands it to this node.
    const std::string url = lnurl::pay_callback_url(request, 5'000);
    const auto second = wallet.get(url.substr(std::string("https://pay.example.com").size()));
    REQUIRE(second.status == 200);
    const lnurl::PayInvoice paid = lnurl::parse_pay_invoice(request, 5'000, second.body);
    CHECK(paid.invoice.invoice.description_hash() == lnurl::metadata_hash(request.metadata.raw));
}
