// The Coinbase exchange-rate source: the strict parser of its answer, valid and malformed, and the
// client against a loopback HTTPS server (its certificate pinned) that answers like Coinbase, or
// with an error status, garbage, or not at all.
#include <catch2/catch.hpp>
#include <fstream>
#include <future>
#include <optional>
#include <thread>

#include "node/rates/coinbase_rates.hpp"
#include "support/self_signed_cert.hpp"
#include "support/temp_dir.hpp"

using namespace flash::node;
using namespace flash::node::rates;

namespace {

/// The shape of Coinbase's answer, with fiat and crypto currencies mixed as in the real one.
const std::string coinbase_answer = R"({"data":{"currency":"BTC","rates":{
    "AED":"338041.77","BRL":"512345.6789","CHF":"74321.1","ETH":"31.4159","EUR":"80123.45",
    "GBP":"69000","JPY":"14400000.5","USD":"92034.120000000000001","XAU":"28.1"}}})";

/// The RateErrc that `f` throws, or nullopt.
template <class F>
std::optional<RateErrc> rate_error(F&& f) {
    try {
        f();
    } catch (const RateError& e) {
        return e.code();
    }
    return std::nullopt;
}

std::string with_rates(const std::string& rates) {
    return R"({"data":{"currency":"BTC","rates":)" + rates + "}}";
}

/// An HTTPS server on 127.0.0.1 that accepts one connection, reads one request and answers with
/// `response` (raw HTTP) or, when `response` is empty, closes without a word.
class OneShotTlsServer {
public:
    explicit OneShotTlsServer(std::string response)
        : identity_(flash::test::make_self_signed_certificate("rates test")),
          tls_(asio::ssl::context::tls_server),
          acceptor_(io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
        tls_.use_certificate_chain(asio::buffer(identity_.cert_pem));
        tls_.use_private_key(asio::buffer(identity_.key_pem), asio::ssl::context::pem);
        std::ofstream(dir_.file("cert.pem")) << identity_.cert_pem;
        thread_ = std::thread([this, response = std::move(response)] {
            boost::system::error_code ec;
            asio::ssl::stream<tcp::socket> stream(io_, tls_);
            acceptor_.accept(stream.next_layer(), ec);
            if (!ec) stream.handshake(asio::ssl::stream_base::server, ec);
            std::string request;
            if (!ec) {
                asio::streambuf buffer;
                asio::read_until(stream, buffer, "\r\n\r\n", ec);
                request.assign(asio::buffers_begin(buffer.data()), asio::buffers_end(buffer.data()));
            }
            request_.set_value(request);
            if (!ec && !response.empty()) asio::write(stream, asio::buffer(response), ec);
            stream.shutdown(ec);
        });
    }
    ~OneShotTlsServer() { thread_.join(); }

    std::string url() const { return "https://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port()); }
    std::string cert_file() const { return dir_.file("cert.pem"); }
    std::string request() { return request_future_.get(); }

private:
    flash::test::TempDir dir_;
    flash::test::SelfSignedCertificate identity_;
    asio::io_context io_;
    asio::ssl::context tls_;
    tcp::acceptor acceptor_;
    std::promise<std::string> request_;
    std::future<std::string> request_future_ = request_.get_future();
    std::thread thread_;
};

std::string http_answer(const std::string& status, const std::string& body) {
    return "HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
           "\r\nConnection: close\r\n\r\n" + body;
}

CoinbaseRates client_of(const OneShotTlsServer& server) {
    return CoinbaseRates({.url = server.url(), .pinned_cert_file = server.cert_file(), .timeout = std::chrono::seconds(5)});
}

}  // namespace

