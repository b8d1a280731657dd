// Fountain encoder and decoder: bc-ur's vectors (test/test.cpp at 603c21c: test_find_fragment_length,
// test_partition_and_join, test_fountain_encoder_cbor, test_fountain_encoder_is_complete,
// test_fountain_decoder), then loss, reordering, duplicates and inconsistent parts.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "offline/ur/test_message.hpp"
#include "core/bytes.hpp"
#include "core/codec/hex.hpp"
#include "core/error.hpp"
#include "offline/ur/fountain_decoder.hpp"
#include "offline/ur/fountain_encoder.hpp"
#include "offline/ur/fragment_choice.hpp"
#include "offline/ur/xoshiro256.hpp"
#include "support/errors.hpp"

using flash::as_bytes;
using flash::Bytes;
using flash::Errc;
using flash::codec::hex_decode;
using flash::codec::hex_encode;
using namespace flash::offline::ur;
using flash::test::make_message;

namespace {


/// Parts the decoder needs from `encoder` when each part is lost with probability `loss`.
std::size_t parts_until_complete(FountainEncoder& encoder, FountainDecoder& decoder, double loss, std::mt19937& random) {
    std::bernoulli_distribution lost(loss);
    std::size_t sent = 0;
    while (!decoder.is_complete()) {
        const FountainPart part = encoder.next_part();
        ++sent;
        if (!lost(random)) decoder.receive_part(part);
        REQUIRE(sent < 100 * encoder.seq_len() + 100);
    }
    return sent;
}

}  // namespace

TEST_CASE("fountain encoder: fragment length and partition (bc-ur vectors)", "[offline][ur][fountain]") {
    CHECK(FountainEncoder::nominal_fragment_length(12345, 1005, 1955) == 1764);
    CHECK(FountainEncoder::nominal_fragment_length(12345, 1005, 30000) == 12345);
    CHECK(FountainEncoder::nominal_fragment_length(5, 10, 100) == 5);  // shorter than the minimum: one part

    const Bytes message = make_message(1024);
    const std::size_t fragment_len = FountainEncoder::nominal_fragment_length(message.size(), 10, 100);
    const std::vector<Bytes> fragments = FountainEncoder::partition(message, fragment_len);
    REQUIRE(fragments.size() == 11);
    CHECK(hex_encode(fragments[0]) ==
          "916ec65cf77cadf55cd7f9cda1a1030026ddd42e905b77adc36e4f2d3ccba44f7f04f2de44f42d84c374a0e149136f25b01852545961"
          "d55f7f7a8cde6d0e2ec43f3b2dcb644a2209e8c9e34af5c4747984a5e873c9cf5f965e25ee29039f");
    CHECK(hex_encode(fragments[10]) ==
          "170010067e2e75ebe2d2904aeb1f89d5dc98cd4a6f2faaa8be6d03354c990fd895a97feb54668473e9d942bb99e196d897e8f1b01625"
          "cf48a7b78d249bb4985c065aa8cd1402ed2ba1b6f908f63dcd84b66425df00000000000000000000");
    Bytes joined;
    for (const Bytes& fragment : fragments) joined.insert(joined.end(), fragment.begin(), fragment.end());
    joined.resize(message.size());
    CHECK(joined == message);
}

