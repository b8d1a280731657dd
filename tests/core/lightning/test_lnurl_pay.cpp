// LNURL-pay (LUD-06) with comments (LUD-12), lightning-address identifiers (LUD-16) and success
// actions (LUD-09, LUD-10): the wallet's parsing and its two required checks on the invoice, and
// the service side flash-node uses to serve lightning addresses. The payRequest metadata is the
// example string of lnurl/luds 06.md; invoices are signed here with a test key.
#include <catch2/catch.hpp>
#include <functional>
#include <string>

#include "core/codec/base64.hpp"
#include "core/codec/hex.hpp"
#include "core/crypto/hash.hpp"
#include "core/lightning/bolt11.hpp"
#include "core/lightning/lnurl.hpp"
#include "core/lightning/lnurl_pay.hpp"
#include "core/lightning/lnurl_pay_service.hpp"
#include "support/errors.hpp"

using namespace flash;
using namespace flash::lightning;
using namespace flash::lightning::lnurl;
using test::require_error;
using nlohmann::json;

namespace {

// LUD-06 step 3: the metadata "sent as a string" (note the space after the comma: the hash is
// over this exact text, not over a re-serialisation).
const std::string kMetadata = R"([["text/plain", "lorem ipsum blah blah"]])";

json pay_request_json() {
    return {{"callback", "https://service.com/lnurlp/cb?id=42"},
            {"maxSendable", 100'000'000},
            {"minSendable", 1'000},
            {"metadata", kMetadata},
            {"tag", "payRequest"},
            {"commentAllowed", 32}};
}

PayRequest pay_request() { return parse_pay_request(pay_request_json().dump()); }

crypto::SecretKey node_key() { return crypto::secret_key_from(crypto::sha256(as_bytes("lnurl-pay test node"))); }

// An invoice as a service would make it: description hash of `metadata`, amount `msat`.
std::string invoice_for(std::string_view metadata, std::optional<std::uint64_t> msat) {
    bolt11::Invoice inv;
    inv.amount_msat = msat;
    inv.timestamp = 1'700'000'000;
    inv.fields = {bolt11::PaymentHash{crypto::sha256(as_bytes("preimage"))},
                  bolt11::PaymentSecret{crypto::sha256(as_bytes("secret"))},
                  bolt11::DescriptionHash{metadata_hash(metadata)},
                  bolt11::Features{{8, 14}}};
    return bolt11::encode(inv, node_key());
}

std::string answer_with(const std::string& pr, const json& extra = json::object()) {
    json answer = {{"pr", pr}, {"routes", json::array()}};
    answer.update(extra);
    return answer.dump();
}

}  // namespace

TEST_CASE("LUD-06: a payRequest parses", "[lightning][lnurl][lnurl-pay]") {
    const PayRequest request = pay_request();
    CHECK(request.callback.text == "https://service.com/lnurlp/cb?id=42");
    CHECK(request.min_sendable_msat == 1'000);
    CHECK(request.max_sendable_msat == 100'000'000);
    CHECK(request.comment_allowed == 32);
    CHECK(request.metadata.raw == kMetadata);
    CHECK(request.metadata.text == "lorem ipsum blah blah");
    CHECK_FALSE(request.metadata.image);
    CHECK(metadata_hash(kMetadata) == crypto::sha256(as_bytes(kMetadata)));

    json no_comment = pay_request_json();
    no_comment.erase("commentAllowed");
    CHECK(parse_pay_request(no_comment.dump()).comment_allowed == 0);  // LUD-12: absent means 0

    json rich = pay_request_json();
    const std::string png = codec::base64_encode(Bytes{0x89, 'P', 'N', 'G'});
    rich["metadata"] = json::array({{"text/plain", "Coffee"},
                                    {"text/long-desc", "A cup of coffee\nwith milk"},
                                    {"image/png;base64", png},
                                    {"text/identifier", "bob@service.com"},
                                    {"x-future/type", {{"any", "json"}}, 42}})
                           .dump();
    rich["maxSendable"] = 1000.0;  // a JavaScript service's integral float
    const PayRequest parsed = parse_pay_request(rich.dump(), true);
    CHECK(parsed.metadata.long_text == "A cup of coffee\nwith milk");
    CHECK(parsed.metadata.identifier == "bob@service.com");
    REQUIRE(parsed.metadata.image);
    CHECK(parsed.metadata.image->mime == "image/png");
    CHECK(parsed.metadata.image->data == Bytes{0x89, 'P', 'N', 'G'});
    CHECK(parsed.max_sendable_msat == 1000);
}

TEST_CASE("LUD-06: malformed payRequests are refused", "[lightning][lnurl][lnurl-pay]") {
    const auto refused = [](const std::function<void(json&)>& change, Errc code = Errc::bad_lnurl) {
        json answer = pay_request_json();
        change(answer);
        require_error(code, [&] { parse_pay_request(answer.dump()); });
    };
    refused([](json& a) { a["tag"] = "withdrawRequest"; });
    refused([](json& a) { a.erase("tag"); });
    refused([](json& a) { a.erase("callback"); });
    refused([](json& a) { a["callback"] = "http://service.com/cb"; });
    refused([](json& a) { a["callback"] = 7; });
    refused([](json& a) { a["minSendable"] = 0; });
    refused([](json& a) { a["minSendable"] = -1; });
    refused([](json& a) { a["minSendable"] = 1000.5; });
    refused([](json& a) { a["minSendable"] = "1000"; });
    refused([](json& a) { a["minSendable"] = 200'000'000; });  // above maxSendable
    refused([](json& a) { a["maxSendable"] = 3'000'000'000'000'000'000ull; });  // above 21M BTC
    refused([](json& a) { a.erase("metadata"); });
    refused([](json& a) { a["metadata"] = json::array({json::array({"text/plain", "x"})}); });  // not a string
    refused([](json& a) { a["metadata"] = "not json"; });
    refused([](json& a) { a["metadata"] = R"({"text/plain": "x"})"; });
    refused([](json& a) { a["metadata"] = R"([["text/long-desc", "no plain text"]])"; });
    refused([](json& a) { a["metadata"] = R"([["text/plain", "a"], ["text/plain", "b"]])"; });
    refused([](json& a) { a["metadata"] = R"([["text/plain", 5]])"; });
    refused([](json& a) { a["metadata"] = R"([["text/plain"]])"; });
    refused([](json& a) { a["metadata"] = R"([["text/plain", "a"], "loose string"])"; });
    refused([](json& a) { a["metadata"] = R"([["text/plain", "a"], [7, "x"]])"; });
    refused([](json& a) { a["metadata"] = R"([["text/plain", "a"], []])"; });
    refused([](json& a) { a["metadata"] = R"([["text/plain", "a"], ["image/png;base64", "AA=="], ["image/jpeg;base64", "AA=="]])"; });
    refused([](json& a) { a["metadata"] = R"([["text/plain", "a"], ["image/png;base64", "not base64!"]])"; });
    refused([](json& a) {
        a["metadata"] = json::array({{"text/plain", "a"}, {"image/jpeg;base64", std::string(max_image_base64 + 4, 'A')}}).dump();
    });
    refused([](json& a) { a["commentAllowed"] = -5; });
    refused([](json& a) { a["commentAllowed"] = "ten"; });
    refused([](json& a) { a = {{"status", "ERROR"}, {"reason", "user unknown"}}; }, Errc::service_error);
    require_error(Errc::bad_json, [] { parse_pay_request("{\"tag\": \"payRequest\""); });

    // LUD-16: a lightning address's metadata names it.
    require_error(Errc::bad_lnurl, [] { parse_pay_request(pay_request_json().dump(), true); });
    json with_email = pay_request_json();
    with_email["metadata"] = R"([["text/plain", "a"], ["text/email", "bob@service.com"]])";
    CHECK(parse_pay_request(with_email.dump(), true).metadata.email == "bob@service.com");
}

TEST_CASE("LUD-06/12: the callback URL for an amount and a comment", "[lightning][lnurl][lnurl-pay]") {
    const PayRequest request = pay_request();
    CHECK(pay_callback_url(request, 5'000) == "https://service.com/lnurlp/cb?id=42&amount=5000");
    CHECK(pay_callback_url(request, 1'000, "thanks & cheers") ==
          "https://service.com/lnurlp/cb?id=42&amount=1000&comment=thanks%20%26%20cheers");
    CHECK(pay_callback_url(request, 100'000'000, std::string(32, 'x')).ends_with("amount=100000000&comment=" + std::string(32, 'x')));
    // 32 characters of two bytes each are still 32 characters.
    std::string accents;
    for (int i = 0; i < 32; ++i) accents += "\xC3\xA9";
    CHECK_NOTHROW(pay_callback_url(request, 5'000, accents));

    require_error(Errc::bad_argument, [&] { pay_callback_url(request, 999); });
    require_error(Errc::bad_argument, [&] { pay_callback_url(request, 100'000'001); });
    require_error(Errc::bad_argument, [&] { pay_callback_url(request, 5'000, std::string(33, 'x')); });
    require_error(Errc::bad_argument, [&] { pay_callback_url(request, 5'000, "\xff"); });
    PayRequest no_comments = request;
    no_comments.comment_allowed = 0;
    require_error(Errc::bad_argument, [&] { pay_callback_url(no_comments, 5'000, "hi"); });
}

TEST_CASE("LUD-06: the invoice answer and the two required checks", "[lightning][lnurl][lnurl-pay]") {
    const PayRequest request = pay_request();
    const std::string pr = invoice_for(kMetadata, 5'000);
    const PayInvoice ok = parse_pay_invoice(request, 5'000, answer_with(pr));
    CHECK(ok.pr == pr);
    CHECK(ok.invoice.invoice.amount_msat == 5'000);
    CHECK(ok.invoice.payee == crypto::public_key(node_key()));
    CHECK_FALSE(ok.success_action);
    CHECK_NOTHROW(parse_pay_invoice(request, 5'000, json{{"pr", pr}}.dump()));  // routes may be absent

    SECTION("the description hash must be sha256 of the metadata string exactly") {
        // The same JSON value written without the space: another string, another hash.
        const std::string respaced = R"([["text/plain","lorem ipsum blah blah"]])";
        require_error(Errc::invoice_mismatch, [&] { parse_pay_invoice(request, 5'000, answer_with(invoice_for(respaced, 5'000))); });
        const std::string other = R"([["text/plain", "lorem ipsum blah blah!"]])";
        require_error(Errc::invoice_mismatch, [&] { parse_pay_invoice(request, 5'000, answer_with(invoice_for(other, 5'000))); });

        // An invoice with a plain description instead of a hash.
        bolt11::Invoice described = bolt11::decode(pr).invoice;
        described.fields[2] = bolt11::Description{"lorem ipsum blah blah"};
        require_error(Errc::invoice_mismatch,
                      [&] { parse_pay_invoice(request, 5'000, answer_with(bolt11::encode(described, node_key()))); });
    }
    SECTION("the amount must be the one requested") {
        require_error(Errc::invoice_mismatch, [&] { parse_pay_invoice(request, 5'000, answer_with(invoice_for(kMetadata, 5'001))); });
        require_error(Errc::invoice_mismatch, [&] { parse_pay_invoice(request, 6'000, answer_with(pr)); });
        require_error(Errc::invoice_mismatch,
                      [&] { parse_pay_invoice(request, 5'000, answer_with(invoice_for(kMetadata, std::nullopt))); });
    }
    SECTION("malformed answers") {
        require_error(Errc::service_error, [&] { parse_pay_invoice(request, 5'000, error_answer("no route")); });
        require_error(Errc::bad_lnurl, [&] { parse_pay_invoice(request, 5'000, json{{"routes", json::array()}}.dump()); });
        require_error(Errc::bad_lnurl, [&] { parse_pay_invoice(request, 5'000, answer_with(pr, {{"routes", "none"}})); });
        require_error(Errc::bad_lnurl, [&] { parse_pay_invoice(request, 5'000, answer_with(pr, {{"pr", 12}})); });
        require_error(Errc::bad_bech32, [&] { parse_pay_invoice(request, 5'000, answer_with("not an invoice")); });
        std::string tampered = pr;
        tampered[tampered.size() - 8] = tampered[tampered.size() - 8] == 'q' ? 'p' : 'q';
        require_error(Errc::bad_checksum, [&] { parse_pay_invoice(request, 5'000, answer_with(tampered)); });
    }
}

TEST_CASE("LUD-09/10: success actions", "[lightning][lnurl][lnurl-pay]") {
    const PayRequest request = pay_request();
    const std::string pr = invoice_for(kMetadata, 5'000);
    const auto action_of = [&](const json& action) {
        return parse_pay_invoice(request, 5'000, answer_with(pr, {{"successAction", action}})).success_action;
    };

    // The LUD-09 examples.
    CHECK(action_of({{"tag", "message"}, {"message", "Thank you for using bike-over-ln co! Your rental bike is unlocked now"}}) ==
          SuccessAction{MessageAction{"Thank you for using bike-over-ln co! Your rental bike is unlocked now"}});
    const json url_action = {{"tag", "url"},
                             {"description", "Thank you for your purchase. Here is your order details"},
                             {"url", "https://service.com/order/123"}};
    CHECK(action_of(url_action) == SuccessAction{UrlAction{"Thank you for your purchase. Here is your order details",
                                                           "https://service.com/order/123"}});
    CHECK_FALSE(action_of(nullptr));

    json elsewhere = url_action;
    elsewhere["url"] = "https://phishing.example/order/123";  // LUD-09: same domain as the callback
    require_error(Errc::bad_lnurl, [&] { action_of(elsewhere); });
    require_error(Errc::bad_lnurl, [&] { action_of({{"tag", "confetti"}}); });  // unsupported: must not pay
    require_error(Errc::bad_lnurl, [&] { action_of({{"tag", "message"}}); });
    require_error(Errc::bad_lnurl, [&] { action_of({{"tag", "message"}, {"message", std::string(145, 'm')}}); });
    require_error(Errc::bad_lnurl, [&] { action_of("message"); });
    std::string long_accents;
    for (int i = 0; i < 144; ++i) long_accents += "\xC3\xA9";
    CHECK_NOTHROW(action_of({{"tag", "message"}, {"message", long_accents}}));

    // LUD-10 aes: ciphertext made with `openssl enc -aes-256-cbc` (key 01 x 32, iv 00..0f, "Secret data").
    ByteArray<32> preimage{};
    preimage.fill(0x01);
    const json aes = {{"tag", "aes"},
                      {"description", "Here is your redeem code"},
                      {"ciphertext", "GwYLQAmrZ3uyoG25dJU1Eg=="},
                      {"iv", "AAECAwQFBgcICQoLDA0ODw=="}};
    const auto parsed = action_of(aes);
    REQUIRE(parsed);
    const AesAction& action = std::get<AesAction>(*parsed);
    CHECK(decrypt_aes_action(action, preimage) == "Secret data");
    CHECK(success_action_json(action) == aes);
    ByteArray<32> wrong = preimage;
    wrong[0] ^= 1;
    require_error(Errc::decrypt_failed, [&] { decrypt_aes_action(action, wrong); });

    const AesAction made = make_aes_action("code", "Secret data", preimage, action.iv);
    CHECK(made.ciphertext == action.ciphertext);
    require_error(Errc::bad_argument, [&] { make_aes_action("code", "", preimage, action.iv); });

    for (const auto& [key, value] : std::vector<std::pair<std::string, std::string>>{
             {"iv", "AAECAwQFBgcICQoLDA0O"},           // 15 bytes
             {"iv", "not base64"},
             {"ciphertext", "AAECAwQFBgcICQoLDA0O"},   // not whole blocks
             {"ciphertext", ""},
             {"ciphertext", std::string(max_action_ciphertext + 4, 'A')}}) {
        json broken = aes;
        broken[key] = value;
        INFO(key << " = " << value.substr(0, 30));
        require_error(Errc::bad_lnurl, [&] { action_of(broken); });
    }
}

TEST_CASE("LNURL-pay service side: a lightning address end to end", "[lightning][lnurl][lnurl-pay]") {
    const std::string metadata = address_metadata("Pay bob on Flash", "Bob@Flash.Example");
    CHECK(metadata == R"([["text/plain","Pay bob on Flash"],["text/identifier","bob@flash.example"]])");
    require_error(Errc::bad_argument, [] { address_metadata("x", "not an address"); });
    require_error(Errc::bad_argument, [] { address_metadata("\xff", "bob@flash.example"); });

    const PayOffer offer{"https://flash.example/lnurl/pay/bob", 1'000, 50'000'000, metadata, 140};
    const std::string first = pay_request_answer(offer);
    const PayRequest request = parse_pay_request(first, true);  // a wallet reaching us through bob@flash.example
    CHECK(request.metadata.identifier == "bob@flash.example");
    CHECK(request.comment_allowed == 140);

    // The wallet's callback, as the node receives it.
    const std::string url = pay_callback_url(request, 21'000, "for the pizza 🍕");
    const std::string query = url.substr(url.find('?') + 1);
    const PayCallback callback = parse_pay_callback(query, offer);
    CHECK(callback.amount_msat == 21'000);
    CHECK(callback.comment == "for the pizza 🍕");

    // The node makes the invoice with h = sha256(metadata) and answers; the wallet's checks pass.
    const std::string answer = invoice_answer(invoice_for(offer.metadata, callback.amount_msat), MessageAction{"Thanks!"});
    const PayInvoice paid = parse_pay_invoice(request, 21'000, answer);
    CHECK(paid.success_action == SuccessAction{MessageAction{"Thanks!"}});

    // Refusals the node turns into {"status":"ERROR"}.
    for (const char* bad : {"", "amount=", "amount=abc", "amount=999", "amount=50000001", "amount=-5", "comment=hi",
                            "amount=1000&comment=%zz", "amount=99999999999999999999"}) {
        INFO(bad);
        require_error(Errc::bad_lnurl, [&] { parse_pay_callback(bad, offer); });
    }
    require_error(Errc::bad_lnurl, [&] { parse_pay_callback("amount=1000&comment=" + std::string(141, 'c'), offer); });
    CHECK_FALSE(parse_pay_callback("amount=1000&comment=", offer).comment);

    // Offers a wallet would refuse are not published.
    PayOffer bad = offer;
    bad.min_sendable_msat = 0;
    require_error(Errc::bad_argument, [&] { pay_request_answer(bad); });
    bad = offer;
    bad.callback = "http://flash.example/cb";
    require_error(Errc::bad_argument, [&] { pay_request_answer(bad); });
    bad = offer;
    bad.metadata = "[]";
    require_error(Errc::bad_argument, [&] { pay_request_answer(bad); });

    // /.well-known/lnurlp/<name>
    CHECK(parse_address_name("bob").user == "bob");
    CHECK_FALSE(parse_address_name("bob").tag);
    const AddressName tagged = parse_address_name("bob+coffee");
    CHECK(tagged.user == "bob");
    CHECK(tagged.tag == "coffee");
    for (const char* bad_name : {"", "Bob", "bo b", "../etc", "+tag", "b%20b"}) {
        INFO(bad_name);
        require_error(Errc::bad_lnurl, [&] { parse_address_name(bad_name); });
    }
}