TEST_CASE("coinbase rates: the fiat currencies of a valid answer, stamped with the fetch time", "[rates]") {
    const FiatRates rates = parse_coinbase_rates(coinbase_answer, 1'700'000'123);
    REQUIRE(rates.size() == 5);  // AED, ETH, JPY, XAU are not offered
    CHECK(rates.at("EUR").per_btc == Approx(80123.45));
    CHECK(rates.at("USD").per_btc == Approx(92034.12));
    CHECK(rates.at("GBP").per_btc == 69000);
    CHECK(rates.at("CHF").per_btc == Approx(74321.1));
    CHECK(rates.at("BRL").per_btc == Approx(512345.6789));
    for (const auto& [code, rate] : rates) CHECK(rate.at == 1'700'000'123);

    // A currency the source stopped quoting is left out; the others still count.
    const FiatRates some = parse_coinbase_rates(with_rates(R"({"EUR":"80000","ETH":"30"})"), 5);
    REQUIRE(some.size() == 1);
    CHECK(some.at("EUR").per_btc == 80000);
}

TEST_CASE("coinbase rates: malformed answers are refused with a typed error", "[rates]") {
    const char* const bodies[] = {
        "",
        "not json",
        R"({"data":{"currency":"BTC","rates":{"EUR":"1"}}} trailing)",
        "[]",
        "{}",
        R"({"data":[]})",
        R"({"data":{"rates":{"EUR":"80000"}}})",                      // no base currency
        R"({"data":{"currency":"USD","rates":{"EUR":"0.92"}}})",      // the rates of another currency
        R"({"data":{"currency":"BTC"}})",
        R"({"data":{"currency":"BTC","rates":["EUR","80000"]}})",
        R"({"errors":[{"id":"not_found","message":"Invalid currency"}]})",
    };
    for (const char* body : bodies) {
        INFO(body);
        CHECK(rate_error([&] { parse_coinbase_rates(body, 0); }) == RateErrc::malformed);
    }
    const char* const values[] = {
        R"({})",                        // no rates at all
        R"({"ETH":"30","JPY":"1e7"})",  // none the app offers
        R"({"EUR":80000})",             // a number, not the documented string
        R"({"EUR":null})",
        R"({"EUR":""})",
        R"({"EUR":"-80000"})",
        R"({"EUR":"+80000"})",
        R"({"EUR":"0"})",
        R"({"EUR":"0.000"})",
        R"({"EUR":"8e4"})",
        R"({"EUR":"80000."})",
        R"({"EUR":".5"})",
        R"({"EUR":"80,000"})",
        R"({"EUR":" 80000"})",
        R"({"EUR":"80000","USD":"NaN"})",  // one bad rate spoils the answer
        R"({"EUR":"80000","USD":"inf"})",
        R"({"EUR":"1234567890123456789012345678901234567890123"})",
    };
    for (const char* rates : values) {
        INFO(rates);
        CHECK(rate_error([&] { parse_coinbase_rates(with_rates(rates), 0); }) == RateErrc::malformed);
    }
    // An answer far over any real size is refused before it is parsed.
    CHECK(rate_error([&] { parse_coinbase_rates(with_rates(R"({"EUR":"1","X":")" + std::string(2 << 20, 'x') + "\"}"), 0); }) ==
          RateErrc::malformed);
}

TEST_CASE("coinbase rates: the client asks for BTC's rates over HTTPS and parses the answer", "[rates]") {
    OneShotTlsServer server(http_answer("200 OK", coinbase_answer));
    CoinbaseRates client = client_of(server);
    CHECK(client.name() == "coinbase");
    const FiatRates rates = client.fetch(42);
    CHECK(rates.size() == 5);
    CHECK(rates.at("EUR").per_btc == Approx(80123.45));
    CHECK(rates.at("EUR").at == 42);
    const std::string request = server.request();
    CHECK(request.rfind("GET /v2/exchange-rates?currency=BTC HTTP/1.1\r\n", 0) == 0);
    CHECK(request.find("Accept: application/json\r\n") != std::string::npos);
}

TEST_CASE("coinbase rates: the source's failures are RateErrors", "[rates]") {
    SECTION("an error status") {
        OneShotTlsServer server(http_answer("503 Service Unavailable", R"({"errors":[{"id":"internal_server_error"}]})"));
        CHECK(rate_error([&] { client_of(server).fetch(0); }) == RateErrc::unavailable);
    }
    SECTION("garbage with 200") {
        OneShotTlsServer server(http_answer("200 OK", "<html>rate limited</html>"));
        CHECK(rate_error([&] { client_of(server).fetch(0); }) == RateErrc::malformed);
    }
    SECTION("the connection closes without an answer") {
        OneShotTlsServer server("");
        CHECK(rate_error([&] { client_of(server).fetch(0); }) == RateErrc::unavailable);
    }
    SECTION("a certificate other than the pinned one") {
        OneShotTlsServer server(http_answer("200 OK", coinbase_answer));
        OneShotTlsServer other(http_answer("200 OK", coinbase_answer));
        CoinbaseRates client({.url = server.url(), .pinned_cert_file = other.cert_file()});
        CHECK(rate_error([&] { client.fetch(0); }) == RateErrc::unavailable);
        // Unblock the other server, which nobody called.
        CoinbaseRates({.url = other.url(), .pinned_cert_file = other.cert_file()}).fetch(0);
    }
    SECTION("nobody listening") {
        std::uint16_t port = 0;
        {
            asio::io_context io;
            tcp::acceptor probe(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
            port = probe.local_endpoint().port();
        }
        CoinbaseRates client({.url = "https://127.0.0.1:" + std::to_string(port), .timeout = std::chrono::seconds(2)});
        CHECK(rate_error([&] { client.fetch(0); }) == RateErrc::unavailable);
    }
}
