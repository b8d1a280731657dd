// What goes wrong between flash-node and LND ends as LightningError, never as a crash: a refused
// macaroon, a certificate that is not the pinned one, malformed JSON, timeouts, LND not there.
#include <catch2/catch.hpp>
#include <fstream>

#include "core/codec/hex.hpp"
#include "core/crypto/random.hpp"
#include "lnd_fixture.hpp"
#include "support/errors.hpp"
#include "support/temp_dir.hpp"

using namespace flash;
using namespace flash::node::lightning;
using Fault = test::LndRestServer::Fault;

namespace {

/// The message of the LightningError `f` throws ("" if it throws none).
template <class F>
std::string lightning_error(F&& f) {
    try {
        f();
    } catch (const LightningError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("lnd: a refused macaroon is a LightningError with LND's message", "[lnd]") {
    test::LndFixture f;
    test::TempDir dir;
    LndOptions options = f.options();
    options.connection.macaroon_file = dir.file("wrong.macaroon");
    std::ofstream(options.connection.macaroon_file, std::ios::binary) << "not the macaroon LND made";

    SECTION("as LND answers it: 500, gRPC code 2") {
        auto lnd = test::LndFixture::open(options);
        CHECK_THAT(lightning_error([&] { lnd->create_invoice(1000, "x", 60); }),
                   Catch::Contains("verification failed"));
        CHECK_THAT(lightning_error([&] { lnd->pay(f.server.foreign_invoice(1000, "x"), 1000); }),
                   Catch::Contains("verification failed"));
        CHECK_FALSE(lightning_error([&] { lnd->payment(ByteArray<32>{}); }).empty());
        CHECK_FALSE(lightning_error([&] { lnd->wallet_balance(); }).empty());
    }
    SECTION("as a proxy in front of LND might: 401 and 403") {
        for (const unsigned status : {401u, 403u}) {
            f.server.auth_failure_status(status);
            auto lnd = test::LndFixture::open(options);
            CHECK_THAT(lightning_error([&] { lnd->channel_balances(); }), Catch::Contains("verification failed"));
            // A track stream refused this way is an error, not "unknown" (which would let the mint pay again).
            CHECK_FALSE(lightning_error([&] { lnd->payment(ByteArray<32>{}); }).empty());
        }
    }
    SECTION("the subscription keeps retrying and never counts as a source of truth") {
        auto lnd = test::LndFixture::open(options);
        REQUIRE(test::eventually([&] { return lnd->watch().connections() >= 3; }));
    }
}

TEST_CASE("lnd: macaroon and certificate files that cannot be used are configuration errors", "[lnd]") {
    test::LndFixture f;
    test::TempDir dir;
    LndOptions options = f.options();
    options.connection.macaroon_file = dir.file("missing.macaroon");
    REQUIRE_THROWS_CODE(test::LndFixture::open(options), Errc::bad_config);
    std::ofstream(dir.file("empty.macaroon"));
    options.connection.macaroon_file = dir.file("empty.macaroon");
    REQUIRE_THROWS_CODE(test::LndFixture::open(options), Errc::bad_config);

    options = f.options();
    options.connection.tls_cert_file = dir.file("missing.cert");
    REQUIRE_THROWS_CODE(test::LndFixture::open(options), Errc::bad_config);
    std::ofstream(dir.file("not-a.cert")) << "hello";
    options.connection.tls_cert_file = dir.file("not-a.cert");
    REQUIRE_THROWS_CODE(test::LndFixture::open(options), Errc::bad_config);

    options = f.options();
    options.connection.rest_url = "ftp://127.0.0.1:8080";
    REQUIRE_THROWS_CODE(test::LndFixture::open(options), Errc::bad_config);
}

TEST_CASE("lnd: the macaroon file may hold hex", "[lnd]") {
    test::LndFixture f;
    test::TempDir dir;
    std::ifstream in(f.server.macaroon_file(), std::ios::binary);
    const std::string binary((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    LndOptions options = f.options();
    options.connection.macaroon_file = dir.file("admin.macaroon.hex");
    std::ofstream(options.connection.macaroon_file) << codec::hex_encode(as_bytes(binary)) << "\n";
    CHECK(test::LndFixture::open(options)->wallet_balance().confirmed_sat == 100'000);
}

TEST_CASE("lnd: only the pinned certificate is trusted", "[lnd]") {
    test::LndFixture f;
    LndOptions options = f.options();

    SECTION("another self-signed certificate") {
        options.connection.tls_cert_file = f.server.other_cert_file();
    }
    SECTION("the system's CA store (LND's certificate is self-signed)") {
        options.connection.tls_cert_file.reset();
    }
    auto lnd = test::LndFixture::open(options);
    CHECK_THAT(lightning_error([&] { lnd->create_invoice(1000, "x", 60); }), Catch::Contains("TLS"));
    CHECK_FALSE(lightning_error([&] { lnd->pay(f.server.foreign_invoice(1000, "x"), 1000); }).empty());
    CHECK(f.server.requests("/v1/invoices") == 0);
    CHECK(f.server.requests("/v1/getinfo") == 0);
}

TEST_CASE("lnd: malformed answers are LightningErrors", "[lnd]") {
    test::LndFixture f;
    auto lnd = f.open();
    const std::string invoice = f.server.foreign_invoice(1000, "x");
    REQUIRE(lnd->decode(invoice).amount_msat == 1000);  // getinfo answered before the faults

    SECTION("not JSON") {
        for (const char* path : {"/v1/invoices", "/v2/router/send", "/v2/router/track/", "/v1/balance/", "/v1/channels"})
            f.server.fault(path, Fault::malformed);
        CHECK_THAT(lightning_error([&] { lnd->create_invoice(1000, "x", 60); }), Catch::Contains("malformed"));
        CHECK_THAT(lightning_error([&] { lnd->pay(invoice, 1000); }), Catch::Contains("malformed"));
        CHECK_THAT(lightning_error([&] { lnd->payment(ByteArray<32>{}); }), Catch::Contains("malformed"));
        CHECK_THAT(lightning_error([&] { lnd->channel_balances(); }), Catch::Contains("malformed"));
        CHECK_THAT(lightning_error([&] { lnd->wallet_balance(); }), Catch::Contains("malformed"));
    }
    SECTION("JSON of the wrong shape") {
        for (const char* path : {"/v1/invoices", "/v2/router/send", "/v2/router/track/", "/v1/balance/", "/v1/channels",
                                 "/v2/invoices/lookup"})
            f.server.fault(path, Fault::wrong_types);
        CHECK_THAT(lightning_error([&] { lnd->create_invoice(1000, "x", 60); }), Catch::Contains("malformed"));
        CHECK_THAT(lightning_error([&] { lnd->pay(invoice, 1000); }), Catch::Contains("malformed"));
        CHECK_THAT(lightning_error([&] { lnd->payment(ByteArray<32>{}); }), Catch::Contains("malformed"));
        CHECK_THAT(lightning_error([&] { lnd->channel_balances(); }), Catch::Contains("malformed"));
        CHECK_THAT(lightning_error([&] { lnd->wallet_balance(); }), Catch::Contains("malformed"));
        CHECK_THAT(lightning_error([&] { lnd->invoice_state(crypto::random_array<32>()); }), Catch::Contains("malformed"));
    }
}

TEST_CASE("lnd: a silent LND times out", "[lnd]") {
    test::LndFixture f;
    LndOptions options = f.options();
    options.connection.timeout = std::chrono::milliseconds(300);
    auto lnd = test::LndFixture::open(options);
    const std::string invoice = f.server.foreign_invoice(1000, "x");
    REQUIRE(lnd->decode(invoice).amount_msat == 1000);
    f.server.fault("/v1/balance/blockchain", Fault::stall);
    f.server.fault("/v2/router/send", Fault::stall);

    const auto started = std::chrono::steady_clock::now();
    CHECK_THAT(lightning_error([&] { lnd->wallet_balance(); }), Catch::Contains("timed out"));
    CHECK_THAT(lightning_error([&] { lnd->pay(invoice, 1000); }), Catch::Contains("timed out"));
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(3));
}

TEST_CASE("lnd: LND not listening is a LightningError", "[lnd]") {
    test::TempDir dir;
    LndOptions options;
    {
        test::LndFixture gone;
        options = gone.options();
    }  // its port is closed now (and its files gone: no pin, a macaroon of our own)
    options.connection.tls_cert_file.reset();
    options.connection.macaroon_file = dir.file("admin.macaroon");
    std::ofstream(options.connection.macaroon_file, std::ios::binary) << "macaroon";
    auto lnd = test::LndFixture::open(options);
    CHECK_THAT(lightning_error([&] { lnd->wallet_balance(); }), Catch::Contains("unreachable"));
    CHECK_THAT(lightning_error([&] { lnd->payment(ByteArray<32>{}); }), Catch::Contains("unreachable"));
    CHECK_FALSE(lnd->watch().live());
}
