// Cashu tokens (NUT-00): every token vector of cashu/00-tests.md (V3 cashuA, V4 cashuB, craw),
// read from shared/vectors and compared as decoded structures; random round trips with DLEQ and
// witness; amounts up to 2^64-1; rejection of malformed tokens with Error(bad_token).
//
// The vector file's V4 "JSON" shows byte strings as h'hex' and has trailing commas, so the shared
// Markdown loader (which parses ```json blocks strictly) does not fit: a small local reader
// splits the file into fenced blocks under their headings.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "core/cashu/proof_json.hpp"
#include "core/cashu/token.hpp"
#include "core/codec/base64.hpp"
#include "core/codec/cbor.hpp"
#include "core/codec/hex.hpp"
#include "core/error.hpp"
#include "support/errors.hpp"
#include "support/vectors.hpp"

using namespace flash;
using namespace flash::cashu;
using codec::Cbor;
using codec::hex_decode;
using test::require_error;

namespace {

struct Block {
    std::string heading;  ///< the last "#" heading above the block
    std::string lang;     ///< "json", "shell" or ""
    std::string body;
};

std::vector<Block> fenced_blocks(const std::string& text) {
    std::vector<Block> blocks;
    std::istringstream in(text);
    std::string line, heading;
    Block* open = nullptr;
    while (std::getline(in, line)) {
        if (line.starts_with("```")) {
            if (open) {
                open = nullptr;
            } else {
                blocks.push_back({heading, line.substr(3), ""});
                open = &blocks.back();
            }
        } else if (open) {
            open->body += line + "\n";
        } else if (line.starts_with("#")) {
            heading = line;
        }
    }
    return blocks;
}

/// Blocks whose heading contains `heading`, in file order.
std::vector<Block> blocks_under(const std::vector<Block>& blocks, std::string_view heading) {
    std::vector<Block> out;
    for (const Block& b : blocks)
        if (b.heading.find(heading) != std::string::npos) out.push_back(b);
    return out;
}

/// Non-empty lines of a block that are not shell comments.
std::vector<std::string> token_lines(const Block& block) {
    std::vector<std::string> out;
    std::istringstream in(block.body);
    std::string line;
    while (std::getline(in, line))
        if (!line.empty() && !line.starts_with("#")) out.push_back(line);
    return out;
}

/// The spec's V4 notation as JSON: h'hex' becomes "hex", trailing commas go.
nlohmann::json v4_notation_json(const std::string& body) {
    std::string text = std::regex_replace(body, std::regex("h'([0-9a-f]*)'"), "\"$1\"");
    text = std::regex_replace(text, std::regex(",(\\s*[}\\]])"), "$1");
    return nlohmann::json::parse(text);
}

template <std::size_t N>
ByteArray<N> array_from_hex(const std::string& hex) {
    return codec::hex_decode_array<N>(hex);
}

/// The Token a vector describes, built here independently of the code under test.
Token v4_vector_token(const nlohmann::json& j) {
    Token token{j.at("m").get<std::string>(), j.at("u").get<std::string>(), std::nullopt, {}};
    if (j.contains("d")) token.memo = j.at("d").get<std::string>();
    for (const auto& entry : j.at("t"))
        for (const auto& p : entry.at("p"))
            token.proofs.push_back({p.at("a").get<Amount>(), hex_decode(entry.at("i").get<std::string>()),
                                    p.at("s").get<std::string>(), array_from_hex<33>(p.at("c").get<std::string>()),
                                    std::nullopt, std::nullopt});
    return token;
}

Token v3_vector_token(const nlohmann::json& j) {
    REQUIRE(j.at("token").size() == 1);
    const auto& entry = j.at("token").at(0);
    Token token{entry.at("mint").get<std::string>(), j.at("unit").get<std::string>(),
                j.at("memo").get<std::string>(), {}};
    for (const auto& p : entry.at("proofs"))
        token.proofs.push_back({p.at("amount").get<Amount>(), hex_decode(p.at("id").get<std::string>()),
                                p.at("secret").get<std::string>(),
                                array_from_hex<33>(p.at("C").get<std::string>()), std::nullopt, std::nullopt});
    return token;
}

std::string trimmed(const std::string& text) {
    const auto first = text.find_first_not_of(" \n`");
    const auto last = text.find_last_not_of(" \n`");
    return text.substr(first, last - first + 1);
}

const std::vector<Block>& vector_blocks() {
    static const std::vector<Block> blocks = fenced_blocks(test::read_vector_text("cashu/00-tests.md"));
    return blocks;
}

template <std::size_t N>
ByteArray<N> random_array(std::mt19937_64& rng) {
    ByteArray<N> out{};
    for (auto& b : out) b = static_cast<std::uint8_t>(rng());
    return out;
}

Proof random_proof(std::mt19937_64& rng, const KeysetId& id) {
    Proof proof;
    proof.amount = rng() >> (rng() % 64);
    proof.id = id;
    proof.secret = codec::hex_encode(random_array<32>(rng));
    proof.C = random_array<33>(rng);
    proof.C[0] = static_cast<std::uint8_t>(2 + rng() % 2);
    if (rng() % 2) proof.witness = R"({"signatures":[")" + codec::hex_encode(random_array<64>(rng)) + "\"]}";
    if (rng() % 3) {
        proof.dleq = Dleq{random_array<32>(rng), random_array<32>(rng), std::nullopt};
        if (rng() % 2) proof.dleq->r = random_array<32>(rng);
    }
    return proof;
}

