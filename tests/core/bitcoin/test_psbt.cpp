// BIP-174 parsing and serialisation: round trips, records kept verbatim, and every kind of
// malformed PSBT rejected with a typed error.
#include <catch2/catch.hpp>

#include <utility>
#include <vector>

#include "bip143_example.hpp"
#include "core/bitcoin/psbt.hpp"
#include "core/bitcoin/wire.hpp"
#include "core/codec/base64.hpp"
#include "core/codec/hex.hpp"
#include "core/crypto/hash.hpp"
#include "core/error.hpp"
#include "support/errors.hpp"

using namespace flash;
using namespace flash::bitcoin;
using codec::hex_decode;

namespace {

using Record = std::pair<Bytes, Bytes>;
using Map = std::vector<Record>;

// Raw PSBT bytes from maps of records written in the order given (duplicates allowed).
Bytes raw_psbt(const Map& global, const std::vector<Map>& inputs, const std::vector<Map>& outputs) {
    Bytes out{'p', 's', 'b', 't', 0xff};
    auto write_map = [&](const Map& map) {
        for (const Record& record : map) {
            write_var_bytes(out, record.first);
            write_var_bytes(out, record.second);
        }
        out.push_back(0x00);
    };
    write_map(global);
    for (const Map& map : inputs) write_map(map);
    for (const Map& map : outputs) write_map(map);
    return out;
}

Transaction unsigned_tx() { return parse_transaction(hex_decode(test::bip143::unsigned_tx)); }
Bytes unsigned_tx_bytes() { return hex_decode(test::bip143::unsigned_tx); }

const Bytes kPublicKey = hex_decode(test::bip143::input1_public_key);

Bytes key(std::uint8_t type, ByteView data = {}) { return concat(Bytes{type}, data); }

Bytes origin_value(std::vector<std::uint32_t> path) {
    Bytes out{0xd3, 0x4d, 0xb3, 0x3f};
    for (auto index : path) write_u32(out, index);
    return out;
}

Bytes witness_utxo_value() {
    Bytes out;
    write_txout(out, TxOut{600000000, hex_decode(test::bip143::input1_script)});
    return out;
}

// A valid PSBT with room for one extra record per map: the BIP-143 transaction (2 in, 2 out).
Bytes psbt_with(const Map& global_extra, const Map& input_extra, const Map& output_extra = {}) {
    Map global{{key(0x00), unsigned_tx_bytes()}};
    global.insert(global.end(), global_extra.begin(), global_extra.end());
    Map input0{{key(0x01), witness_utxo_value()}};
    input0.insert(input0.end(), input_extra.begin(), input_extra.end());
    return raw_psbt(global, {input0, {}}, {output_extra, {}});
}

void require_bad_psbt(const Bytes& data) { test::require_error(Errc::bad_psbt, [&] { parse_psbt(data); }); }

Psbt full_psbt() {
    Psbt psbt = create_psbt(unsigned_tx());
    psbt.version = 0;
    psbt.unknown[key(0xfc, Bytes{0x05, 'f', 'l', 'a', 's', 'h', 0x01})] = Bytes{0x2a};
    PsbtInput& in = psbt.inputs[1];
    in.witness_utxo = TxOut{600000000, hex_decode(test::bip143::input1_script)};
    in.bip32_derivation[kPublicKey] = KeyOrigin{{0xd3, 0x4d, 0xb3, 0x3f}, {84 | 0x80000000u, 0x80000000u, 0x80000000u, 0, 7}};
    in.partial_sigs[kPublicKey] = concat(hex_decode(test::bip143::signature), Bytes{0x01});
    in.sighash_type = 1;
    crypto::XOnlyKey xonly;
    std::copy(kPublicKey.begin() + 1, kPublicKey.end(), xonly.begin());
    in.tap_internal_key = xonly;
    in.tap_merkle_root = crypto::sha256(Bytes{1});
    in.tap_key_sig = Bytes(64, 0x11);
    in.tap_bip32_derivation[xonly] = TapKeyOrigin{{crypto::sha256(Bytes{2})}, KeyOrigin{{1, 2, 3, 4}, {86 | 0x80000000u}}};
    in.unknown[key(0xee, Bytes{1, 2})] = Bytes{3};
    in.unknown[key(0x0b, Bytes(32, 7))] = Bytes{9};  // a SHA-256 preimage: defined, not modelled
    psbt.inputs[0].final_script_sig = Bytes{0x00};
    psbt.inputs[0].final_script_witness = std::vector<Bytes>{{}, {1, 2, 3}};
    psbt.outputs[0].bip32_derivation[kPublicKey] = KeyOrigin{{9, 9, 9, 9}, {}};
    psbt.outputs[1].tap_internal_key = xonly;
    psbt.outputs[1].tap_bip32_derivation[xonly] = TapKeyOrigin{{}, KeyOrigin{{9, 9, 9, 9}, {1, 2}}};
    psbt.outputs[1].unknown[key(0x06)] = Bytes{0x00, 0xc0, 0x01, 0x51};  // a one-leaf tap tree
    return psbt;
}

}  // namespace

