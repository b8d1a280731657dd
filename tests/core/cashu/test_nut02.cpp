// NUT-02 keysets: every keyset id vector of cashu/02-tests.md (V1 and V2 with unit, fee and final
// expiry), read from shared/vectors; id parsing and formatting; input fees.
#include <catch2/catch.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/cashu/nut02.hpp"
#include "support/errors.hpp"
#include "support/markdown_vectors.hpp"

using namespace flash;
using namespace flash::cashu;

TEST_CASE("NUT-02 keyset id vectors", "[cashu][nut02]") {
    const auto md = test::load_markdown_vectors("cashu/02-tests.md");
    REQUIRE(md.blocks.size() == 5);
    int v1 = 0;
    int v2 = 0;
    for (const test::MarkdownEntry& entry : md.entries) {
        if (entry.key != "Keyset id") continue;
        INFO("keyset id " << entry.value);
        REQUIRE(entry.blocks_before < md.blocks.size());
        const Keys keys = keys_from_json(md.blocks[entry.blocks_before]);
        const KeysetId expected = parse_keyset_id(entry.value);
        CHECK(format_keyset_id(expected) == entry.value);
        if (entry.value.starts_with("00")) {
            CHECK(keyset_id_v1(keys) == expected);
            ++v1;
            continue;
        }
        std::string unit;
        std::uint64_t fee = 0;
        std::optional<std::uint64_t> expiry;
        for (const test::MarkdownEntry& field : md.entries) {
            if (field.blocks_before != entry.blocks_before) continue;
            if (field.key == "Unit") unit = field.value;
            if (field.key == "Input fee ppk") fee = std::stoull(field.value);
            if (field.key == "Final expiry") expiry = std::stoull(field.value);
        }
        CHECK(keyset_id_v2(keys, unit, fee, expiry) == expected);
        ++v2;
    }
    CHECK(v1 == 2);
    CHECK(v2 == 3);
}

TEST_CASE("NUT-02 keyset id parsing", "[cashu][nut02]") {
    CHECK(parse_keyset_id("00456A94AB4E1C46") == parse_keyset_id("00456a94ab4e1c46"));
    CHECK(parse_keyset_id("015ba18a8adcd02e").size() == 8);  // short V2 id (V4 tokens)
    for (const char* bad : {"", "00456a94ab4e1c", "00456a94ab4e1c4600", "02456a94ab4e1c46", "00456a94ab4e1cxx",
                            "005ba18a8adcd02e715a58358eb618da4a4b3791151a4bee5e968bb88406ccf76a"}) {
        INFO(bad);
        test::require_error(Errc::bad_keyset, [&] { parse_keyset_id(bad); });
    }
    test::require_error(Errc::bad_keyset, [] { format_keyset_id(KeysetId{0x00, 0x01}); });
    test::require_error(Errc::bad_keyset, [] { keyset_id_v1(Keys{}); });
    const Keys one{{1, crypto::public_key(crypto::secret_key_from(KeysetId(32, 1)))}};
    test::require_error(Errc::bad_keyset, [&] { keyset_id_v2(one, "", 0, std::nullopt); });
    test::require_error(Errc::bad_keyset, [&] { keyset_id_v2(one, "sat|x", 0, std::nullopt); });
}

TEST_CASE("NUT-02 input fees", "[cashu][nut02]") {
    CHECK(input_fee({}) == 0);
    const std::vector<std::uint64_t> three{100, 100, 100};
    CHECK(input_fee(three) == 1);
    const std::vector<std::uint64_t> ten(10, 100);
    CHECK(input_fee(ten) == 1);
    const std::vector<std::uint64_t> eleven(11, 100);
    CHECK(input_fee(eleven) == 2);
    const std::vector<std::uint64_t> mixed{0, 1000, 1};
    CHECK(input_fee(mixed) == 2);
    const std::vector<std::uint64_t> overflow{UINT64_MAX, 1};
    test::require_error(Errc::bad_argument, [&] { input_fee(overflow); });
}
