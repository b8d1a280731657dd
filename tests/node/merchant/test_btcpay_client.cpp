// The Greenfield client against the loopback BTCPay Server: what goes on the wire (the token
// header, decimals as strings, no key on the public payout routes), the typed answers, and every
// refusal or failure as a BtcpayError of the right kind.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "node/merchant/btcpay/btcpay_error.hpp"
#include "node/merchant/btcpay/greenfield_client.hpp"
#include "node/merchant/btcpay/greenfield_json.hpp"
#include "support/btcpay_server.hpp"

using namespace flash;
using namespace flash::node::merchant::btcpay;
using flash::test::BtcpayServer;
using nlohmann::json;

namespace {

GreenfieldClient client_for(const BtcpayServer& server, const std::string& api_key,
                            std::chrono::milliseconds timeout = std::chrono::milliseconds(2000)) {
    return GreenfieldClient({.server_url = server.url(), .api_key = api_key, .timeout = timeout});
}

/// The BtcpayError `f` throws (fails the test when it throws nothing).
template <class F>
BtcpayError btcpay_error(F&& f) {
    try {
        f();
    } catch (const BtcpayError& e) {
        return e;
    }
    FAIL("no BtcpayError thrown");
    throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("an invoice is created, read back with its payment methods", "[btcpay]") {
    BtcpayServer server;
    const BtcpayServer::Store store = server.add_store();
    const GreenfieldClient btcpay = client_for(server, store.api_key);

    CreateInvoiceRequest request{.amount = "2100", .currency = "SATS", .expiration_minutes = 30};
    request.metadata["orderId"] = "pos-7";
    const InvoiceData created = btcpay.create_invoice(store.id, request);
    CHECK(server.last_authorization() == "token " + store.api_key);
    const json sent = json::parse(server.last_body());
    CHECK(sent["amount"] == "2100");  // a decimal string, never a float
    CHECK(sent["currency"] == "SATS");
    CHECK(sent["checkout"]["expirationMinutes"] == 30);
    CHECK(sent["metadata"]["orderId"] == "pos-7");

    CHECK_FALSE(created.id.empty());
    CHECK(created.store_id == store.id);
    CHECK(created.amount == "2100");
    CHECK(created.currency == "SATS");
    CHECK(created.status == InvoiceStatus::fresh);
    CHECK(created.type == "Standard");
    CHECK(created.expiration_time - created.created_time == 30 * 60);
    CHECK(created.checkout_link.starts_with(server.url()));
    CHECK(created.metadata.at("orderId") == "pos-7");

    const InvoiceData read = btcpay.invoice(store.id, created.id);
    CHECK(read.id == created.id);
    CHECK(read.created_time == created.created_time);

    const std::vector<InvoicePaymentMethod> methods = btcpay.invoice_payment_methods(store.id, created.id);
    REQUIRE(methods.size() == 2);
    CHECK(methods[0].payment_method_id == "BTC-LN");
    CHECK(methods[0].destination.starts_with("lnbcrt"));
    CHECK(methods[0].amount == "0.00002100");
    CHECK(methods[0].due == "0.00002100");
    CHECK(methods[0].activated);
    CHECK(methods[1].payment_method_id == "BTC-CHAIN");
    CHECK(methods[1].payment_link.starts_with("bitcoin:"));
}

TEST_CASE("BTCPay's refusals become typed errors", "[btcpay]") {
    BtcpayServer server;
    const BtcpayServer::Store store = server.add_store();
    const BtcpayServer::Store view_only = server.add_store({"btcpay.store.canviewinvoices"});
    const CreateInvoiceRequest request{.amount = "1", .currency = "BTC"};

    SECTION("an unknown key: 401 without a body") {
        const BtcpayError e = btcpay_error([&] { client_for(server, "not-a-key").create_invoice(store.id, request); });
        CHECK(e.code() == BtcpayErrc::unauthorized);
        CHECK(e.http_status() == 401);
    }
    SECTION("a key without the permission: 403 missing-permission") {
        const BtcpayError e = btcpay_error([&] { client_for(server, view_only.api_key).create_invoice(view_only.id, request); });
        CHECK(e.code() == BtcpayErrc::forbidden);
        CHECK(e.api_code() == "missing-permission");
        CHECK(std::string(e.what()).find("btcpay.store.cancreateinvoice") != std::string::npos);
    }
    SECTION("a key of another store: 403") {
        const BtcpayError e = btcpay_error([&] { client_for(server, store.api_key).create_invoice(view_only.id, request); });
        CHECK(e.code() == BtcpayErrc::forbidden);
    }
    SECTION("an unknown invoice: 404 invoice-not-found") {
        const BtcpayError e = btcpay_error([&] { client_for(server, store.api_key).invoice(store.id, "NoSuchInvoice"); });
        CHECK(e.code() == BtcpayErrc::not_found);
        CHECK(e.api_code() == "invoice-not-found");
    }
    SECTION("a field that fails validation: 422 with its path") {
        const BtcpayError e = btcpay_error(
            [&] { client_for(server, store.api_key).create_invoice(store.id, {.amount = "0", .currency = "BTC"}); });
        CHECK(e.code() == BtcpayErrc::validation);
        CHECK(e.http_status() == 422);
        REQUIRE(e.fields().size() == 1);
        CHECK(e.fields()[0].path == "amount");
        CHECK_FALSE(e.fields()[0].message.empty());
    }
}

TEST_CASE("a pull payment is created and claimed; payouts are listed without the key", "[btcpay]") {
    BtcpayServer server;
    const BtcpayServer::Store store = server.add_store();
    const GreenfieldClient btcpay = client_for(server, store.api_key);

    const PullPaymentData pull = btcpay.create_pull_payment(
        store.id, {.name = "card 1", .amount = "5000", .currency = "SATS", .payout_methods = {"BTC-LN"}});
    CHECK(json::parse(server.last_body())["payoutMethods"] == json::array({"BTC-LN"}));
    CHECK(pull.amount == "5000");
    CHECK(pull.currency == "SATS");
    CHECK_FALSE(pull.auto_approve_claims);
    CHECK(pull.view_link.find(pull.id) != std::string::npos);

    const PayoutData payout =
        btcpay.create_payout(pull.id, {.destination = "lnbcrt1first", .amount = "2000", .payout_method_id = "BTC-LN"});
    CHECK(server.last_authorization().empty());  // a public route: the store's key stays home
    CHECK(payout.pull_payment_id == pull.id);
    CHECK(payout.original_amount == "2000");
    CHECK(payout.original_currency == "SATS");
    CHECK(payout.state == PayoutState::awaiting_approval);
    CHECK_FALSE(payout.payout_amount);
    CHECK(payout.date > 0);

    const std::vector<PayoutData> listed = btcpay.payouts(pull.id);
    REQUIRE(listed.size() == 1);
    CHECK(listed[0].id == payout.id);
    CHECK(server.last_authorization().empty());

    const BtcpayError overdraft = btcpay_error([&] {
        btcpay.create_payout(pull.id, {.destination = "lnbcrt1second", .amount = "3001", .payout_method_id = "BTC-LN"});
    });
    CHECK(overdraft.code() == BtcpayErrc::refused);
    CHECK(overdraft.http_status() == 400);
    CHECK(overdraft.api_code() == "overdraft");
    const BtcpayError duplicate = btcpay_error([&] {
        btcpay.create_payout(pull.id, {.destination = "lnbcrt1first", .amount = "1", .payout_method_id = "BTC-LN"});
    });
    CHECK(duplicate.api_code() == "duplicate-destination");
    CHECK(btcpay_error([&] { btcpay.payouts("NoSuchPullPayment"); }).code() == BtcpayErrc::not_found);

    const PullPaymentData approved = btcpay.create_pull_payment(
        store.id, {.amount = "0.001", .currency = "BTC", .auto_approve_claims = true});
    const PayoutData paid = btcpay.create_payout(approved.id, {.destination = "bcrt1qdest", .amount = "0.0005",
                                                               .payout_method_id = "BTC-CHAIN"});
    CHECK(paid.state == PayoutState::awaiting_payment);
    CHECK(paid.payout_amount == "0.00050000");
}

TEST_CASE("answers that are not Greenfield's JSON and transport failures are typed errors", "[btcpay]") {
    BtcpayServer server;
    const BtcpayServer::Store store = server.add_store();
    const CreateInvoiceRequest request{.amount = "1", .currency = "BTC"};

    SECTION("not JSON") {
        server.fault("/api/v1/stores", BtcpayServer::Fault::malformed);
        CHECK(btcpay_error([&] { client_for(server, store.api_key).create_invoice(store.id, request); }).code() ==
              BtcpayErrc::malformed);
    }
    SECTION("JSON of the wrong shape") {
        server.fault("/api/v1/stores", BtcpayServer::Fault::wrong_types);
        CHECK(btcpay_error([&] { client_for(server, store.api_key).create_invoice(store.id, request); }).code() ==
              BtcpayErrc::malformed);
    }
    SECTION("a proxy's error page") {
        server.fault("/api/v1/stores", BtcpayServer::Fault::bad_gateway);
        const BtcpayError e = btcpay_error([&] { client_for(server, store.api_key).create_invoice(store.id, request); });
        CHECK(e.code() == BtcpayErrc::server_error);
        CHECK(e.http_status() == 502);
    }
    SECTION("no answer within the timeout") {
        server.fault("/api/v1/stores", BtcpayServer::Fault::stall);
        const GreenfieldClient slow = client_for(server, store.api_key, std::chrono::milliseconds(300));
        CHECK(btcpay_error([&] { slow.create_invoice(store.id, request); }).code() == BtcpayErrc::unreachable);
    }
    SECTION("nobody listening") {
        std::string url;
        {
            BtcpayServer gone;
            url = gone.url();
        }
        const GreenfieldClient nobody({.server_url = url, .api_key = store.api_key});
        CHECK(btcpay_error([&] { nobody.invoice(store.id, "x"); }).code() == BtcpayErrc::unreachable);
    }
}

TEST_CASE("Greenfield answers are read strictly", "[btcpay]") {
    const json invoice = {{"id", "inv1"},           {"storeId", "store1"},       {"amount", "5.00"},
                          {"currency", "USD"},      {"checkoutLink", "https://x/i/inv1"},
                          {"createdTime", 1700000000}, {"expirationTime", 1700000900}, {"status", "Processing"},
                          {"additionalStatus", "None"}, {"metadata", {{"orderId", "o"}}}};
    CHECK(greenfield_json::read_invoice(invoice).status == InvoiceStatus::processing);

    const auto malformed = [](const json& answer) {
        try {
            greenfield_json::read_invoice(answer);
        } catch (const BtcpayError& e) {
            return e.code() == BtcpayErrc::malformed;
        }
        return false;
    };
    json changed = invoice;
    changed["amount"] = 5.0;  // decimals travel as strings
    CHECK(malformed(changed));
    changed = invoice;
    changed["status"] = "Paid";
    CHECK(malformed(changed));
    changed = invoice;
    changed.erase("id");
    CHECK(malformed(changed));
    changed = invoice;
    changed["createdTime"] = "yesterday";
    CHECK(malformed(changed));
    changed = invoice;
    changed["metadata"] = json::array();
    CHECK(malformed(changed));
    CHECK(malformed(json::array()));

    CHECK(greenfield_json::is_decimal("0"));
    CHECK(greenfield_json::is_decimal("0.00012"));
    CHECK(greenfield_json::is_decimal("-1.5", true));
    CHECK_FALSE(greenfield_json::is_decimal("-1.5"));
    CHECK_FALSE(greenfield_json::is_decimal("1."));
    CHECK_FALSE(greenfield_json::is_decimal(".5"));
    CHECK_FALSE(greenfield_json::is_decimal("1e5"));
    CHECK_FALSE(greenfield_json::is_decimal(""));
    CHECK_FALSE(greenfield_json::is_decimal(std::string(41, '1')));

    // An overpaid invoice has a negative due.
    const json methods = json::array({{{"paymentMethodId", "BTC-LN"}, {"due", "-0.0001"}, {"payments", json::array()}}});
    CHECK(greenfield_json::read_payment_methods(methods)[0].due == "-0.0001");
}
