// Invoices with a description hash (BOLT 11 `h`, what LNURL-pay needs): the fake backend signs
// them itself, the LND backend asks AddInvoice for `description_hash`; both carry `h` and no `d`,
// settle like any other invoice, and pass the core's LNURL-pay check.
#include <catch2/catch.hpp>
#include <chrono>

#include "core/crypto/hash.hpp"
#include "core/lightning/bolt11.hpp"
#include "core/lightning/lnurl_pay.hpp"
#include "lnd_fixture.hpp"
#include "node/lightning/fake_backend.hpp"
#include "support/errors.hpp"
#include "support/temp_dir.hpp"

using namespace flash;
using namespace flash::node::lightning;
namespace bolt11 = flash::lightning::bolt11;
using namespace std::chrono_literals;

namespace {

const std::string metadata = R"([["text/plain","Payment to alice@example.com"],["text/identifier","alice@example.com"]])";

void check_hashed(const Invoice& invoice, std::uint64_t amount_msat) {
    const bolt11::SignedInvoice decoded = bolt11::decode(invoice.bolt11);
    CHECK(decoded.invoice.amount_msat == amount_msat);
    CHECK(decoded.invoice.description_hash() == flash::lightning::lnurl::metadata_hash(metadata));
    CHECK_FALSE(decoded.invoice.description());
    CHECK(decoded.invoice.payment_hash() == invoice.payment_hash);
    CHECK(invoice.expiry_unix == decoded.invoice.timestamp + 600);
}

}  // namespace

TEST_CASE("fake: an invoice with a description hash", "[fake-lightning]") {
    test::TempDir dir;
    std::int64_t now_ms = 1'700'000'000'000;
    FakeLightningBackend fake(dir.str(), crypto::secret_key_from(crypto::sha256(as_bytes("node"))), 1000ms,
                              [&] { return now_ms; });
    const Invoice invoice = fake.create_invoice_with_hash(21'000, flash::lightning::lnurl::metadata_hash(metadata), 600);
    check_hashed(invoice, 21'000);
    CHECK(bolt11::decode(invoice.bolt11).payee == fake.node_id());

    CHECK(fake.invoice_state(invoice.payment_hash) == InvoiceState::open);
    now_ms += 1000;
    CHECK(fake.invoice_state(invoice.payment_hash) == InvoiceState::settled);
    REQUIRE_THROWS_CODE(fake.create_invoice_with_hash(0, ByteArray<32>{}, 600), Errc::bad_argument);
}

TEST_CASE("lnd: an invoice with a description hash", "[lnd]") {
    test::LndFixture f;
    auto lnd = f.open();
    const Invoice invoice = lnd->create_invoice_with_hash(21'000, flash::lightning::lnurl::metadata_hash(metadata), 600);
    check_hashed(invoice, 21'000);
    CHECK(lnd->invoice_state(invoice.payment_hash) == InvoiceState::open);
    CHECK(f.server.requests("/v1/invoices") == 1);

    REQUIRE_THROWS_CODE(lnd->create_invoice_with_hash(0, ByteArray<32>{}, 600), Errc::bad_argument);
    CHECK(f.server.requests("/v1/invoices") == 1);
}
