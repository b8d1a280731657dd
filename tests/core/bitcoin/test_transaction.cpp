#include <catch2/catch.hpp>

#include "core/bitcoin/transaction.hpp"
#include "core/codec/hex.hpp"
#include "core/error.hpp"
#include "support/errors.hpp"
#include "support/vectors.hpp"
#include "bip143_example.hpp"

using namespace flash;
using namespace flash::bitcoin;
using codec::hex_decode;
using codec::hex_encode;

namespace {

std::string bip341_signed_tx() {
    const auto json = test::load_vector_json("bitcoin/bip341-wallet-test-vectors.json");
    return json.at("keyPathSpending").at(0).at("auxiliary").at("fullySignedTx").get<std::string>();
}

void require_bad_transaction(const Bytes& data, bool allow_witness = true) {
    test::require_error(Errc::bad_transaction, [&] { parse_transaction(data, allow_witness); });
}

}  // namespace

TEST_CASE("transactions: legacy and BIP-144 forms round trip", "[bitcoin][transaction]") {
    for (const std::string& hex : {std::string(test::bip143::unsigned_tx), std::string(test::bip143::signed_tx), bip341_signed_tx()}) {
        INFO(hex.substr(0, 40));
        const Transaction tx = parse_transaction(hex_decode(hex));
        CHECK(hex_encode(serialize_transaction(tx)) == hex);
        // The legacy form drops the witnesses and with them the wtxid's difference.
        const Transaction legacy = parse_transaction(serialize_transaction(tx, false));
        CHECK_FALSE(legacy.has_witness());
        CHECK(txid(legacy) == txid(tx));
        CHECK((wtxid(tx) == txid(tx)) == !tx.has_witness());
        CHECK(transaction_weight(tx) == 3 * serialize_transaction(tx, false).size() + serialize_transaction(tx).size());
        CHECK(transaction_vsize(tx) == (transaction_weight(tx) + 3) / 4);
    }
}

TEST_CASE("transactions: the BIP-143 example's fields", "[bitcoin][transaction]") {
    const Transaction tx = parse_transaction(hex_decode(test::bip143::signed_tx));
    CHECK(tx.version == 1);
    CHECK(tx.lock_time == 0x11);
    REQUIRE(tx.inputs.size() == 2);
    CHECK(tx.inputs[0].sequence == 0xffffffee);
    CHECK(tx.inputs[0].witness.empty());
    CHECK(tx.inputs[0].script_sig.size() == 0x49);
    REQUIRE(tx.inputs[1].witness.size() == 2);
    CHECK(hex_encode(tx.inputs[1].witness[1]) == test::bip143::input1_public_key);
    REQUIRE(tx.outputs.size() == 2);
    CHECK(tx.outputs[0].value == 112340000);
    CHECK(tx.outputs[1].value == 223450000);
    // Outpoints hold txids in internal order; txid_hex shows them reversed.
    CHECK(txid_hex(tx.inputs[0].prevout.txid) == "9f96ade4b41d5433f4eda31e1738ec2b36f6e7d1420d94a6af99801a88f7f7ff");
    CHECK(txid_from_hex(txid_hex(tx.inputs[0].prevout.txid)) == tx.inputs[0].prevout.txid);
}

TEST_CASE("transactions: every truncation and a trailing byte are rejected", "[bitcoin][transaction]") {
    for (const std::string& hex : {std::string(test::bip143::unsigned_tx), std::string(test::bip143::signed_tx)}) {
        const Bytes data = hex_decode(hex);
        for (std::size_t n = 0; n < data.size(); ++n) {
            INFO("first " << n << " bytes");
            require_bad_transaction(Bytes(data.begin(), data.begin() + static_cast<std::ptrdiff_t>(n)));
        }
        Bytes longer = data;
        longer.push_back(0x00);
        require_bad_transaction(longer);
    }
}

TEST_CASE("transactions: malformed structure is rejected with bad_transaction", "[bitcoin][transaction]") {
    const Bytes signed_tx = hex_decode(test::bip143::signed_tx);

    SECTION("a segwit flag other than 1") {
        Bytes data = signed_tx;
        data[5] = 0x02;
        require_bad_transaction(data);
    }
    SECTION("the extended form with only empty witnesses (BIP-144)") {
        Transaction tx = parse_transaction(signed_tx);
        // The last witness is input 1's: replace "02 <sig> <key>" by an empty stack.
        tx.inputs[1].witness.clear();
        Bytes legacy = serialize_transaction(tx, false);
        Bytes extended(legacy.begin(), legacy.begin() + 4);
        extended.insert(extended.end(), {0x00, 0x01});
        extended.insert(extended.end(), legacy.begin() + 4, legacy.end() - 4);
        extended.insert(extended.end(), {0x00, 0x00});
        extended.insert(extended.end(), legacy.end() - 4, legacy.end());
        require_bad_transaction(extended);
    }
    SECTION("an input count larger than the bytes that follow") {
        Bytes data = hex_decode(test::bip143::unsigned_tx);
        data[4] = 0xfc;
        require_bad_transaction(data);
        data[4] = 0xff;  // a 9-byte count, truncated
        require_bad_transaction(data);
    }
    SECTION("a non-minimal CompactSize") {
        Bytes data = hex_decode(test::bip143::unsigned_tx);
        data[4] = 0xfd;
        data.insert(data.begin() + 5, {0x02, 0x00});
        require_bad_transaction(data);
    }
    SECTION("an output above 21 million BTC") {
        Transaction tx = parse_transaction(signed_tx);
        tx.outputs[0].value = max_money + 1;
        require_bad_transaction(serialize_transaction(tx));
        tx.outputs[0].value = max_money;
        CHECK(parse_transaction(serialize_transaction(tx)) == tx);
    }
    SECTION("witness data where only the legacy form is allowed") {
        require_bad_transaction(signed_tx, false);
        CHECK(parse_transaction(hex_decode(test::bip143::unsigned_tx), false) ==
              parse_transaction(hex_decode(test::bip143::unsigned_tx)));
    }
    SECTION("more than a block can hold") {
        test::require_error(Errc::bad_transaction, [] { parse_transaction(Bytes(max_transaction_size + 1, 0)); });
    }
}

TEST_CASE("transactions: a single output parses exactly", "[bitcoin][transaction]") {
    const TxOut out{5000, hex_decode("0014751e76e8199196d454941c45d1b3a323f1433bd6")};
    Bytes data;
    write_txout(data, out);
    CHECK(parse_txout(data) == out);
    data.push_back(0);
    test::require_error(Errc::bad_transaction, [&] { parse_txout(data); });
    test::require_error(Errc::bad_transaction, [&] { parse_txout(ByteView(data).first(10)); });
}