Token random_token(std::mt19937_64& rng) {
    const KeysetId ids[] = {hex_decode("009a1f293253e41e"), hex_decode("01" + std::string(64, 'a')),
                            hex_decode("01ab34cd56ef7890")};
    Token token{"https://mint.example/" + std::to_string(rng() % 1000), rng() % 2 ? "sat" : "usd",
                std::nullopt, {}};
    if (rng() % 2) token.memo = "memo ✓ " + std::to_string(rng());
    const auto count = 1 + rng() % 6;
    for (std::size_t i = 0; i < count; ++i) token.proofs.push_back(random_proof(rng, ids[rng() % 3]));
    // V4 groups proofs by keyset: sort so that the decoded order equals the original.
    std::stable_sort(token.proofs.begin(), token.proofs.end(),
                     [](const Proof& a, const Proof& b) { return a.id < b.id; });
    return token;
}

Token sample_token() {
    Token token{"http://localhost:3338", "sat", std::nullopt, {}};
    token.proofs.push_back({1, hex_decode("00ad268c4d1f5826"), "secret", {}, std::nullopt, std::nullopt});
    token.proofs[0].C[0] = 2;
    return token;
}

/// A V4 token string around a hand-built CBOR value.
std::string v4_of(const Cbor& value) {
    return "cashuB" + codec::base64url_encode(codec::cbor_encode(value));
}

Cbor::Map sample_cbor_proof() {
    Cbor::Map proof;
    proof.emplace_back("a", 1);
    proof.emplace_back("s", "secret");
    proof.emplace_back("c", Bytes(33, 2));
    return proof;
}

Cbor sample_cbor(Cbor::Map proof, Bytes id = Bytes(8, 0)) {
    Cbor::Map entry;
    entry.emplace_back("i", std::move(id));
    entry.emplace_back("p", Cbor::Array{std::move(proof)});
    Cbor::Map root;
    root.emplace_back("m", "http://localhost:3338");
    root.emplace_back("u", "sat");
    root.emplace_back("t", Cbor::Array{std::move(entry)});
    return root;
}

}  // namespace

TEST_CASE("V3 serialization vector", "[cashu][token]") {
    const auto blocks = blocks_under(vector_blocks(), "Serialization of TokenV3");
    REQUIRE(blocks.size() == 2);
    const Token expected = v3_vector_token(nlohmann::json::parse(blocks[0].body));
    const std::string serialized = trimmed(blocks[1].body);
    CHECK(decode_token(serialized) == expected);
    CHECK(decode_token_v3(serialized) == std::vector<Token>{expected});
    // Members in NUT-00 order and Nutshell's padding: the very same text.
    CHECK(encode_token_v3(expected) == serialized);
    CHECK(decode_token(encode_token_v4(expected)) == expected);
}

