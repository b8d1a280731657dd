// NUT-01 keys: the keysets of cashu/01-tests.md to reject (truncated, uncompressed key) and to
// accept (up to amount 2^63), read from shared/vectors, and amount rules.
#include <catch2/catch.hpp>

#include "core/cashu/nut01.hpp"
#include "support/errors.hpp"
#include "support/markdown_vectors.hpp"

using namespace flash;
using namespace flash::cashu;
using nlohmann::json;

TEST_CASE("NUT-01 vectors", "[cashu][nut01]") {
    const auto md = test::load_markdown_vectors("cashu/01-tests.md");
    REQUIRE(md.blocks.size() == 4);
    test::require_error(Errc::bad_keyset, [&] { keys_from_json(md.blocks[0]); });
    test::require_error(Errc::bad_keyset, [&] { keys_from_json(md.blocks[1]); });

    const Keys small = keys_from_json(md.blocks[2]);
    CHECK(small.size() == 4);
    const Keys big = keys_from_json(md.blocks[3]);
    CHECK(big.size() == 64);
    CHECK(big.rbegin()->first == 9223372036854775808ULL);
    // Round trip: same members (nlohmann::json compares objects regardless of order).
    CHECK(json(keys_to_json(small)) == md.blocks[2]);
    CHECK(json(keys_to_json(big)) == md.blocks[3]);
    CHECK(keys_to_json(small).begin().key() == "1");
}

TEST_CASE("NUT-01 amounts", "[cashu][nut01]") {
    CHECK(parse_key_amount("1") == 1);
    CHECK(parse_key_amount("9223372036854775808") == (1ULL << 63));
    for (const char* bad : {"", "0", "3", "01", "+2", "-2", "2.0", "18446744073709551616", "18446744073709551615",
                            "99999999999999999999", "123456789012345678901"}) {
        INFO(bad);
        test::require_error(Errc::bad_keyset, [&] { parse_key_amount(bad); });
    }
}

TEST_CASE("NUT-01 rejects malformed keys objects", "[cashu][nut01]") {
    const std::string key = "02648eccfa4c026960966276fa5a4cae46ce0fd432211a4f449bf84f13aa5f8303";
    test::require_error(Errc::bad_keyset, [] { keys_from_json(json::array()); });
    test::require_error(Errc::bad_keyset, [] { keys_from_json(json::object()); });
    test::require_error(Errc::bad_keyset, [] { keys_from_json(json{{"1", 5}}); });
    test::require_error(Errc::bad_keyset, [&] { keys_from_json(json{{"3", key}}); });
    test::require_error(Errc::bad_keyset, [&] { keys_from_json(json{{"1", "zz" + key.substr(2)}}); });
    // 33 bytes with prefix 02 but an x with no point on the curve.
    test::require_error(Errc::bad_keyset, [] { keys_from_json(json{{"1", "02" + std::string(63, '0') + "5"}}); });
    CHECK(keys_from_json(json{{"1", key}}).size() == 1);
}
