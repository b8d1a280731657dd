// Electrum script hashes and history statuses against the worked examples of the Electrum protocol
// documentation (shared/vectors/bitcoin/electrum-scripthash-status-vectors.json).
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "core/bitcoin/address.hpp"
#include "core/bitcoin/script_hash.hpp"
#include "core/codec/hex.hpp"
#include "support/errors.hpp"
#include "support/vectors.hpp"

using namespace flash;
using namespace flash::bitcoin;

namespace {

const char* const kFile = "bitcoin/electrum-scripthash-status-vectors.json";

std::vector<ElectrumHistoryItem> history_of(const nlohmann::json& items) {
    std::vector<ElectrumHistoryItem> out;
    for (const auto& item : items) out.push_back({item.at("tx_hash"), item.at("height")});
    return out;
}

}  // namespace

TEST_CASE("electrum script hash of the documented scripts", "[bitcoin][electrum]") {
    const nlohmann::json vectors = test::load_vector_json(kFile);
    REQUIRE(vectors.at("scripthash_vectors").size() == 2);
    for (const auto& v : vectors.at("scripthash_vectors")) {
        const Bytes script = codec::hex_decode(v.at("scriptPubKey_hex").get<std::string>());
        CHECK(electrum_script_hash(script) == v.at("scripthash").get<std::string>());
        if (v.contains("network")) {
            // The regtest address really is that script (so the index derives the same hash).
            const SegwitProgram program = segwit_address_decode("bcrt", v.at("address").get<std::string>());
            CHECK(segwit_script_pubkey(program) == script);
        }
    }
}

TEST_CASE("electrum status of the documented history", "[bitcoin][electrum]") {
    const nlohmann::json vectors = test::load_vector_json(kFile);
    for (const auto& v : vectors.at("status_vectors")) {
        const std::vector<ElectrumHistoryItem> history = history_of(v.at("history_in_canonical_order"));
        REQUIRE(history.size() == 6);
        CHECK(electrum_status(history) == v.at("status").get<std::string>());

        // The order is part of the status: swapping two items changes it.
        std::vector<ElectrumHistoryItem> swapped = history;
        std::swap(swapped[1], swapped[2]);
        CHECK(electrum_status(swapped) != v.at("status").get<std::string>());
    }
}

TEST_CASE("electrum status of an empty history is null", "[bitcoin][electrum]") {
    CHECK_FALSE(electrum_status({}).has_value());
}

TEST_CASE("electrum status rejects malformed history items", "[bitcoin][electrum]") {
    const std::string good(64, 'a');
    std::vector<ElectrumHistoryItem> history{{good, 1}};
    REQUIRE(electrum_status(history).has_value());

    history[0].tx_hash = std::string(63, 'a');
    test::require_error(Errc::bad_length, [&] { electrum_status(history); });
    history[0].tx_hash = std::string(64, 'g');
    test::require_error(Errc::bad_hex, [&] { electrum_status(history); });
    history[0] = {good, -2};
    test::require_error(Errc::bad_argument, [&] { electrum_status(history); });
}