TEST_CASE("V3 deserialization vectors", "[cashu][token]") {
    const auto blocks = blocks_under(vector_blocks(), "Deserialization of TokenV3");
    REQUIRE(blocks.size() == 3);
    const auto invalid = token_lines(blocks[0]);
    REQUIRE(invalid.size() == 2);
    for (const auto& text : invalid) require_error(Errc::bad_token, [&] { decode_token(text); });

    const auto valid = token_lines(blocks[1]);
    REQUIRE(valid.size() == 1);
    const Token token = decode_token(valid[0]);
    CHECK(token.mint == "https://8333.space:3338");
    CHECK(token.proofs.size() == 2);

    const auto padding = token_lines(blocks[2]);
    REQUIRE(padding.size() == 2);
    CHECK(padding[0].ends_with("=="));
    const Token padded = decode_token(padding[0]);
    CHECK(padded == decode_token(padding[1]));
    CHECK(padded.memo == "Thank you very much.");
    CHECK(padded.proofs == token.proofs);
}

TEST_CASE("V4 serialization vectors", "[cashu][token]") {
    for (const char* heading : {"Single keyset", "Multiple keysets"}) {
        SECTION(heading) {
            const auto blocks = blocks_under(vector_blocks(), heading);
            REQUIRE(blocks.size() == 2);
            const Token expected = v4_vector_token(v4_notation_json(blocks[0].body));
            const std::string serialized = trimmed(blocks[1].body);
            CHECK(decode_token(serialized) == expected);
            CHECK(decode_token("cashu:" + serialized) == expected);
            const std::string encoded = encode_token_v4(expected);
            CHECK(encoded.find('=') == std::string::npos);
            CHECK(decode_token(encoded) == expected);
            CHECK(decode_token_raw(encode_token_raw(expected)) == expected);
        }
    }
}

TEST_CASE("raw binary token vector", "[cashu][token]") {
    const auto blocks = blocks_under(vector_blocks(), "### TokenV4");  // in "Raw Token Serialization"
    REQUIRE(blocks.size() == 1);
    const Token expected = v4_vector_token(v4_notation_json(blocks[0].body));
    const std::string text = test::read_vector_text("cashu/00-tests.md");
    const std::smatch match = [&] {
        std::smatch m;
        REQUIRE(std::regex_search(text, m, std::regex("`h'(6372617742[0-9a-f]*)'`")));
        return m;
    }();
    const Bytes raw = hex_decode(match[1].str());
    CHECK(decode_token_raw(raw) == expected);
    // The vector puts "t" first; our deterministic CBOR sorts the keys: compare decoded tokens.
    CHECK(decode_token_raw(encode_token_raw(expected)) == expected);
}

TEST_CASE("random tokens round-trip through V4, craw and V3", "[cashu][token]") {
    std::mt19937_64 rng(20261122);
    for (int i = 0; i < 200; ++i) {
        const Token token = random_token(rng);
        INFO(encode_token_v4(token));
        CHECK(decode_token(encode_token_v4(token)) == token);
        CHECK(decode_token_raw(encode_token_raw(token)) == token);
        CHECK(decode_token(encode_token_v3(token)) == token);
    }
}

TEST_CASE("amounts up to 2^64-1 are exact", "[cashu][token]") {
    for (const Amount amount : {Amount{1} << 63, UINT64_MAX, Amount{0}, (Amount{1} << 53) + 1}) {
        Token token = sample_token();
        token.proofs[0].amount = amount;
        CHECK(decode_token(encode_token_v4(token)).proofs[0].amount == amount);
        CHECK(decode_token_raw(encode_token_raw(token)).proofs[0].amount == amount);
        CHECK(decode_token(encode_token_v3(token)).proofs[0].amount == amount);
    }
    auto json = proof_to_json(sample_token().proofs[0]);
    json["amount"] = 9223372036854775808ULL;
    CHECK(json.dump().find("9223372036854775808") != std::string::npos);
    CHECK(proof_from_json(nlohmann::json::parse(json.dump())).amount == Amount{1} << 63);
}