TEST_CASE("PSBT: every modelled field and unknown records round trip", "[bitcoin][psbt]") {
    const Psbt psbt = full_psbt();
    const Bytes bytes = serialize_psbt(psbt);
    const Psbt parsed = parse_psbt(bytes);
    CHECK(parsed == psbt);
    CHECK(serialize_psbt(parsed) == bytes);
    const std::string text = psbt_to_base64(psbt);
    CHECK(text.rfind("cHNidP8", 0) == 0);  // base64 of the magic
    CHECK(parse_psbt_base64(text) == psbt);
}

TEST_CASE("PSBT: records are written sorted, so foreign order parses to the same model", "[bitcoin][psbt]") {
    const Map input{{key(0x06, kPublicKey), origin_value({1, 2})}, {key(0x01), witness_utxo_value()}, {key(0xee), Bytes{1}}};
    const Bytes data = raw_psbt({{key(0xfc, Bytes{0x00, 0x01}), {}}, {key(0x00), unsigned_tx_bytes()}}, {input, {}}, {{}, {}});
    const Psbt psbt = parse_psbt(data);
    CHECK(psbt.inputs[0].bip32_derivation.at(kPublicKey).path == std::vector<std::uint32_t>{1, 2});
    CHECK(psbt.inputs[0].unknown.size() == 1);
    CHECK(psbt.unknown.size() == 1);
    CHECK(serialize_psbt(psbt) != data);
    CHECK(parse_psbt(serialize_psbt(psbt)) == psbt);
}

TEST_CASE("PSBT: create_psbt and serialize_psbt refuse what cannot be a PSBT", "[bitcoin][psbt]") {
    Transaction tx = unsigned_tx();
    tx.inputs[0].script_sig = {0x51};
    test::require_error(Errc::bad_psbt, [&] { create_psbt(tx); });
    tx = unsigned_tx();
    tx.inputs[0].witness = {{0x01}};
    test::require_error(Errc::bad_psbt, [&] { create_psbt(tx); });
    Psbt psbt = create_psbt(unsigned_tx());
    psbt.outputs.pop_back();
    test::require_error(Errc::bad_psbt, [&] { serialize_psbt(psbt); });
}

