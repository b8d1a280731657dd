// BTCPay webhook deliveries: the BTCPay-Sig check over the raw body, the delivery's fields, and
// over HTTP through flash-node's API: 401 for a missing or wrong signature, 400 for a body that is
// not a delivery of the merchant's store, 404 for an unknown merchant, 200 for a delivery processed
// now or before (each event once, whatever BTCPay redelivers), 503 and no trace when processing
// failed, so that BTCPay's retry is processed; never 500.
#include <atomic>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "btcpay_fixture.hpp"
#include "core/error.hpp"
#include "node/merchant/btcpay/webhook.hpp"
#include "support/errors.hpp"

using namespace flash;
using namespace flash::node::merchant::btcpay;
using namespace flash::test;
using nlohmann::json;

namespace {

/// A delivery as BTCPay writes it (indented), for the parser and the signature tests.
std::string sample_delivery() {
    return json{{"deliveryId", "Bk5tjFCmTNBaX3r9Y9nhvM"},
                {"webhookId", "8kM7UvmTWp4nLqvYB5oZ3w"},
                {"originalDeliveryId", "Bk5tjFCmTNBaX3r9Y9nhvM"},
                {"isRedelivery", false},
                {"type", "InvoiceSettled"},
                {"timestamp", 1700000000},
                {"storeId", "AbcStore"},
                {"invoiceId", "Inv123"},
                {"metadata", {{"orderId", "pos-1"}}},
                {"manuallyMarked", false},
                {"overPaid", false}}
        .dump(2);
}

/// The merchants' database with record_delivery() failing the first `failures` times (as a full
/// disk would), before anything is written.
class FlakyMerchantStore final : public node::MerchantStore {
public:
    FlakyMerchantStore(node::MerchantStore& inner, int failures) : inner_(inner), failures_(failures) {}

    void save_merchant(const node::MerchantRecord& m) override { inner_.save_merchant(m); }
    std::optional<node::MerchantRecord> merchant(const std::string& id) override { return inner_.merchant(id); }
    std::optional<node::MerchantRecord> find_merchant(const std::string& user, const std::string& url,
                                                      const std::string& store) override {
        return inner_.find_merchant(user, url, store);
    }
    std::vector<node::MerchantRecord> merchants_of(const std::string& user) override { return inner_.merchants_of(user); }
    void add_invoice(const node::MerchantInvoice& invoice) override { inner_.add_invoice(invoice); }
    std::optional<node::MerchantInvoice> invoice(const std::string& merchant, const std::string& id) override {
        return inner_.invoice(merchant, id);
    }
    std::vector<node::MerchantInvoice> invoices_of(const std::string& user, const std::optional<std::string>& merchant,
                                                   std::size_t limit) override {
        return inner_.invoices_of(user, merchant, limit);
    }
    node::DeliveryOutcome record_delivery(const node::WebhookDeliveryRecord& delivery,
                                          const std::optional<node::InvoiceStatusChange>& change,
                                          std::int64_t now_s) override {
        if (failures_.fetch_sub(1) > 0) throw Error(Errc::storage, "disk I/O error (injected)");
        return inner_.record_delivery(delivery, change, now_s);
    }
    std::vector<node::WebhookDeliveryRecord> deliveries_of(const std::string& merchant, const std::string& invoice) override {
        return inner_.deliveries_of(merchant, invoice);
    }

private:
    node::MerchantStore& inner_;
    std::atomic<int> failures_;
};

class FlakyNodeStore final : public node::NodeStore {
public:
    FlakyNodeStore(std::unique_ptr<node::NodeStore> inner, int failures)
        : inner_(std::move(inner)), merchant_(inner_->merchant(), failures) {}
    node::EventStore& events() override { return inner_->events(); }
    node::MintStore& mint() override { return inner_->mint(); }
    node::ChainStore& chain() override { return inner_->chain(); }
    node::LedgerStore& ledger() override { return inner_->ledger(); }
    node::MerchantStore& merchant() override { return merchant_; }

private:
    std::unique_ptr<node::NodeStore> inner_;
    FlakyMerchantStore merchant_;
};

std::string code_of(const BtcpayServer::Delivery& delivery) {
    const json answer = json::parse(delivery.answer, nullptr, false);
    return answer.is_object() && answer.contains("code") ? answer["code"].get<std::string>() : "";
}

}  // namespace