TEST_CASE("V3 tokens with several mints", "[cashu][token]") {
    const Token a = sample_token();
    Token b = sample_token();
    b.mint = "https://other.mint";
    nlohmann::json root = nlohmann::json::parse(std::string(as_chars(codec::base64url_decode(
        encode_token_v3(a).substr(6)))));
    root["token"].push_back(nlohmann::json::parse(std::string(as_chars(codec::base64url_decode(
        encode_token_v3(b).substr(6)))))["token"][0]);
    const std::string two_mints = "cashuA" + codec::base64url_encode(as_bytes(root.dump()));
    CHECK(decode_token_v3(two_mints) == std::vector<Token>{a, b});
    require_error(Errc::bad_token, [&] { decode_token(two_mints); });

    // Two entries of one mint merge; no unit means "sat".
    root["token"][1]["mint"] = a.mint;
    root.erase("unit");
    const Token merged = decode_token("cashuA" + codec::base64_encode(as_bytes(root.dump())));
    CHECK(merged.unit == "sat");
    CHECK(merged.proofs.size() == 2);
}

TEST_CASE("malformed tokens are rejected with bad_token", "[cashu][token]") {
    const std::string good = encode_token_v4(sample_token());
    const auto bad = [](const std::string& text) {
        INFO(text);
        require_error(Errc::bad_token, [&] { decode_token(text); });
    };
    bad("");
    bad("cashu");
    bad("cashuC" + good.substr(6));
    bad("cashuB");
    bad("cashuB!!!!");
    bad(good + "A");                      // base64 with a dangling character
    bad(" " + good);                      // whitespace
    bad("cashu:cashu:" + good.substr(6));  // scheme twice
    {
        Bytes cbor = codec::cbor_encode(sample_cbor(sample_cbor_proof()));
        cbor.push_back(0);  // trailing garbage after the CBOR item
        bad("cashuB" + codec::base64url_encode(cbor));
    }
    for (const char* key : {"a", "s", "c"}) {  // a proof field missing
        Cbor::Map proof = sample_cbor_proof();
        std::erase_if(proof, [&](const auto& kv) { return kv.first.as_text() == key; });
        bad(v4_of(sample_cbor(proof)));
    }
    for (const auto& entry : std::vector<std::pair<std::string, Cbor>>{
             {"a", Cbor("1")}, {"a", Cbor(-1)}, {"s", Cbor(Bytes{1})}, {"c", Cbor(Bytes(32, 2))},
             {"c", Cbor(Bytes(65, 4))}, {"d", Cbor("dleq")}, {"w", Cbor(1)}}) {  // wrong types, sizes
        const std::string& key = entry.first;  // not a structured binding: clang 14 cannot capture those
        Cbor::Map proof = sample_cbor_proof();
        std::erase_if(proof, [&](const auto& kv) { return kv.first.as_text() == key; });
        proof.emplace_back(key, entry.second);
        bad(v4_of(sample_cbor(proof)));
    }
    bad(v4_of(sample_cbor(sample_cbor_proof(), Bytes(7, 0))));  // keyset id length
    {
        Cbor::Map dleq;  // DLEQ without s
        dleq.emplace_back("e", Bytes(32, 1));
        Cbor::Map proof = sample_cbor_proof();
        proof.emplace_back("d", dleq);
        bad(v4_of(sample_cbor(proof)));
    }
    {
        Cbor root = sample_cbor(sample_cbor_proof());
        Cbor::Map map = root.as_map();
        std::erase_if(map, [](const auto& kv) { return kv.first.as_text() == "t"; });
        Cbor::Map no_tokens = map;
        bad(v4_of(no_tokens));  // no "t"
        map.emplace_back("t", Cbor::Array{});
        bad(v4_of(map));  // no proofs
        std::erase_if(map, [](const auto& kv) { return kv.first.as_text() == "m"; });
        bad(v4_of(map));
    }
    {
        // A secret that is not UTF-8: text string header 0x61 followed by 0xff.
        Bytes cbor = codec::cbor_encode(sample_cbor(sample_cbor_proof()));
        const Bytes secret = {0x66, 's', 'e', 'c', 'r', 'e', 't'};
        const auto at = std::search(cbor.begin(), cbor.end(), secret.begin(), secret.end());
        REQUIRE(at != cbor.end());
        *(at + 1) = 0xff;
        bad("cashuB" + codec::base64url_encode(cbor));
    }
    // V3: not JSON, trailing garbage, wrong types, empty proofs.
    const auto v3 = [](const std::string& json) { return "cashuA" + codec::base64url_encode(as_bytes(json)); };
    const std::string proof = R"({"amount":1,"id":"009a1f293253e41e","secret":"s","C":"02)" +
                              std::string(64, '0') + "\"}";
    CHECK(decode_token(v3(R"({"token":[{"mint":"m","proofs":[)" + proof + "]}]}")).proofs.size() == 1);
    bad(v3(R"({"token":[{"mint":"m","proofs":[)" + proof + "]}]} x"));
    bad(v3(R"({"token":[{"mint":"m","proofs":[]}]})"));
    bad(v3(R"({"token":[]})"));
    bad(v3(R"({"token":[{"proofs":[)" + proof + "]}]}"));
    bad(v3(R"({"token":[{"mint":1,"proofs":[)" + proof + "]}]}"));
    bad(v3(R"({"token":[{"mint":"m","proofs":[{"amount":1.0,"id":"009a1f293253e41e","secret":"s","C":"02)" +
           std::string(64, '0') + "\"}]}]}"));
    bad(v3(R"({"token":[{"mint":"m","proofs":[{"amount":-1,"id":"009a1f293253e41e","secret":"s","C":"02)" +
           std::string(64, '0') + "\"}]}]}"));
    bad(v3(R"({"token":[{"mint":"m","proofs":[{"amount":18446744073709551616,"id":"009a1f293253e41e","secret":"s","C":"02)" +
           std::string(64, '0') + "\"}]}]}"));
    bad(v3(R"({"token":[{"mint":"m","proofs":[{"amount":1,"id":"009a1f293253e41e","secret":"s","C":"02"}]}]})"));
    bad(v3(std::string(R"({"token":[{"mint":"m","proofs":[)") + "\xff" + "]}]}"));
    bad(v3("[]"));
    bad("cashuA" + std::string(max_token_size, 'A'));
}

