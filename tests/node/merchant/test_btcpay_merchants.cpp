// The node's merchant records: an invoice's life New -> Processing -> Settled driven by BTCPay's
// webhooks (out-of-order and unrelated events included), the registration rules, and the
// credentials sealed under the node's merchant.key so that the database file never holds them in
// clear.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "btcpay_fixture.hpp"
#include "core/error.hpp"
#include "node/merchant/btcpay/btcpay_error.hpp"
#include "support/errors.hpp"

using namespace flash;
using namespace flash::node::merchant::btcpay;
using namespace flash::test;
using nlohmann::json;

namespace {

std::string file_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// Every byte SQLite keeps for the node's store: the database and its write-ahead log.
std::string database_bytes(const std::string& data_dir) {
    const std::string db = data_dir + "/" + node::sqlite_store_file;
    return file_bytes(db) + file_bytes(db + "-wal");
}

}  // namespace

TEST_CASE("an invoice goes New -> Processing -> Settled as BTCPay's webhooks say", "[btcpay]") {
    BtcpayFixture f;
    NodeApi node(f.dir.str());
    const auto merchants = f.merchants();
    const node::MerchantRecord merchant = f.register_with(*merchants, node);

    const CreatedInvoice created = merchants->create_invoice(
        f.user, {.merchant_id = merchant.id, .amount = "2100", .currency = "SATS", .order_id = "pos-42",
                 .description = "coffee", .expiration_minutes = 20});
    const json sent = f.btcpay.invoice(created.invoice.invoice_id);
    CHECK(sent["metadata"]["orderId"] == "pos-42");
    CHECK(sent["metadata"]["itemDesc"] == "coffee");
    CHECK(created.invoice.status == InvoiceStatus::fresh);
    CHECK(created.invoice.amount == "2100");
    CHECK(created.invoice.expires_at - created.invoice.created_at == 20 * 60);
    CHECK(created.invoice.checkout_link == sent["checkoutLink"]);
    REQUIRE(created.payment_methods.size() == 2);
    CHECK(created.payment_methods[0].payment_method_id == "BTC-LN");
    CHECK_FALSE(created.payment_methods_error);

    const auto store = node::open_sqlite_store(f.dir.str());
    const auto status = [&] { return store->merchant().invoice(merchant.id, created.invoice.invoice_id)->status; };
    CHECK(status() == InvoiceStatus::fresh);

    // A payment seen: no status of its own.
    CHECK(f.btcpay.deliver(f.store.id, "InvoiceReceivedPayment", created.invoice.invoice_id).status == 200);
    CHECK(status() == InvoiceStatus::fresh);

    std::vector<BtcpayServer::Delivery> attempts = f.btcpay.mark_invoice(created.invoice.invoice_id, "Processing");
    REQUIRE(attempts.size() == 1);
    CHECK(attempts[0].status == 200);
    CHECK(status() == InvoiceStatus::processing);
    const BtcpayServer::Delivery processing = attempts[0];

    attempts = f.btcpay.mark_invoice(created.invoice.invoice_id, "Settled");
    CHECK(attempts.back().status == 200);
    CHECK(status() == InvoiceStatus::settled);

    // An older event that arrives late (redelivered by hand) does not move the invoice back.
    CHECK(f.btcpay.redeliver(processing.delivery_id).status == 200);
    CHECK(f.btcpay.deliver(f.store.id, "InvoiceProcessing", created.invoice.invoice_id, unix_now() - 60)
              .status == 200);
    CHECK(status() == InvoiceStatus::settled);

    const std::vector<node::MerchantInvoice> listed = merchants->invoices(f.user, std::nullopt, 10);
    REQUIRE(listed.size() == 1);
    CHECK(listed[0].status == InvoiceStatus::settled);
    CHECK(listed[0].order_id == "pos-42");
    const auto deliveries = store->merchant().deliveries_of(merchant.id, created.invoice.invoice_id);
    REQUIRE(deliveries.size() == 4);  // received payment, processing, settled, the late processing
    CHECK(deliveries[1].type == "InvoiceProcessing");
    CHECK(deliveries[2].type == "InvoiceSettled");
}