TEST_CASE("the BTCPay-Sig header is checked over the raw body", "[btcpay]") {
    const std::string secret = "3JpBtVj1bq7ZqA";
    const std::string body = sample_delivery();
    const std::string signature = BtcpayServer::sign(secret, body);
    REQUIRE(signature.size() == 7 + 64);

    CHECK(check_signature(secret, signature, body) == SignatureCheck::valid);
    CHECK(check_signature(secret, std::nullopt, body) == SignatureCheck::missing);
    const std::string hex = signature.substr(7);
    for (const std::string& wrong_prefix : {"sha1=" + hex, "SHA256=" + hex, "sha256:" + hex, hex, " sha256=" + hex}) {
        INFO(wrong_prefix);
        CHECK(check_signature(secret, wrong_prefix, body) == SignatureCheck::malformed);
    }
    CHECK(check_signature(secret, "sha256=" + hex.substr(2), body) == SignatureCheck::malformed);
    CHECK(check_signature(secret, "sha256=" + hex + "00", body) == SignatureCheck::malformed);
    CHECK(check_signature(secret, "sha256=" + std::string(64, 'z'), body) == SignatureCheck::malformed);
    CHECK(check_signature(secret, "", body) == SignatureCheck::malformed);

    CHECK(check_signature("another secret", signature, body) == SignatureCheck::mismatch);
    // The same JSON written another way is another body: only the bytes BTCPay signed pass.
    CHECK(check_signature(secret, signature, json::parse(body).dump()) == SignatureCheck::mismatch);
    std::string flipped = body;
    flipped[flipped.find("Inv123")] = 'J';
    CHECK(check_signature(secret, signature, flipped) == SignatureCheck::mismatch);
    std::string one_bit = hex;
    one_bit[63] = one_bit[63] == '0' ? '1' : '0';
    CHECK(check_signature(secret, "sha256=" + one_bit, body) == SignatureCheck::mismatch);
}

TEST_CASE("a delivery's body is parsed strictly", "[btcpay]") {
    const WebhookDelivery delivery = parse_delivery(sample_delivery());
    CHECK(delivery.delivery_id == "Bk5tjFCmTNBaX3r9Y9nhvM");
    CHECK(delivery.webhook_id == "8kM7UvmTWp4nLqvYB5oZ3w");
    CHECK(delivery.event_id() == "Bk5tjFCmTNBaX3r9Y9nhvM");
    CHECK_FALSE(delivery.is_redelivery);
    CHECK(delivery.type == "InvoiceSettled");
    CHECK(delivery.timestamp == 1700000000);
    CHECK(delivery.store_id == "AbcStore");
    CHECK(delivery.invoice_id == "Inv123");

    json redelivery = json::parse(sample_delivery());
    redelivery["deliveryId"] = "NewId";
    redelivery["isRedelivery"] = true;
    CHECK(parse_delivery(redelivery.dump()).event_id() == "Bk5tjFCmTNBaX3r9Y9nhvM");
    redelivery["originalDeliveryId"] = nullptr;
    CHECK(parse_delivery(redelivery.dump()).event_id() == "NewId");

    // Events of no invoice (a payout) carry neither storeId nor invoiceId.
    const json payout = {{"deliveryId", "d"}, {"webhookId", "w"}, {"type", "PayoutCreated"}, {"timestamp", 1}};
    CHECK(parse_delivery(payout.dump()).invoice_id.empty());

    REQUIRE_THROWS_CODE(parse_delivery("{\"deliveryId\":"), Errc::bad_json);
    REQUIRE_THROWS_CODE(parse_delivery(""), Errc::bad_json);
    REQUIRE_THROWS_CODE(parse_delivery("[]"), Errc::bad_message);
    for (const char* field : {"deliveryId", "webhookId", "type", "timestamp", "storeId", "invoiceId"}) {
        INFO(field);
        json missing = json::parse(sample_delivery());
        missing.erase(field);
        REQUIRE_THROWS_CODE(parse_delivery(missing.dump()), Errc::bad_message);
    }
    const auto with = [](const char* key, const json& value) {
        json body = json::parse(sample_delivery());
        body[key] = value;
        return body.dump();
    };
    REQUIRE_THROWS_CODE(parse_delivery(with("timestamp", "1700000000")), Errc::bad_message);
    REQUIRE_THROWS_CODE(parse_delivery(with("timestamp", 1.5)), Errc::bad_message);
    REQUIRE_THROWS_CODE(parse_delivery(with("deliveryId", 42)), Errc::bad_message);
    REQUIRE_THROWS_CODE(parse_delivery(with("deliveryId", "")), Errc::bad_message);
    REQUIRE_THROWS_CODE(parse_delivery(with("deliveryId", "has space")), Errc::bad_message);
    REQUIRE_THROWS_CODE(parse_delivery(with("deliveryId", std::string(129, 'a'))), Errc::bad_message);
    REQUIRE_THROWS_CODE(parse_delivery(with("isRedelivery", "yes")), Errc::bad_message);
    REQUIRE_THROWS_CODE(parse_delivery(with("metadata", "orderId")), Errc::bad_message);

    CHECK(status_after("InvoiceProcessing") == InvoiceStatus::processing);
    CHECK(status_after("InvoiceSettled") == InvoiceStatus::settled);
    CHECK(status_after("InvoiceExpired") == InvoiceStatus::expired);
    CHECK(status_after("InvoiceInvalid") == InvoiceStatus::invalid);
    CHECK_FALSE(status_after("InvoiceReceivedPayment"));
    CHECK_FALSE(status_after("InvoicePaymentSettled"));
    CHECK_FALSE(status_after("InvoiceCreated"));
}

