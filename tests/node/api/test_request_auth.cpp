// NIP-98 on /api/v1: the URL the client addressed (Host header or a configured public origin), the
// method, the body's hash required for a body, the time window, and no second use of an event.
#include <catch2/catch.hpp>
#include <string>

#include "core/codec/hex.hpp"
#include "core/crypto/hash.hpp"
#include "core/nostr/nip98.hpp"
#include "node/api/request_auth.hpp"

using namespace flash;
using namespace flash::node;
using namespace flash::node::api;

namespace {

constexpr std::int64_t now = 1'700'000'000;

crypto::SecretKey user_key() { return crypto::secret_key_from(crypto::sha256(as_bytes("api user"))); }

Request request(http::verb method, const std::string& target, const std::string& body, const std::string& header) {
    Request r{method, target, 11};
    r.set(http::field::host, "127.0.0.1:8080");
    if (!header.empty()) r.set(http::field::authorization, header);
    r.body() = body;
    r.prepare_payload();
    return r;
}

std::string header_for(const std::string& url, const char* method, const std::string& body, std::int64_t at = now) {
    std::optional<crypto::Hash256> hash;
    if (!body.empty()) hash = crypto::sha256(as_bytes(body));
    return nostr::authorization_header(nostr::sign(nostr::make_http_auth_event(url, method, at, hash), user_key()));
}

std::string refusal(RequestAuthenticator& auth, const Request& r) {
    try {
        auth.authenticate(r, now);
    } catch (const AuthError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("a valid NIP-98 header names the user once", "[api-auth]") {
    RequestAuthenticator auth("http", {});
    const std::string body = R"({"amount_sat":21})";
    const std::string url = "http://127.0.0.1:8080/api/v1/lightning/invoices";
    const Request r = request(http::verb::post, "/api/v1/lightning/invoices", body, header_for(url, "POST", body));
    CHECK(auth.authenticate(r, now) == codec::hex_encode(crypto::xonly_public_key(user_key()).key));
    CHECK(refusal(auth, r) == "this authorization event was used before");

    // The same event signed again in the same second (a second request, not a replay) passes.
    const Request again = request(http::verb::post, "/api/v1/lightning/invoices", body, header_for(url, "POST", body));
    CHECK(refusal(auth, again).empty());
}

TEST_CASE("NIP-98 headers for another request are refused", "[api-auth]") {
    RequestAuthenticator auth("http", {"https://wallet.example"});
    const std::string body = R"({"amount_sat":21})";
    const std::string target = "/api/v1/lightning/invoices";
    const std::string url = "http://127.0.0.1:8080" + target;

    CHECK(refusal(auth, request(http::verb::post, target, body, "")).find("needs a NIP-98") != std::string::npos);
    CHECK(refusal(auth, request(http::verb::post, target, body, "Nostr !!!")).find("unreadable") != std::string::npos);
    CHECK(refusal(auth, request(http::verb::post, target, body, header_for("http://evil.example" + target, "POST", body)))
              .find("another URL") != std::string::npos);
    CHECK(refusal(auth, request(http::verb::post, target, body, header_for(url + "?x=1", "POST", body)))
              .find("another URL") != std::string::npos);
    CHECK(refusal(auth, request(http::verb::post, target, body, header_for(url, "GET", body)))
              .find("another method") != std::string::npos);
    CHECK(refusal(auth, request(http::verb::post, target, body, header_for(url, "POST", R"({"amount_sat":1})")))
              .find("payload") != std::string::npos);
    CHECK(refusal(auth, request(http::verb::post, target, body, header_for(url, "POST", "")))
              .find("payload") != std::string::npos);  // a body needs its hash signed
    CHECK(refusal(auth, request(http::verb::post, target, body, header_for(url, "POST", body, now - 120)))
              .find("too old") != std::string::npos);

    // The configured public origin (a proxy in front of the node) is accepted as well.
    const Request proxied = request(http::verb::post, target, body, header_for("https://wallet.example" + target, "POST", body));
    CHECK(refusal(auth, proxied).empty());
}

TEST_CASE("the http origin of the node's public URL", "[api-auth]") {
    CHECK(http_origin_of("wss://relay.example.org/") == "https://relay.example.org");
    CHECK(http_origin_of("ws://127.0.0.1:8080/") == "http://127.0.0.1:8080");
    CHECK(http_origin_of("https://x.org") == "https://x.org");
    CHECK(http_origin_of("ftp://x.org/").empty());
    CHECK(http_origin_of("x.org").empty());
}