TEST_CASE("status changes follow the events' order, not the deliveries'", "[btcpay]") {
    BtcpayFixture f;
    NodeApi node(f.dir.str());
    const auto merchants = f.merchants();
    const node::MerchantRecord merchant = f.register_with(*merchants, node);
    const std::string invoice_id = f.new_invoice(*merchants, merchant, "1", "USD");
    const std::int64_t t = f.btcpay.invoice(invoice_id)["createdTime"].get<std::int64_t>();
    const auto store = node::open_sqlite_store(f.dir.str());
    const auto status = [&] { return store->merchant().invoice(merchant.id, invoice_id)->status; };

    // Lightning: Processing and Settled in the same second, delivered the wrong way round.
    CHECK(f.btcpay.deliver(f.store.id, "InvoiceSettled", invoice_id, t + 5).status == 200);
    CHECK(f.btcpay.deliver(f.store.id, "InvoiceProcessing", invoice_id, t + 5).status == 200);
    CHECK(status() == InvoiceStatus::settled);
    // Later, the merchant marks it invalid in BTCPay: a newer event wins even going "back".
    CHECK(f.btcpay.deliver(f.store.id, "InvoiceInvalid", invoice_id, t + 100).status == 200);
    CHECK(status() == InvoiceStatus::invalid);
    CHECK(store->merchant().invoice(merchant.id, invoice_id)->status_at == t + 100);

    // An event of an invoice not created through the node is recorded and changes nothing.
    CHECK(f.btcpay.deliver(f.store.id, "InvoiceSettled", "MadeInBtcpayUi").status == 200);
    CHECK_FALSE(store->merchant().invoice(merchant.id, "MadeInBtcpayUi"));
    CHECK(store->merchant().deliveries_of(merchant.id, "MadeInBtcpayUi").size() == 1);
}

TEST_CASE("the API key and the webhook secret never reach the database in clear", "[btcpay]") {
    BtcpayFixture f;
    const std::string api_key = "FlashApiKeyInTheClear0123456789";
    const std::string secret = "FlashWebhookSecretInTheClear42";
    std::string merchant_id;
    {
        const auto merchants = f.merchants();
        merchant_id = merchants->register_store(f.user, {.server_url = f.btcpay.url(), .store_id = f.store.id,
                                                         .api_key = api_key, .webhook_secret = secret}).id;
        // Re-registering replaces the sealed values (the old ones must not linger either).
        merchants->register_store(f.user, {.server_url = f.btcpay.url(), .store_id = f.store.id,
                                           .api_key = f.store.api_key, .webhook_secret = f.webhook_secret});
    }
    const std::string bytes = database_bytes(f.dir.str());
    REQUIRE(bytes.find(merchant_id) != std::string::npos);  // the right file: the merchant's row is there
    REQUIRE(bytes.find(f.store.id) != std::string::npos);
    CHECK(bytes.find(api_key) == std::string::npos);
    CHECK(bytes.find(secret) == std::string::npos);
    CHECK(bytes.find(f.store.api_key) == std::string::npos);
    CHECK(bytes.find(f.webhook_secret) == std::string::npos);

    // The node opens them again after a restart (merchant.key is in the data directory) ...
    const auto reopened = f.merchants();
    const CreatedInvoice created =
        reopened->create_invoice(f.user, {.merchant_id = merchant_id, .amount = "1", .currency = "BTC"});
    CHECK(f.btcpay.last_authorization() == "token " + f.store.api_key);
    CHECK_FALSE(created.invoice.invoice_id.empty());

    // ... and a node with another key cannot.
    BtcpayMerchants stranger(node::open_sqlite_store(f.dir.str()),
                             MerchantSecrets(crypto::Secret<32>(crypto::random_array<32>())), unix_now);
    REQUIRE_THROWS_CODE(stranger.create_invoice(f.user, {.merchant_id = merchant_id, .amount = "1", .currency = "BTC"}),
                        Errc::decrypt_failed);
}

TEST_CASE("sealed merchant secrets open only with their key and context", "[btcpay]") {
    const MerchantSecrets secrets(crypto::Secret<32>(crypto::random_array<32>()));
    const Bytes sealed = secrets.seal("api-key-value", "btcpay api key:m1");
    CHECK(sealed.size() == 1 + 24 + 13 + 16);
    CHECK(secrets.unseal(sealed, "btcpay api key:m1") == "api-key-value");
    CHECK(secrets.seal("api-key-value", "btcpay api key:m1") != sealed);  // a fresh nonce each time

    REQUIRE_THROWS_CODE(secrets.unseal(sealed, "btcpay api key:m2"), Errc::decrypt_failed);
    REQUIRE_THROWS_CODE(secrets.unseal(sealed, "btcpay webhook secret:m1"), Errc::decrypt_failed);
    Bytes tampered = sealed;
    tampered[30] ^= 1;
    REQUIRE_THROWS_CODE(secrets.unseal(tampered, "btcpay api key:m1"), Errc::decrypt_failed);
    Bytes version = sealed;
    version[0] = 2;
    REQUIRE_THROWS_CODE(secrets.unseal(version, "btcpay api key:m1"), Errc::bad_payload);
    REQUIRE_THROWS_CODE(secrets.unseal(ByteView(sealed).first(40), "btcpay api key:m1"), Errc::bad_length);
    const MerchantSecrets other(crypto::Secret<32>(crypto::random_array<32>()));
    REQUIRE_THROWS_CODE(other.unseal(sealed, "btcpay api key:m1"), Errc::decrypt_failed);

    // load() makes merchant.key once, readable by the node's user only, and keeps using it.
    TempDir dir;
    const Bytes kept = MerchantSecrets::load(dir.str()).seal("x", "c");
    CHECK(MerchantSecrets::load(dir.str()).unseal(kept, "c") == "x");
    const auto permissions = std::filesystem::status(dir.file(MerchantSecrets::key_file)).permissions();
    CHECK((permissions & (std::filesystem::perms::group_all | std::filesystem::perms::others_all)) ==
          std::filesystem::perms::none);
}