TEST_CASE("fountain encoder: the first 20 parts' CBOR (bc-ur vector)", "[offline][ur][fountain]") {
    FountainEncoder encoder(make_message(256), 30, 0, PartOrder::reference);
    const std::vector<std::string> expected = {
        "8501091901001a0167aa07581d916ec65cf77cadf55cd7f9cda1a1030026ddd42e905b77adc36e4f2d3c",
        "8502091901001a0167aa07581dcba44f7f04f2de44f42d84c374a0e149136f25b01852545961d55f7f7a",
        "8503091901001a0167aa07581d8cde6d0e2ec43f3b2dcb644a2209e8c9e34af5c4747984a5e873c9cf5f",
        "8504091901001a0167aa07581d965e25ee29039fdf8ca74f1c769fc07eb7ebaec46e0695aea6cbd60b3e",
        "8505091901001a0167aa07581dc4bbff1b9ffe8a9e7240129377b9d3711ed38d412fbb4442256f1e6f59",
        "8506091901001a0167aa07581d5e0fc57fed451fb0a0101fb76b1fb1e1b88cfdfdaa946294a47de8fff1",
        "8507091901001a0167aa07581d73f021c0e6f65b05c0a494e50791270a0050a73ae69b6725505a2ec8a5",
        "8508091901001a0167aa07581d791457c9876dd34aadd192a53aa0dc66b556c0c215c7ceb8248b717c22",
        "8509091901001a0167aa07581d951e65305b56a3706e3e86eb01c803bbf915d80edcd64d4d0000000000",
        "850a091901001a0167aa07581d330f0f33a05eead4f331df229871bee733b50de71afd2e5a79f196de09",
        "850b091901001a0167aa07581d3b205ce5e52d8c24a52cffa34c564fa1af3fdffcd349dc4258ee4ee828",
        "850c091901001a0167aa07581ddd7bf725ea6c16d531b5f03254783803048ca08b87148daacd1cd7a006",
        "850d091901001a0167aa07581d760be7ad1c6187902bbc04f539b9ee5eb8ea6833222edea36031306c01",
        "850e091901001a0167aa07581d5bf4031217d2c3254b088fa7553778b5003632f46e21db129416f65b55",
        "850f091901001a0167aa07581d73f021c0e6f65b05c0a494e50791270a0050a73ae69b6725505a2ec8a5",
        "8510091901001a0167aa07581db8546ebfe2048541348910267331c643133f828afec9337c318f71b7df",
        "8511091901001a0167aa07581d23dedeea74e3a0fb052befabefa13e2f80e4315c9dceed4c8630612e64",
        "8512091901001a0167aa07581dd01a8daee769ce34b6b35d3ca0005302724abddae405bdb419c0a6b208",
        "8513091901001a0167aa07581d3171c5dc365766eff25ae47c6f10e7de48cfb8474e050e5fe997a6dc24",
        "8514091901001a0167aa07581de055c2433562184fa71b4be94f262e200f01c6f74c284b0dc6fae6673f"};
    CHECK(encoder.seq_len() == 9);
    CHECK(encoder.checksum() == 23570951u);
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const FountainPart part = encoder.next_part();
        CHECK(hex_encode(encode_part(part)) == expected[i]);
        CHECK(decode_part(hex_decode(expected[i])) == part);
    }
}

TEST_CASE("fountain decoder: bc-ur's 32767-byte message from part 101 on", "[offline][ur][fountain]") {
    const Bytes message = make_message(32767);
    FountainEncoder encoder(message, 1000, 100);
    FountainDecoder decoder;
    while (!decoder.is_complete()) decoder.receive_part(encoder.next_part());
    CHECK(decoder.message() == message);
    CHECK(decoder.progress_percent() == 100);
    CHECK(decoder.expected_part_count() == encoder.seq_len());
}

TEST_CASE("fountain decoder: pure parts alone, in any order, with duplicates", "[offline][ur][fountain]") {
    const Bytes message = make_message(1000, "order");
    FountainEncoder encoder(message, 60);
    std::vector<FountainPart> parts;
    for (std::size_t i = 0; i < encoder.seq_len(); ++i) parts.push_back(encoder.next_part());
    std::mt19937 random(7);
    std::shuffle(parts.begin(), parts.end(), random);

    FountainDecoder decoder;
    CHECK(decoder.progress_percent() == 0);
    CHECK(decoder.receive_part(parts[0]));
    CHECK_FALSE(decoder.receive_part(parts[0]));  // a duplicate adds nothing
    for (std::size_t i = 1; i < parts.size(); ++i) {
        CHECK_FALSE(decoder.is_complete());
        CHECK(decoder.progress_percent() == i * 100 / parts.size());
        CHECK(decoder.receive_part(parts[i]));
    }
    REQUIRE(decoder.is_complete());
    CHECK(decoder.message() == message);
    CHECK(decoder.received_part_count() == parts.size() + 1);
    CHECK_FALSE(decoder.receive_part(parts[0]));  // after completion: ignored
}

