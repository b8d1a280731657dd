#include <catch2/catch.hpp>

#include <map>
#include <vector>

#include "core/bitcoin/address.hpp"
#include "core/bitcoin/script.hpp"
#include "core/bitcoin/taproot.hpp"
#include "core/codec/hex.hpp"
#include "core/error.hpp"
#include "support/errors.hpp"
#include "support/vectors.hpp"

using namespace flash;
using namespace flash::bitcoin;
using codec::hex_decode;
using codec::hex_encode;
using nlohmann::json;

namespace {

// A script tree from the vectors: a leaf object, or an array of two subtrees.
struct Subtree {
    crypto::Hash256 hash{};
    std::map<int, Bytes> paths;          ///< leaf id → merkle path from the leaf up (control block tail)
    std::map<int, std::uint8_t> versions;
};

Subtree walk(const json& node, std::map<int, std::string>& leaf_hashes) {
    Subtree out;
    if (node.is_object()) {
        const int id = node.at("id").get<int>();
        const auto version = node.at("leafVersion").get<std::uint8_t>();
        out.hash = tap_leaf_hash(version, hex_decode(node.at("script").get<std::string>()));
        out.paths[id] = {};
        out.versions[id] = version;
        leaf_hashes[id] = hex_encode(out.hash);
        return out;
    }
    REQUIRE(node.size() == 2);
    Subtree left = walk(node.at(0), leaf_hashes);
    Subtree right = walk(node.at(1), leaf_hashes);
    for (auto& entry : left.paths) entry.second.insert(entry.second.end(), right.hash.begin(), right.hash.end());
    for (auto& entry : right.paths) entry.second.insert(entry.second.end(), left.hash.begin(), left.hash.end());
    out.hash = tap_branch_hash(left.hash, right.hash);
    CHECK(tap_branch_hash(right.hash, left.hash) == out.hash);
    out.paths = std::move(left.paths);
    out.paths.insert(right.paths.begin(), right.paths.end());
    out.versions = std::move(left.versions);
    out.versions.insert(right.versions.begin(), right.versions.end());
    return out;
}

}  // namespace

TEST_CASE("BIP-341: every scriptPubKey vector (trees, tweaks, output keys, control blocks)", "[bitcoin][taproot]") {
    const auto vectors = test::load_vector_json("bitcoin/bip341-wallet-test-vectors.json").at("scriptPubKey");
    REQUIRE(vectors.size() == 7);
    for (const auto& vector : vectors) {
        const auto& given = vector.at("given");
        const auto& mid = vector.at("intermediary");
        const auto& expected = vector.at("expected");
        const auto internal = codec::hex_decode_array<32>(given.at("internalPubkey").get<std::string>());
        INFO(hex_encode(internal));

        std::optional<crypto::Hash256> merkle_root;
        std::map<int, std::string> leaf_hashes;
        Subtree tree;
        if (!given.at("scriptTree").is_null()) {
            tree = walk(given.at("scriptTree"), leaf_hashes);
            merkle_root = tree.hash;
            const auto& expected_leaves = mid.at("leafHashes");
            REQUIRE(expected_leaves.size() == leaf_hashes.size());
            for (std::size_t id = 0; id < expected_leaves.size(); ++id)
                CHECK(leaf_hashes.at(static_cast<int>(id)) == expected_leaves.at(id).get<std::string>());
            CHECK(hex_encode(*merkle_root) == mid.at("merkleRoot").get<std::string>());
        } else {
            CHECK(mid.at("merkleRoot").is_null());
        }

        CHECK(hex_encode(taproot_tweak(internal, merkle_root)) == mid.at("tweak").get<std::string>());
        const auto output = taproot_output_key(internal, merkle_root);
        CHECK(hex_encode(output.key) == mid.at("tweakedPubkey").get<std::string>());
        CHECK(hex_encode(p2tr_script_pubkey(output.key)) == expected.at("scriptPubKey").get<std::string>());
        CHECK(p2tr_address("bc", output.key) == expected.at("bip350Address").get<std::string>());

        if (expected.contains("scriptPathControlBlocks")) {
            const auto& blocks = expected.at("scriptPathControlBlocks");
            REQUIRE(blocks.size() == tree.paths.size());
            for (std::size_t id = 0; id < blocks.size(); ++id) {
                // leaf version | parity of Q, the internal key, then the merkle path
                Bytes block{static_cast<std::uint8_t>(tree.versions.at(static_cast<int>(id)) | (output.odd_y ? 1 : 0))};
                block.insert(block.end(), internal.begin(), internal.end());
                const Bytes& path = tree.paths.at(static_cast<int>(id));
                block.insert(block.end(), path.begin(), path.end());
                CHECK(hex_encode(block) == blocks.at(id).get<std::string>());
            }
        }
    }
}

TEST_CASE("taproot: BIP-86 output keys and an invalid internal key", "[bitcoin][taproot]") {
    const auto bip86 = test::load_vector_json("bitcoin/bip86-test-vectors.json");
    int checked = 0;
    for (const auto& entry : bip86.at("entries")) {
        if (!entry.contains("internal_key")) continue;
        const auto internal = codec::hex_decode_array<32>(entry.at("internal_key").get<std::string>());
        CHECK(hex_encode(taproot_output_key(internal, std::nullopt).key) == entry.at("output_key").get<std::string>());
        ++checked;
    }
    CHECK(checked == 3);
    // x = 5 is not on the curve (x^3 + 7 = 132 is not a square mod p).
    crypto::XOnlyKey off_curve{};
    off_curve[31] = 5;
    test::require_error(Errc::bad_public_key, [&] { taproot_output_key(off_curve, std::nullopt); });
}