TEST_CASE("the webhook route refuses what BTCPay did not sign for this merchant's store", "[btcpay]") {
    BtcpayFixture f;
    NodeApi node(f.dir.str());
    const auto merchants = f.merchants();
    const node::MerchantRecord merchant = f.register_with(*merchants, node);
    const std::string url = BtcpayFixture::webhook_url(node, merchant.id);
    const std::string invoice_id = f.new_invoice(*merchants, merchant);

    json event = json::parse(sample_delivery());
    event["storeId"] = f.store.id;
    event["invoiceId"] = invoice_id;
    event["timestamp"] = unix_now();  // after the invoice's creation: a status it takes
    const std::string body = event.dump(2);

    BtcpayServer::Delivery d = BtcpayServer::post(url, body, std::nullopt);
    CHECK(d.status == 401);
    CHECK(code_of(d) == "bad_signature");
    d = BtcpayServer::post(url, body, BtcpayServer::sign("not the secret", body));
    CHECK(d.status == 401);
    d = BtcpayServer::post(url, body, "sha512=" + BtcpayServer::sign(f.webhook_secret, body).substr(7));
    CHECK(d.status == 401);
    d = BtcpayServer::post(url, body, BtcpayServer::sign(f.webhook_secret, body + " "));
    CHECK(d.status == 401);

    const std::string not_json = "{\"deliveryId\": \"x\"";
    d = BtcpayServer::post(url, not_json, BtcpayServer::sign(f.webhook_secret, not_json));
    CHECK(d.status == 400);
    CHECK(code_of(d) == "malformed");
    // A bad signature is refused before the body is looked at.
    CHECK(BtcpayServer::post(url, not_json, std::nullopt).status == 401);
    json incomplete = event;
    incomplete.erase("deliveryId");
    d = BtcpayServer::post(url, incomplete.dump(), BtcpayServer::sign(f.webhook_secret, incomplete.dump()));
    CHECK(d.status == 400);
    json other_store = event;
    other_store["storeId"] = "AnotherStore";
    d = BtcpayServer::post(url, other_store.dump(), BtcpayServer::sign(f.webhook_secret, other_store.dump()));
    CHECK(d.status == 400);
    CHECK(code_of(d) == "wrong_store");

    d = BtcpayServer::post(BtcpayFixture::webhook_url(node, "0123456789abcdef0123456789abcdef"), body,
                           BtcpayServer::sign(f.webhook_secret, body));
    CHECK(d.status == 404);
    node::net::HttpClient client({.url = node.url()});
    CHECK(client.request({.method = "GET", .target = "/api/v1/merchant/btcpay/webhook/" + merchant.id}).status == 405);

    // Nothing of the refused deliveries was recorded.
    const auto store = node::open_sqlite_store(f.dir.str());
    CHECK(store->merchant().deliveries_of(merchant.id, invoice_id).empty());
    CHECK(store->merchant().invoice(merchant.id, invoice_id)->status == InvoiceStatus::fresh);

    d = BtcpayServer::post(url, body, BtcpayServer::sign(f.webhook_secret, body));
    CHECK(d.status == 200);
    CHECK(code_of(d) == "processed");
    CHECK(store->merchant().invoice(merchant.id, invoice_id)->status == InvoiceStatus::settled);
}