TEST_CASE("PSBT: structural errors", "[bitcoin][psbt]") {
    const Bytes valid = psbt_with({}, {});
    REQUIRE_NOTHROW(parse_psbt(valid));

    SECTION("bad magic") {
        for (std::size_t i = 0; i < 5; ++i) {
            Bytes data = valid;
            data[i] ^= 0x01;
            require_bad_psbt(data);
        }
    }
    SECTION("every truncation (missing separators, cut records)") {
        for (std::size_t n = 0; n < valid.size(); ++n)
            require_bad_psbt(Bytes(valid.begin(), valid.begin() + static_cast<std::ptrdiff_t>(n)));
    }
    SECTION("trailing bytes, an extra map") {
        Bytes data = valid;
        data.push_back(0x00);
        require_bad_psbt(data);
    }
    SECTION("no unsigned transaction") { require_bad_psbt(raw_psbt({}, {}, {})); }
    SECTION("an unsigned transaction with a scriptSig") {
        Transaction tx = unsigned_tx();
        tx.inputs[0].script_sig = {0x51};
        require_bad_psbt(raw_psbt({{key(0x00), serialize_transaction(tx)}}, {{}, {}}, {{}, {}}));
    }
    SECTION("an unsigned transaction in the witness form") {
        const Bytes signed_tx = hex_decode(test::bip143::signed_tx);
        require_bad_psbt(raw_psbt({{key(0x00), signed_tx}}, {{}, {}}, {{}, {}}));
    }
    SECTION("duplicate keys, in each kind of map") {
        require_bad_psbt(psbt_with({{key(0x00), unsigned_tx_bytes()}}, {}));
        require_bad_psbt(psbt_with({}, {{key(0x01), witness_utxo_value()}}));
        require_bad_psbt(psbt_with({}, {{key(0xee), {}}, {key(0xee), {1}}}));
        require_bad_psbt(psbt_with({}, {}, {{key(0x02, kPublicKey), origin_value({})}, {key(0x02, kPublicKey), origin_value({1})}}));
    }
    SECTION("a key type that is not a minimal CompactSize") {
        require_bad_psbt(psbt_with({}, {{Bytes{0xfd, 0x05, 0x00}, {}}}));
        CHECK_NOTHROW(parse_psbt(psbt_with({}, {{Bytes{0xfd, 0x00, 0x01}, {}}})));  // type 256, minimal
    }
    SECTION("a non-witness UTXO that is not the spent transaction") {
        const Bytes other = hex_decode(test::bip143::signed_tx);
        require_bad_psbt(psbt_with({}, {{key(0x00), other}}));
    }
    SECTION("a witness UTXO contradicting the non-witness UTXO") {
        // Input 0 spends output 0 of a transaction we make, and claims another amount.
        Transaction previous = unsigned_tx();
        Transaction tx = unsigned_tx();
        tx.inputs[0].prevout = OutPoint{txid(previous), 0};
        Bytes claimed;
        write_txout(claimed, TxOut{previous.outputs[0].value + 1, previous.outputs[0].script_pubkey});
        const Map global{{key(0x00), serialize_transaction(tx)}};
        CHECK_NOTHROW(parse_psbt(raw_psbt(global, {{{key(0x00), serialize_transaction(previous)}}, {}}, {{}, {}})));
        require_bad_psbt(raw_psbt(global, {{{key(0x00), serialize_transaction(previous)}, {key(0x01), claimed}}, {}}, {{}, {}}));
        tx.inputs[0].prevout.vout = 2;  // no such output
        require_bad_psbt(raw_psbt({{key(0x00), serialize_transaction(tx)}}, {{{key(0x00), serialize_transaction(previous)}}, {}}, {{}, {}}));
    }
    SECTION("base64 errors stay base64 errors; oversized input is too_large") {
        test::require_error(Errc::bad_base64, [] { parse_psbt_base64("cHNidP8*"); });
        test::require_error(Errc::too_large, [] { parse_psbt(Bytes(max_psbt_size + 1, 0)); });
        test::require_error(Errc::too_large, [] { parse_psbt_base64(std::string(max_psbt_size / 3 * 4 + 8, 'A')); });
    }
}