TEST_CASE("fountain decoder: mixed parts alone rebuild the message", "[offline][ur][fountain]") {
    const Bytes message = make_message(2000, "mixed");
    FountainEncoder encoder(message, 100);
    for (std::size_t i = 0; i < encoder.seq_len(); ++i) encoder.next_part();  // never shown
    FountainDecoder decoder;
    std::size_t parts = 0;
    while (!decoder.is_complete()) {
        decoder.receive_part(encoder.next_part());
        REQUIRE(++parts < 10 * encoder.seq_len());
    }
    CHECK(decoder.message() == message);
}

TEST_CASE("fountain decoder: random losses, many messages and sizes", "[offline][ur][fountain]") {
    std::mt19937 random(2024);
    for (const std::size_t length : {1u, 9u, 10u, 11u, 30u, 150u, 999u, 4965u}) {
        const Bytes message = make_message(length, "loss-" + std::to_string(length));
        for (const std::size_t max_fragment : {10u, 50u, 200u}) {
            for (const double loss : {0.0, 0.3, 0.6}) {
                for (const PartOrder order : {PartOrder::skip_sparse, PartOrder::reference}) {
                    FountainEncoder encoder(message, max_fragment, 0, order);
                    FountainDecoder decoder;
                    const std::size_t sent = parts_until_complete(encoder, decoder, loss, random);
                    INFO("length " << length << ", fragment " << max_fragment << ", loss " << loss);
                    CHECK(decoder.message() == message);
                    if (loss == 0.0) CHECK(sent == encoder.seq_len());
                }
            }
        }
    }
}

TEST_CASE("fountain encoder: skip_sparse emits bc-ur's parts, minus sparse mixes", "[offline][ur][fountain]") {
    for (const std::size_t length : {15u, 20u, 30u, 40u, 50u, 256u, 1500u}) {
        const Bytes message = make_message(length, "skip");
        FountainEncoder skipping(message, 10);
        const std::size_t n = skipping.seq_len();
        const std::size_t min_degree = n >= 2 ? std::min<std::size_t>(3, n - 1) : 1;
        INFO("length " << length << ": " << n << " fragments");
        std::uint32_t expected_seq = 0;
        std::size_t skipped = 0;
        for (int i = 0; i < 200; ++i) {
            const FountainPart part = skipping.next_part();
            // The part is exactly the reference encoder's part of the same number.
            FountainEncoder reference(message, 10, part.seq_num - 1, PartOrder::reference);
            CHECK(reference.next_part() == part);
            if (part.seq_num <= n) {
                CHECK(part.seq_num == ++expected_seq);  // the pure parts, in order
                continue;
            }
            CHECK(choose_fragments(part.seq_num, n, part.checksum).size() >= min_degree);
            CHECK(part.seq_num > expected_seq);
            for (std::uint32_t skipped_seq = expected_seq + 1; skipped_seq < part.seq_num; ++skipped_seq, ++skipped)
                CHECK(choose_fragments(skipped_seq, n, part.checksum).size() < min_degree);
            expected_seq = part.seq_num;
        }
        if (n == 2) CHECK(skipped == 0);
        if (n >= 3 && n < 200) CHECK(skipped > 0);
    }
}

TEST_CASE("fountain encoder: refuses what no decoder would accept", "[offline][ur][fountain]") {
    REQUIRE_THROWS_CODE(FountainEncoder(Bytes{}, 100), Errc::bad_argument);
    REQUIRE_THROWS_CODE(FountainEncoder(Bytes(10, 1), 5), Errc::bad_argument);  // max below the minimum of 10
    REQUIRE_THROWS_CODE(FountainEncoder(Bytes(max_message_length + 1, 1), 1000), Errc::too_large);
    REQUIRE_THROWS_CODE(FountainEncoder(Bytes(max_message_length, 1), 200), Errc::too_large);  // 5243 fragments
    CHECK(FountainEncoder(Bytes(max_message_length, 1), 1000).seq_len() <= max_fragment_count);
}