TEST_CASE("raw tokens check their prefix and version", "[cashu][token]") {
    const Bytes raw = encode_token_raw(sample_token());
    CHECK(std::string(as_chars(ByteView(raw).first(5))) == "crawB");
    for (const std::size_t at : {std::size_t{0}, std::size_t{4}}) {
        Bytes broken = raw;
        broken[at] = 'A';
        require_error(Errc::bad_token, [&] { decode_token_raw(broken); });
    }
    require_error(Errc::bad_token, [&] { decode_token_raw(ByteView(raw).first(5)); });
    require_error(Errc::bad_token, [&] { decode_token_raw(ByteView(raw).first(raw.size() - 1)); });
}

TEST_CASE("encoders refuse tokens that would not decode", "[cashu][token]") {
    Token empty = sample_token();
    empty.proofs.clear();
    Token bad_id = sample_token();
    bad_id.proofs[0].id = Bytes(5, 0);
    Token bad_secret = sample_token();
    bad_secret.proofs[0].secret = "\xc3";
    for (const Token& token : {empty, bad_id, bad_secret}) {
        require_error(Errc::bad_token, [&] { encode_token_v4(token); });
        require_error(Errc::bad_token, [&] { encode_token_v3(token); });
        require_error(Errc::bad_token, [&] { encode_token_raw(token); });
    }
}

TEST_CASE("proof JSON", "[cashu][token]") {
    std::mt19937_64 rng(7);
    for (int i = 0; i < 50; ++i) {
        const Proof proof = random_proof(rng, hex_decode("01" + std::string(64, 'b')));
        CHECK(proof_from_json(nlohmann::json::parse(proof_to_json(proof).dump())) == proof);
    }
    Proof with_all = random_proof(rng, hex_decode("009a1f293253e41e"));
    with_all.witness = "{}";
    with_all.dleq = Dleq{{}, {}, ByteArray<32>{}};
    auto json = proof_to_json(with_all);
    std::vector<std::string> keys;
    for (const auto& item : json.items()) keys.push_back(item.key());
    CHECK(keys == std::vector<std::string>{"amount", "id", "secret", "C", "witness", "dleq"});
    json["witness"] = nullptr;
    json["dleq"] = nullptr;
    const Proof plain = proof_from_json(nlohmann::json::parse(json.dump()));
    CHECK(!plain.witness);
    CHECK(!plain.dleq);
    json["dleq"] = {{"e", std::string(64, '0')}};
    require_error(Errc::bad_token, [&] { proof_from_json(nlohmann::json::parse(json.dump())); });
    require_error(Errc::bad_token, [&] { proof_from_json(nlohmann::json::array()); });
}