TEST_CASE("PSBT: records that break their type's shape", "[bitcoin][psbt]") {
    const Bytes sig = Bytes(71, 0x30);
    SECTION("global") {
        require_bad_psbt(psbt_with({{key(0xfb), Bytes{1, 0, 0, 0}}}, {}));           // version 1
        require_bad_psbt(psbt_with({{key(0xfb), Bytes{0, 0, 0}}}, {}));              // 3-byte version
        require_bad_psbt(psbt_with({{key(0xfb, Bytes{0}), Bytes{0, 0, 0, 0}}}, {})); // key data
        CHECK(parse_psbt(psbt_with({{key(0xfb), Bytes{0, 0, 0, 0}}}, {})).version == 0u);
        for (std::uint8_t v2 = 0x02; v2 <= 0x06; ++v2) require_bad_psbt(psbt_with({{key(v2), Bytes{0}}}, {}));
        require_bad_psbt(psbt_with({{key(0x01, Bytes(77, 0)), origin_value({})}}, {}));  // xpub of 77 bytes
        require_bad_psbt(psbt_with({{key(0x01, Bytes(78, 0)), Bytes{1, 2, 3}}}, {}));     // origin of 3 bytes
        CHECK(parse_psbt(psbt_with({{key(0x01, Bytes(78, 0)), origin_value({1})}}, {})).unknown.size() == 1);
        require_bad_psbt(raw_psbt({{key(0x00, Bytes{0}), unsigned_tx_bytes()}}, {{}, {}}, {{}, {}}));
    }
    SECTION("input") {
        Bytes bad_point = kPublicKey;
        bad_point[0] = 0x04;  // 33 bytes with the uncompressed prefix
        require_bad_psbt(psbt_with({}, {{key(0x01, Bytes{0}), witness_utxo_value()}}));  // key data
        require_bad_psbt(psbt_with({}, {{key(0x02, ByteView(kPublicKey).first(32)), sig}}));
        require_bad_psbt(psbt_with({}, {{key(0x02, bad_point), sig}}));
        require_bad_psbt(psbt_with({}, {{key(0x02, kPublicKey), {}}}));
        require_bad_psbt(psbt_with({}, {{key(0x03), Bytes{1, 0}}}));
        require_bad_psbt(psbt_with({}, {{key(0x04, Bytes{0}), Bytes{0x51}}}));
        require_bad_psbt(psbt_with({}, {{key(0x05, Bytes{0}), Bytes{0x51}}}));
        require_bad_psbt(psbt_with({}, {{key(0x06, kPublicKey), Bytes{1, 2, 3, 4, 5}}}));
        require_bad_psbt(psbt_with({}, {{key(0x07, Bytes{1}), {}}}));
        require_bad_psbt(psbt_with({}, {{key(0x08), Bytes{0x02, 0x01}}}));  // witness stack cut short
        require_bad_psbt(psbt_with({}, {{key(0x08), Bytes{0x00, 0x00}}}));  // trailing byte
        require_bad_psbt(psbt_with({}, {{key(0x0a, Bytes(19, 0)), {}}}));
        require_bad_psbt(psbt_with({}, {{key(0x0b, Bytes(20, 0)), {}}}));
        for (std::uint8_t v2 = 0x0e; v2 <= 0x12; ++v2) require_bad_psbt(psbt_with({}, {{key(v2), Bytes(4, 0)}}));
        require_bad_psbt(psbt_with({}, {{key(0x13), Bytes(63, 1)}}));
        require_bad_psbt(psbt_with({}, {{key(0x14, Bytes(63, 1)), Bytes(64, 1)}}));
        require_bad_psbt(psbt_with({}, {{key(0x15, Bytes(34, 0xc0)), Bytes{0x51, 0xc0}}}));
        require_bad_psbt(psbt_with({}, {{key(0x16, Bytes(31, 1)), Bytes{0, 1, 2, 3, 4}}}));
        require_bad_psbt(psbt_with({}, {{key(0x16, ByteView(kPublicKey).subspan(1)), Bytes{1, 1, 2, 3, 4}}}));  // 1 leaf, no hash
        require_bad_psbt(psbt_with({}, {{key(0x17), Bytes(32, 0)}}));  // x = 0 is not on the curve
        require_bad_psbt(psbt_with({}, {{key(0x18), Bytes(31, 0)}}));
        require_bad_psbt(raw_psbt({{key(0x00), unsigned_tx_bytes()}}, {{{key(0x01), Bytes{0, 0}}}, {}}, {{}, {}}));  // cut output
    }
    SECTION("output") {
        require_bad_psbt(psbt_with({}, {}, {{key(0x00, Bytes{1}), Bytes{0x51}}}));
        Bytes bad_prefix = kPublicKey;
        bad_prefix[0] = 0x05;
        require_bad_psbt(psbt_with({}, {}, {{key(0x02, bad_prefix), origin_value({})}}));
        require_bad_psbt(psbt_with({}, {}, {{key(0x03), Bytes(8, 0)}}));
        require_bad_psbt(psbt_with({}, {}, {{key(0x04), Bytes{0x51}}}));
        require_bad_psbt(psbt_with({}, {}, {{key(0x05), Bytes(33, 0)}}));
        require_bad_psbt(psbt_with({}, {}, {{key(0x06), {}}}));
        require_bad_psbt(psbt_with({}, {}, {{key(0x06), Bytes{129, 0xc0, 0x01, 0x51}}}));  // too deep
        require_bad_psbt(psbt_with({}, {}, {{key(0x06), Bytes{0, 0xc1, 0x01, 0x51}}}));   // odd leaf version
        require_bad_psbt(psbt_with({}, {}, {{key(0x06), Bytes{0, 0xc0, 0x02, 0x51}}}));   // script cut short
        require_bad_psbt(psbt_with({}, {}, {{key(0x07, ByteView(kPublicKey).subspan(1)), Bytes{0, 1, 2, 3}}}));
    }
}
