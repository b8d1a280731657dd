// NUT-20 mint-quote signatures: the message bytes, the valid and the invalid signature of
// cashu/20-test.md (read from shared/vectors), and a sign/verify round trip.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "core/cashu/nut20.hpp"
#include "core/cashu/proof_json.hpp"
#include "core/codec/hex.hpp"
#include "support/errors.hpp"
#include "support/markdown_vectors.hpp"
#include "support/vectors.hpp"

using namespace flash;
using namespace flash::cashu;
using codec::hex_decode;
using nlohmann::json;

namespace {

const crypto::PublicKey quote_pubkey =
    codec::hex_decode_array<33>("03d56ce4e446a85bbdaa547b4ec2b073d40ff802831352b8272b7dd7a4de5a7cac");

std::vector<BlindedMessage> outputs_of(const json& request) {
    std::vector<BlindedMessage> outputs;
    for (const json& o : request["outputs"]) outputs.push_back(blinded_message_from_json(o));
    return outputs;
}

/// The message of the vector file: a bracketed list of byte values in a plain ``` block.
Bytes expected_message(const std::string& text) {
    const std::size_t start = text.find("```\n[");
    const std::size_t end = text.find(']', start);
    Bytes bytes;
    for (const json& value : json::parse(text.substr(start + 4, end - start - 3))) bytes.push_back(value.get<std::uint8_t>());
    return bytes;
}

}  // namespace

TEST_CASE("NUT-20 vectors", "[cashu][nut20]") {
    const std::string text = test::read_vector_text("cashu/20-test.md");
    const auto md = test::parse_markdown_vectors(text);
    REQUIRE(md.blocks.size() == 2);
    const json& valid = md.blocks[0];
    const json& invalid = md.blocks[1];
    const std::vector<BlindedMessage> outputs = outputs_of(valid);
    const std::string quote = valid["quote"].get<std::string>();

    CHECK(nut20_message(quote, outputs) == expected_message(text));
    CHECK(nut20_verify(quote, outputs, quote_pubkey, hex_decode(valid["signature"].get<std::string>())));
    CHECK_FALSE(nut20_verify(invalid["quote"].get<std::string>(), outputs_of(invalid), quote_pubkey,
                             hex_decode(invalid["signature"].get<std::string>())));
}

TEST_CASE("NUT-20 sign, verify and rejections", "[cashu][nut20]") {
    const auto md = test::load_markdown_vectors("cashu/20-test.md");
    std::vector<BlindedMessage> outputs = outputs_of(md.blocks[0]);
    const crypto::SecretKey key = crypto::secret_key_from(hex_decode(std::string(62, '0') + "2a"));
    const crypto::Signature64 sig = nut20_sign("quote-1", outputs, key, ByteArray<32>{});
    const crypto::PublicKey pubkey = crypto::public_key(key);

    CHECK(nut20_verify("quote-1", outputs, pubkey, sig));
    CHECK_FALSE(nut20_verify("quote-2", outputs, pubkey, sig));
    CHECK_FALSE(nut20_verify("quote-1", outputs, quote_pubkey, sig));
    CHECK_FALSE(nut20_verify("quote-1", outputs, pubkey, ByteView(sig).first(63)));
    CHECK_FALSE(nut20_verify("quote-1", outputs, crypto::PublicKey{}, sig));  // not a point
    std::swap(outputs[0], outputs[1]);  // the order of the outputs is signed
    CHECK_FALSE(nut20_verify("quote-1", outputs, pubkey, sig));
    test::require_error(Errc::bad_length, [&] { nut20_sign("quote-1", outputs, key, Bytes(31)); });
}