TEST_CASE("a delivery is processed once, however often BTCPay sends it", "[btcpay]") {
    BtcpayFixture f;
    NodeApi node(f.dir.str());
    const auto merchants = f.merchants();
    const node::MerchantRecord merchant = f.register_with(*merchants, node);
    const std::string invoice_id = f.new_invoice(*merchants, merchant);
    const auto store = node::open_sqlite_store(f.dir.str());

    const BtcpayServer::Delivery first = f.btcpay.deliver(f.store.id, "InvoiceSettled", invoice_id);
    CHECK(first.status == 200);
    CHECK(code_of(first) == "processed");
    const node::MerchantInvoice settled = *store->merchant().invoice(merchant.id, invoice_id);
    CHECK(settled.status == InvoiceStatus::settled);

    // The same bytes again (our 200 was lost on the way back), then redeliveries of the event.
    const std::string url = BtcpayFixture::webhook_url(node, merchant.id);
    const BtcpayServer::Delivery again = BtcpayServer::post(url, first.body, BtcpayServer::sign(f.webhook_secret, first.body));
    CHECK(again.status == 200);
    CHECK(code_of(again) == "duplicate");
    const BtcpayServer::Delivery redelivery = f.btcpay.redeliver(first.delivery_id);
    CHECK(redelivery.status == 200);
    CHECK(code_of(redelivery) == "duplicate");
    CHECK(json::parse(redelivery.body)["isRedelivery"] == true);
    CHECK(json::parse(redelivery.body)["originalDeliveryId"] == first.delivery_id);
    // A redelivery of the redelivery still names the first delivery.
    CHECK(code_of(f.btcpay.redeliver(redelivery.delivery_id)) == "duplicate");

    const std::vector<node::WebhookDeliveryRecord> recorded = store->merchant().deliveries_of(merchant.id, invoice_id);
    REQUIRE(recorded.size() == 1);
    CHECK(recorded[0].delivery_id == first.delivery_id);
    CHECK(recorded[0].event_id == first.delivery_id);
    CHECK(recorded[0].type == "InvoiceSettled");
    CHECK(*store->merchant().invoice(merchant.id, invoice_id) == settled);  // not even updated_at moved
}

TEST_CASE("a delivery whose processing failed is processed when BTCPay retries it", "[btcpay]") {
    BtcpayFixture f;
    NodeApi node(f.dir.str(), std::make_unique<FlakyNodeStore>(node::open_sqlite_store(f.dir.str()), 1));
    const auto merchants = f.merchants();
    const node::MerchantRecord merchant = f.register_with(*merchants, node);
    const auto store = node::open_sqlite_store(f.dir.str());
    const auto create = [&] { return f.new_invoice(*merchants, merchant); };

    SECTION("one redelivery at a time") {
        const std::string invoice_id = create();
        const BtcpayServer::Delivery failed = f.btcpay.deliver(f.store.id, "InvoiceSettled", invoice_id);
        CHECK(failed.status == 503);  // a server error: BTCPay tries again
        CHECK(store->merchant().deliveries_of(merchant.id, invoice_id).empty());
        CHECK(store->merchant().invoice(merchant.id, invoice_id)->status == InvoiceStatus::fresh);

        const BtcpayServer::Delivery retry = f.btcpay.redeliver(failed.delivery_id);
        CHECK(retry.status == 200);
        CHECK(code_of(retry) == "processed");
        CHECK(store->merchant().invoice(merchant.id, invoice_id)->status == InvoiceStatus::settled);
        CHECK(code_of(f.btcpay.redeliver(failed.delivery_id)) == "duplicate");

        const auto recorded = store->merchant().deliveries_of(merchant.id, invoice_id);
        REQUIRE(recorded.size() == 1);
        CHECK(recorded[0].delivery_id == retry.delivery_id);
        CHECK(recorded[0].event_id == failed.delivery_id);
    }
    SECTION("BTCPay's automatic redelivery") {
        const std::string invoice_id = create();
        const std::vector<BtcpayServer::Delivery> attempts = f.btcpay.mark_invoice(invoice_id, "Processing");
        REQUIRE(attempts.size() == 2);
        CHECK(attempts[0].status == 503);
        CHECK(attempts[1].status == 200);
        CHECK(store->merchant().invoice(merchant.id, invoice_id)->status == InvoiceStatus::processing);
        CHECK(store->merchant().deliveries_of(merchant.id, invoice_id).size() == 1);
    }
}

TEST_CASE("a merchant secret the node cannot open answers 503, not 500", "[btcpay]") {
    BtcpayFixture f;
    NodeApi node(f.dir.str());
    // Registered under another node secret (say merchant.key was replaced since).
    BtcpayMerchants other(node::open_sqlite_store(f.dir.str()), MerchantSecrets(crypto::Secret<32>(crypto::random_array<32>())),
                          unix_now);
    const node::MerchantRecord merchant = f.register_with(other, node);
    const BtcpayServer::Delivery d = f.btcpay.deliver(f.store.id, "InvoiceSettled", "SomeInvoice");
    CHECK(d.status == 503);
    CHECK(code_of(d) == "unavailable");
    CHECK(node::open_sqlite_store(f.dir.str())->merchant().deliveries_of(merchant.id, "SomeInvoice").empty());
}