TEST_CASE("fountain part: malformed CBOR and inconsistent headers are bad_ur", "[offline][ur][fountain]") {
    const Bytes good = hex_decode("8501091901001a0167aa07581d916ec65cf77cadf55cd7f9cda1a1030026ddd42e905b77adc36e4f2d3c");
    CHECK(decode_part(good).seq_len == 9);
    const char* bad[] = {
        "",                                        // nothing
        "84010919010001",                          // 4 fields
        "8601091901001a0167aa07581d00000000000000000000000000000000000000000000000000000000000000",  // 6 fields
        "8500091901001a0167aa07581d916ec65cf77cadf55cd7f9cda1a1030026ddd42e905b77adc36e4f2d3c",  // seq_num 0
        "8501001901001a0167aa07581d916ec65cf77cadf55cd7f9cda1a1030026ddd42e905b77adc36e4f2d3c",  // seq_len 0
        "8501081901001a0167aa07581d916ec65cf77cadf55cd7f9cda1a1030026ddd42e905b77adc36e4f2d3c",  // 8 != ceil(256/29)
        "8501091901001a0167aa07581d916ec65cf77cadf55cd7f9cda1a1030026ddd42e905b77adc36e4f2d",  // truncated
        "85010919010020581d916ec65cf77cadf55cd7f9cda1a1030026ddd42e905b77adc36e4f2d3c",          // checksum -1
        "8501091901001b0000000100000000581d916ec65cf77cadf55cd7f9cda1a1030026ddd42e905b77adc36e4f2d3c",  // checksum > 2^32
        "85010900" "1a0167aa07" "40",              // message length 0, empty fragment
        "850109190100",                            // truncated array
        "8501091901001a0167aa0778",                // text instead of bytes (truncated)
        "8501091901001a0167aa07581d916ec65cf77cadf55cd7f9cda1a1030026ddd42e905b77adc36e4f2d3c00",  // trailing byte
        "850119100019ffff1a0167aa074100",          // 65535 bytes in 1-byte fragments are not 4096 fragments
        "8501191001191001" "1a0167aa07" "4100",    // 4097 fragments: over the limit
        "850101" "1a00200000" "1a0167aa07" "4100", // a 2 MiB message: over the limit
    };
    for (std::size_t i = 0; i < std::size(bad); ++i) {
        INFO("case " << i << ": " << bad[i]);
        REQUIRE_THROWS_CODE(decode_part(hex_decode(bad[i])), Errc::bad_ur);
    }
    CHECK(decode_part(hex_decode("8501191000191000" "1a0167aa07" "4100")).seq_len == 4096);  // the most allowed
}

TEST_CASE("fountain decoder: parts of another message are refused and change nothing", "[offline][ur][fountain]") {
    const Bytes message = make_message(500, "one");
    FountainEncoder encoder(message, 50);
    FountainDecoder decoder;
    decoder.receive_part(encoder.next_part());

    FountainEncoder other_checksum(make_message(500, "two"), 50);
    REQUIRE_THROWS_CODE(decoder.receive_part(other_checksum.next_part()), Errc::ur_mismatch);
    FountainEncoder other_length(make_message(501, "one"), 50);
    REQUIRE_THROWS_CODE(decoder.receive_part(other_length.next_part()), Errc::ur_mismatch);
    FountainEncoder other_fragments(message, 100);
    REQUIRE_THROWS_CODE(decoder.receive_part(other_fragments.next_part()), Errc::ur_mismatch);
    FountainPart inconsistent = encoder.next_part();
    inconsistent.seq_len = 3;
    REQUIRE_THROWS_CODE(decoder.receive_part(inconsistent), Errc::bad_ur);

    CHECK(decoder.received_part_count() == 1);
    while (!decoder.is_complete()) decoder.receive_part(encoder.next_part());
    CHECK(decoder.message() == message);
}

TEST_CASE("fountain decoder: a message that fails its checksum restarts the decoder", "[offline][ur][fountain]") {
    const Bytes message = make_message(100, "crc");
    FountainEncoder encoder(message, 50);  // 2 fragments
    FountainDecoder decoder;
    decoder.receive_part(encoder.next_part());
    FountainPart forged = encoder.next_part();
    forged.data[0] ^= 1;  // same header, other content
    REQUIRE_THROWS_CODE(decoder.receive_part(forged), Errc::bad_checksum);
    CHECK_FALSE(decoder.is_complete());
    CHECK(decoder.expected_part_count() == 0);
    REQUIRE_THROWS_CODE(decoder.message(), Errc::bad_argument);
}