TEST_CASE("registering a store and asking for invoices: the rules", "[btcpay]") {
    BtcpayFixture f;
    const auto merchants = f.merchants();
    const node::MerchantRecord merchant = merchants->register_store(f.user, f.registration());
    CHECK(merchant.id.size() == 32);
    CHECK(merchant.server_url == f.btcpay.url());

    SECTION("the same store again keeps its id (and webhook URL)") {
        StoreRegistration again = f.registration();
        again.server_url += "/";
        const node::MerchantRecord updated = merchants->register_store(f.user, again);
        CHECK(updated.id == merchant.id);
        CHECK(merchants->merchants(f.user).size() == 1);
        CHECK(merchants->register_store("another user", f.registration()).id != merchant.id);
    }
    SECTION("the API key travels over TLS, or stays on this machine or Tor") {
        StoreRegistration plain = f.registration();
        plain.server_url = "http://btcpay.example.com";
        REQUIRE_THROWS_CODE(merchants->register_store(f.user, plain), Errc::bad_uri);
        plain.server_url = "ftp://btcpay.example.com";
        REQUIRE_THROWS_CODE(merchants->register_store(f.user, plain), Errc::bad_uri);
        plain.server_url = "http://127.evil.example";  // a name, not the loopback address
        REQUIRE_THROWS_CODE(merchants->register_store(f.user, plain), Errc::bad_uri);
        plain.server_url = "http://abcdefghijklmnop.onion";
        CHECK_NOTHROW(merchants->register_store(f.user, plain));
        plain.server_url = "http://[::1]:23000";
        CHECK_NOTHROW(merchants->register_store(f.user, plain));
        plain.server_url = "https://btcpay.example.com/btcpay";
        CHECK_NOTHROW(merchants->register_store(f.user, plain));
    }
    SECTION("fields are required and bounded") {
        StoreRegistration bad = f.registration();
        bad.api_key = "";
        REQUIRE_THROWS_CODE(merchants->register_store(f.user, bad), Errc::bad_argument);
        bad = f.registration();
        bad.store_id = "with space";
        REQUIRE_THROWS_CODE(merchants->register_store(f.user, bad), Errc::bad_argument);
        bad = f.registration();
        bad.webhook_secret = std::string(257, 's');
        REQUIRE_THROWS_CODE(merchants->register_store(f.user, bad), Errc::bad_argument);
    }
    SECTION("invoices: only the user's merchants, sensible amounts") {
        CHECK_THROWS_AS(merchants->create_invoice("another user", {.merchant_id = merchant.id, .amount = "1", .currency = "BTC"}),
                        UnknownMerchant);
        CHECK_THROWS_AS(merchants->invoices("another user", merchant.id, 10), UnknownMerchant);
        for (const char* amount : {"0", "0.000", "-1", "1e3", "abc", ""}) {
            INFO(amount);
            REQUIRE_THROWS_CODE(merchants->create_invoice(f.user, {.merchant_id = merchant.id, .amount = amount, .currency = "BTC"}),
                                Errc::bad_argument);
        }
        REQUIRE_THROWS_CODE(merchants->create_invoice(f.user, {.merchant_id = merchant.id, .amount = "1", .currency = "B"}),
                            Errc::bad_argument);
        REQUIRE_THROWS_CODE(merchants->create_invoice(f.user, {.merchant_id = merchant.id, .amount = "1", .currency = "BTC",
                                                               .expiration_minutes = 0}),
                            Errc::bad_argument);
        CHECK(f.btcpay.requests("/api/v1/stores") == 0);  // none of these reached BTCPay
    }
    SECTION("an invoice BTCPay refuses is not recorded") {
        f.btcpay.fault("/api/v1/stores", BtcpayServer::Fault::bad_gateway);
        CHECK_THROWS_AS(merchants->create_invoice(f.user, {.merchant_id = merchant.id, .amount = "1", .currency = "BTC"}),
                        BtcpayError);
        CHECK(merchants->invoices(f.user, std::nullopt, 10).empty());
    }
    SECTION("an invoice whose payment methods cannot be read is recorded, and says so") {
        f.btcpay.fault("/api/v1/stores/" + f.store.id + "/invoices/", BtcpayServer::Fault::malformed);
        const CreatedInvoice created =
            merchants->create_invoice(f.user, {.merchant_id = merchant.id, .amount = "1", .currency = "BTC"});
        CHECK(created.payment_methods.empty());
        REQUIRE(created.payment_methods_error);
        CHECK(created.payment_methods_error->find("malformed") != std::string::npos);
        CHECK(merchants->invoices(f.user, merchant.id, 10).size() == 1);
    }
}
