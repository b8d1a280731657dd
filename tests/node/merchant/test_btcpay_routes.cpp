// /api/v1/merchant/btcpay through flash-node's API (NIP-98, the worker thread): a merchant registers
// a store, creates invoices, lists them, and sees them settle when BTCPay posts to the webhook path
// the registration gave; BTCPay's refusals and failures as the API's error codes.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "btcpay_fixture.hpp"

using namespace flash::test;
using nlohmann::json;

TEST_CASE("a merchant registers a store, sells, and sees the sale settle", "[btcpay]") {
    BtcpayFixture f;
    NodeApi node(f.dir.str());
    const ApiUser merchant(node.url());

    const json registration = f.registration_json();
    const auto registered = merchant.call("POST", "/api/v1/merchant/btcpay", registration.dump());
    REQUIRE(registered.status == 200);
    const json store = json_of(registered);
    const std::string merchant_id = store["merchant_id"];
    CHECK(store["store_id"] == f.store.id);
    CHECK(store["webhook_path"] == "/api/v1/merchant/btcpay/webhook/" + merchant_id);
    CHECK_FALSE(store.contains("api_key"));
    f.btcpay.set_webhook(f.store.id, node.url() + store["webhook_path"].get<std::string>(), f.webhook_secret);

    const auto listed = merchant.call("GET", "/api/v1/merchant/btcpay");
    REQUIRE(listed.status == 200);
    REQUIRE(json_of(listed)["merchants"].size() == 1);
    CHECK(json_of(listed)["merchants"][0]["merchant_id"] == merchant_id);
    CHECK(listed.body.find(f.store.api_key) == std::string::npos);
    CHECK(listed.body.find(f.webhook_secret) == std::string::npos);

    const json sale = {{"merchant_id", merchant_id}, {"amount", "2100"}, {"currency", "SATS"}, {"order_id", "till-1"}};
    const auto created = merchant.call("POST", "/api/v1/merchant/btcpay/invoices", sale.dump());
    REQUIRE(created.status == 201);
    const json invoice = json_of(created);
    CHECK(invoice["status"] == "New");
    CHECK(invoice["amount"] == "2100");
    CHECK(invoice["order_id"] == "till-1");
    REQUIRE(invoice["payment_methods"].size() == 2);
    CHECK(invoice["payment_methods"][0]["payment_method_id"] == "BTC-LN");
    CHECK(invoice["payment_methods"][0]["destination"].get<std::string>().starts_with("lnbcrt"));
    CHECK_FALSE(invoice.contains("payment_methods_error"));

    const std::string invoice_id = invoice["invoice_id"];
    CHECK(f.btcpay.mark_invoice(invoice_id, "Settled").back().status == 200);
    const auto after = merchant.call("GET", "/api/v1/merchant/btcpay/invoices?merchant_id=" + merchant_id);
    REQUIRE(after.status == 200);
    const json invoices = json_of(after)["invoices"];
    REQUIRE(invoices.size() == 1);
    CHECK(invoices[0]["invoice_id"] == invoice_id);
    CHECK(invoices[0]["status"] == "Settled");

    // Another user sees none of it.
    const ApiUser stranger(node.url());
    CHECK(json_of(stranger.call("GET", "/api/v1/merchant/btcpay/invoices"))["invoices"].empty());
    CHECK(stranger.call("GET", "/api/v1/merchant/btcpay/invoices?merchant_id=" + merchant_id).status == 404);
    CHECK(stranger.call("POST", "/api/v1/merchant/btcpay/invoices", sale.dump()).status == 404);
}

TEST_CASE("merchant routes: NIP-98, bad input, and BTCPay's answers as API errors", "[btcpay]") {
    BtcpayFixture f;
    NodeApi node(f.dir.str());
    const ApiUser merchant(node.url());
    const json registration = f.registration_json();

    CHECK(merchant.call("POST", "/api/v1/merchant/btcpay", registration.dump(), false).status == 401);
    CHECK(merchant.call("GET", "/api/v1/merchant/btcpay/invoices", "", false).status == 401);
    CHECK(merchant.call("POST", "/api/v1/merchant/btcpay", "{\"store_id\":").status == 400);
    json insecure = registration;
    insecure["server_url"] = "http://btcpay.example.com";
    const auto refused = merchant.call("POST", "/api/v1/merchant/btcpay", insecure.dump());
    CHECK(refused.status == 400);
    CHECK(json_of(refused)["code"] == "bad_uri");
    CHECK(merchant.call("DELETE", "/api/v1/merchant/btcpay").status == 405);
    CHECK(merchant.call("GET", "/api/v1/merchant/btcpay/nothing").status == 404);

    const std::string merchant_id = json_of(merchant.call("POST", "/api/v1/merchant/btcpay", registration.dump()))["merchant_id"];
    const auto invoice = [&](const json& sale) {
        json body = {{"merchant_id", merchant_id}, {"amount", "1000"}, {"currency", "SATS"}};
        body.update(sale);
        return merchant.call("POST", "/api/v1/merchant/btcpay/invoices", body.dump());
    };
    const auto bad_amount = invoice({{"amount", 1000}});
    CHECK(bad_amount.status == 400);
    CHECK(json_of(bad_amount)["code"] == "bad_request");
    CHECK(json_of(invoice({{"amount", "0"}}))["code"] == "bad_argument");
    CHECK(invoice({{"merchant_id", "nobody"}}).status == 404);

    SECTION("BTCPay refuses the store's key") {
        json wrong_key = registration;
        wrong_key["api_key"] = "revoked-key";
        REQUIRE(merchant.call("POST", "/api/v1/merchant/btcpay", wrong_key.dump()).status == 200);
        const auto answer = invoice(json::object());
        CHECK(answer.status == 400);
        CHECK(json_of(answer)["code"] == "btcpay_key_refused");
    }
    SECTION("BTCPay refuses a field") {
        const auto answer = invoice({{"currency", "XYZ"}});
        CHECK(answer.status == 400);
        CHECK(json_of(answer)["code"] == "btcpay_refused");
        CHECK(json_of(answer)["error"].get<std::string>().find("currency") != std::string::npos);
    }
    SECTION("BTCPay is down") {
        f.btcpay.fault("/api/v1/stores", BtcpayServer::Fault::bad_gateway);
        const auto answer = invoice(json::object());
        CHECK(answer.status == 503);
        CHECK(json_of(answer)["code"] == "unavailable");
        CHECK(json_of(merchant.call("GET", "/api/v1/merchant/btcpay/invoices"))["invoices"].empty());
    }
}
