// NUT-13 deterministic secrets: every vector of cashu/13-tests.md (keyset id integer, V1 BIP-32
// and V2 HMAC secrets and blinding factors), read from shared/vectors, and the rejections.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "core/cashu/nut13.hpp"
#include "core/codec/hex.hpp"
#include "core/keys/bip39.hpp"
#include "support/errors.hpp"
#include "support/vectors.hpp"

using namespace flash;
using namespace flash::cashu;
using codec::hex_decode;
using codec::hex_encode;
using nlohmann::json;
using test::require_error;

namespace {

/// The ```json blocks of a vector file, in order.
std::vector<json> json_blocks(const std::string& text) {
    std::vector<json> blocks;
    std::size_t pos = 0;
    while ((pos = text.find("```json\n", pos)) != std::string::npos) {
        pos += 8;
        const std::size_t end = text.find("```", pos);
        blocks.push_back(json::parse(text.substr(pos, end - pos)));
        pos = end + 3;
    }
    return blocks;
}

}  // namespace

TEST_CASE("NUT-13 vectors", "[cashu][nut13]") {
    const std::vector<json> blocks = json_blocks(test::read_vector_text("cashu/13-tests.md"));
    REQUIRE(blocks.size() == 8);  // id, mnemonic, secrets, r, paths; mnemonic, secrets, r

    const KeysetId v1_id = hex_decode(blocks[0]["keyset_id"].get<std::string>());
    CHECK(nut13_keyset_int(v1_id) == blocks[0]["keyest_id_int"].get<std::uint32_t>());

    const auto seed = keys::mnemonic_to_seed(blocks[1]["mnemonic"].get<std::string>());
    int checked = 0;
    for (std::uint64_t counter = 0; counter < 5; ++counter) {
        const std::string n = std::to_string(counter);
        const DeterministicSecret v1 = nut13_derive(seed.view(), v1_id, counter);
        CHECK(v1.secret == blocks[2]["secret_" + n].get<std::string>());
        CHECK(hex_encode(v1.r.view()) == blocks[3]["r_" + n].get<std::string>());
        ++checked;
    }
    const KeysetId v2_id = hex_decode("015ba18a8adcd02e715a58358eb618da4a4b3791151a4bee5e968bb88406ccf76a");
    const auto v2_seed = keys::mnemonic_to_seed(blocks[5]["mnemonic"].get<std::string>());
    for (std::uint64_t counter = 0; counter < 5; ++counter) {
        const std::string n = std::to_string(counter);
        const DeterministicSecret v2 = nut13_derive(v2_seed.view(), v2_id, counter);
        CHECK(v2.secret == blocks[6]["secret_" + n].get<std::string>());
        CHECK(hex_encode(v2.r.view()) == blocks[7]["r_" + n].get<std::string>());
        ++checked;
    }
    CHECK(checked == 10);
}

TEST_CASE("NUT-13 rejects unsupported ids and counters", "[cashu][nut13]") {
    const auto seed = keys::mnemonic_to_seed("half depart obvious quality work element tank gorilla view sugar picture humble");
    require_error(Errc::bad_keyset, [&] { nut13_derive(seed.view(), hex_decode("015ba18a8adcd02e"), 0); });
    require_error(Errc::bad_keyset, [&] { nut13_derive(seed.view(), hex_decode("029a1f293253e41e"), 0); });
    require_error(Errc::bad_keyset, [&] { nut13_derive(seed.view(), Bytes{}, 0); });
    require_error(Errc::bad_keyset, [&] { nut13_keyset_int(hex_decode("009a1f29")); });
    require_error(Errc::bad_argument, [&] { nut13_derive(seed.view(), hex_decode("009a1f293253e41e"), 1u << 31); });
    // V2 counters are 64-bit.
    CHECK(nut13_derive(seed.view(), hex_decode("015ba18a8adcd02e715a58358eb618da4a4b3791151a4bee5e968bb88406ccf76a"),
                       std::uint64_t{1} << 40).secret.size() == 64);
}
