// The random choices behind fountain parts, against the vectors of Blockchain Commons bc-ur
// (test/test.cpp at 603c21c: test_rng_1..3, test_random_sampler, test_shuffle, test_choose_degree,
// test_choose_fragments, test_xor). Frames interoperate only if these match bit for bit.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "offline/ur/test_message.hpp"
#include "core/bytes.hpp"
#include "core/codec/crc32.hpp"
#include "core/codec/hex.hpp"
#include "offline/ur/fountain_encoder.hpp"
#include "offline/ur/fragment_choice.hpp"
#include "offline/ur/random_sampler.hpp"
#include "offline/ur/xoshiro256.hpp"

using flash::as_bytes;
using flash::Bytes;
using flash::codec::hex_encode;
using namespace flash::offline::ur;
using flash::test::make_message;

TEST_CASE("xoshiro256: bc-ur rng vectors", "[offline][ur][xoshiro]") {
    SECTION("seeded with a string, next() % 100") {
        Xoshiro256 rng(as_bytes("Wolf"));
        std::vector<std::uint64_t> numbers;
        for (int i = 0; i < 100; ++i) numbers.push_back(rng.next() % 100);
        const std::vector<std::uint64_t> expected = {
            42, 81, 85, 8,  82, 84, 76, 73, 70, 88, 2,  74, 40, 48, 77, 54, 88, 7,  5,  88, 37, 25, 82, 13, 69,
            59, 30, 39, 11, 82, 19, 99, 45, 87, 30, 15, 32, 22, 89, 44, 92, 77, 29, 78, 4,  92, 44, 68, 92, 69,
            1,  42, 89, 50, 37, 84, 63, 34, 32, 3,  17, 62, 40, 98, 82, 89, 24, 43, 85, 39, 15, 3,  99, 29, 20,
            42, 27, 10, 85, 66, 50, 35, 69, 70, 70, 74, 30, 13, 72, 54, 11, 5,  70, 55, 91, 52, 10, 43, 43, 52};
        CHECK(numbers == expected);
    }
    SECTION("seeded with a CRC-32 as 4 big-endian bytes") {
        const std::uint32_t crc = flash::codec::crc32(as_bytes("Wolf"));
        const Bytes seed = {static_cast<std::uint8_t>(crc >> 24), static_cast<std::uint8_t>(crc >> 16),
                            static_cast<std::uint8_t>(crc >> 8), static_cast<std::uint8_t>(crc)};
        Xoshiro256 rng(seed);
        std::vector<std::uint64_t> numbers;
        for (int i = 0; i < 100; ++i) numbers.push_back(rng.next() % 100);
        const std::vector<std::uint64_t> expected = {
            88, 44, 94, 74, 0,  99, 7,  77, 68, 35, 47, 78, 19, 21, 50, 15, 42, 36, 91, 11, 85, 39, 64, 22, 57,
            11, 25, 12, 1,  91, 17, 75, 29, 47, 88, 11, 68, 58, 27, 65, 21, 54, 47, 54, 73, 83, 23, 58, 75, 27,
            26, 15, 60, 36, 30, 21, 55, 57, 77, 76, 75, 47, 53, 76, 9,  91, 14, 69, 3,  95, 11, 73, 20, 99, 68,
            61, 3,  98, 36, 98, 56, 65, 14, 80, 74, 57, 63, 68, 51, 56, 24, 39, 53, 80, 57, 51, 81, 3,  1,  30};
        CHECK(numbers == expected);
    }
    SECTION("next_int(1, 10)") {
        Xoshiro256 rng(as_bytes("Wolf"));
        std::vector<std::uint64_t> numbers;
        for (int i = 0; i < 100; ++i) numbers.push_back(rng.next_int(1, 10));
        const std::vector<std::uint64_t> expected = {
            6, 5, 8, 4, 10, 5, 7, 10, 4, 9, 10, 9, 7, 7, 1, 1, 2, 9, 9, 2,  6, 4, 5, 7, 8, 5, 4, 2, 3, 8, 7, 4, 5, 1,
            10, 9, 3, 10, 2, 6, 8, 5, 7, 9, 3, 1, 5, 2, 7, 1, 4, 4, 4, 4, 9, 4, 5, 5, 6, 9, 5, 1, 2, 8, 3, 3, 2, 8,
            4, 3, 2, 1, 10, 8, 9, 3, 10, 8, 5, 5, 6, 7, 10, 5, 8, 9, 4, 6, 4, 2, 10, 2, 1, 7, 9, 6, 7, 4, 2, 5};
        CHECK(numbers == expected);
    }
}

TEST_CASE("xoshiro256: next_data and XOR (bc-ur test_xor)", "[offline][ur][xoshiro]") {
    Xoshiro256 rng(as_bytes("Wolf"));
    Bytes data1 = rng.next_data(10);
    CHECK(hex_encode(data1) == "916ec65cf77cadf55cd7");
    const Bytes data2 = rng.next_data(10);
    CHECK(hex_encode(data2) == "f9cda1a1030026ddd42e");
    for (std::size_t i = 0; i < data1.size(); ++i) data1[i] ^= data2[i];
    CHECK(hex_encode(data1) == "68a367fdf47c8b2888f9");
}

TEST_CASE("random sampler: bc-ur alias-method vector", "[offline][ur][sampler]") {
    const RandomSampler sampler({1, 2, 4, 8});
    Xoshiro256 rng(as_bytes("Wolf"));
    std::vector<std::size_t> samples;
    for (int i = 0; i < 500; ++i) samples.push_back(sampler.next([&] { return rng.next_double(); }));
    const std::vector<std::size_t> expected = {
        3, 3, 3, 3, 3, 3, 3, 0, 2, 3, 3, 3, 3, 1, 2, 2, 1, 3, 3, 2, 3, 3, 1, 1, 2, 1, 1, 3, 1, 3, 1, 2, 0, 2, 1, 0,
        3, 3, 3, 1, 3, 3, 3, 3, 1, 3, 2, 3, 2, 2, 3, 3, 3, 3, 2, 3, 3, 0, 3, 3, 3, 3, 1, 2, 3, 3, 2, 2, 2, 1, 2, 2,
        1, 2, 3, 1, 3, 0, 3, 2, 3, 3, 3, 3, 3, 3, 3, 3, 2, 3, 1, 3, 3, 2, 0, 2, 2, 3, 1, 1, 2, 3, 2, 3, 3, 3, 3, 2,
        3, 3, 3, 3, 3, 2, 3, 1, 2, 1, 1, 3, 1, 3, 2, 2, 3, 3, 3, 1, 3, 3, 3, 3, 3, 3, 3, 3, 2, 3, 2, 3, 3, 1, 2, 3,
        3, 1, 3, 2, 3, 3, 3, 2, 3, 1, 3, 0, 3, 2, 1, 1, 3, 1, 3, 2, 3, 3, 3, 3, 2, 0, 3, 3, 1, 3, 0, 2, 1, 3, 3, 1,
        1, 3, 1, 2, 3, 3, 3, 0, 2, 3, 2, 0, 1, 3, 3, 3, 2, 2, 2, 3, 3, 3, 3, 3, 2, 3, 3, 3, 3, 2, 3, 3, 2, 0, 2, 3,
        3, 3, 3, 2, 1, 1, 1, 2, 1, 3, 3, 3, 2, 2, 3, 3, 1, 2, 3, 0, 3, 2, 3, 3, 3, 3, 0, 2, 2, 3, 2, 2, 3, 3, 3, 3,
        1, 3, 2, 3, 3, 3, 3, 3, 2, 2, 3, 1, 3, 0, 2, 1, 3, 3, 3, 3, 3, 3, 3, 3, 1, 3, 3, 3, 3, 2, 2, 2, 3, 1, 1, 3,
        2, 2, 0, 3, 2, 1, 2, 1, 0, 3, 3, 3, 2, 2, 3, 2, 1, 2, 0, 0, 3, 3, 2, 3, 3, 2, 3, 3, 3, 3, 3, 2, 2, 2, 3, 3,
        3, 3, 3, 1, 1, 3, 2, 2, 3, 1, 1, 0, 1, 3, 2, 3, 3, 2, 3, 3, 2, 3, 3, 2, 2, 2, 2, 3, 2, 2, 2, 2, 2, 1, 2, 3,
        3, 2, 2, 2, 2, 3, 3, 2, 0, 2, 1, 3, 3, 3, 3, 0, 3, 3, 3, 3, 2, 2, 3, 1, 3, 3, 3, 2, 3, 3, 3, 2, 3, 3, 3, 3,
        2, 3, 2, 1, 3, 3, 3, 3, 2, 2, 0, 1, 2, 3, 2, 0, 3, 3, 3, 3, 3, 3, 1, 3, 3, 2, 3, 2, 2, 3, 3, 3, 3, 3, 2, 2,
        3, 3, 2, 2, 2, 1, 3, 3, 3, 3, 1, 2, 3, 2, 3, 3, 2, 3, 2, 3, 3, 3, 2, 3, 1, 2, 3, 2, 1, 1, 3, 3, 2, 3, 3, 2,
        3, 3, 0, 0, 1, 3, 3, 2, 3, 3, 3, 3, 1, 3, 3, 0, 3, 2, 3, 3, 1, 3, 3, 3, 3, 3, 3, 3, 0, 3, 3, 2};
    CHECK(samples == expected);
}

TEST_CASE("shuffled: bc-ur Fisher-Yates vector", "[offline][ur][shuffle]") {
    Xoshiro256 rng(as_bytes("Wolf"));
    const std::vector<int> values = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    std::vector<std::vector<int>> result;
    for (int i = 0; i < 10; ++i) result.push_back(shuffled(values, rng));
    const std::vector<std::vector<int>> expected = {
        {6, 4, 9, 3, 10, 5, 7, 8, 1, 2}, {10, 8, 6, 5, 1, 2, 3, 9, 7, 4}, {6, 4, 5, 8, 9, 3, 2, 1, 7, 10},
        {7, 3, 5, 1, 10, 9, 4, 8, 2, 6}, {8, 5, 7, 10, 2, 1, 4, 3, 9, 6}, {4, 3, 5, 6, 10, 2, 7, 8, 9, 1},
        {5, 1, 3, 9, 4, 6, 2, 10, 7, 8}, {2, 1, 10, 8, 9, 4, 7, 6, 3, 5}, {6, 7, 10, 4, 8, 9, 2, 3, 1, 5},
        {10, 2, 1, 7, 9, 5, 6, 3, 4, 8}};
    CHECK(result == expected);
}

TEST_CASE("choose_degree: bc-ur vector for 11 fragments", "[offline][ur][fountain]") {
    const Bytes message = make_message(1024);
    const std::size_t fragment_len = FountainEncoder::nominal_fragment_length(message.size(), 10, 100);
    const std::size_t seq_len = FountainEncoder::partition(message, fragment_len).size();
    REQUIRE(seq_len == 11);
    std::vector<std::size_t> degrees;
    for (int nonce = 1; nonce <= 200; ++nonce) {
        Xoshiro256 rng(as_bytes("Wolf-" + std::to_string(nonce)));
        degrees.push_back(choose_degree(seq_len, rng));
    }
    const std::vector<std::size_t> expected = {
        11, 3, 6, 5, 2, 1, 2, 11, 1, 3, 9, 10, 10, 4, 2, 1, 1, 2, 1, 1, 5, 2, 4, 10, 3, 2, 1, 1, 3, 11, 2, 6, 2,
        9, 9, 2, 6, 7, 2, 5, 2, 4, 3, 1, 6, 11, 2, 11, 3, 1, 6, 3, 1, 4, 5, 3, 6, 1, 1, 3, 1, 2, 2, 1, 4, 5, 1, 1,
        9, 1, 1, 6, 4, 1, 5, 1, 2, 2, 3, 1, 1, 5, 2, 6, 1, 7, 11, 1, 8, 1, 5, 1, 1, 2, 2, 6, 4, 10, 1, 2, 5, 5, 5,
        1, 1, 4, 1, 1, 1, 3, 5, 5, 5, 1, 4, 3, 3, 5, 1, 11, 3, 2, 8, 1, 2, 1, 1, 4, 5, 2, 1, 1, 1, 5, 6, 11, 10, 7,
        4, 7, 1, 5, 3, 1, 1, 9, 1, 2, 5, 5, 2, 2, 3, 10, 1, 3, 2, 3, 3, 1, 1, 2, 1, 3, 2, 2, 1, 3, 8, 4, 1, 11, 6,
        3, 1, 1, 1, 1, 1, 3, 1, 2, 1, 10, 1, 1, 8, 2, 7, 1, 2, 1, 9, 2, 10, 2, 1, 3, 4, 10};
    CHECK(degrees == expected);
}

TEST_CASE("choose_fragments: bc-ur vector for parts 1..30", "[offline][ur][fountain]") {
    const Bytes message = make_message(1024);
    const std::uint32_t checksum = flash::codec::crc32(message);
    std::vector<std::vector<std::size_t>> indexes;
    for (std::uint32_t seq_num = 1; seq_num <= 30; ++seq_num) indexes.push_back(choose_fragments(seq_num, 11, checksum));
    const std::vector<std::vector<std::size_t>> expected = {
        {0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}, {9}, {10}, {9}, {2, 5, 6, 8, 9, 10}, {8}, {1, 5}, {1},
        {0, 2, 4, 5, 8, 10}, {5}, {2}, {2}, {0, 1, 3, 4, 5, 7, 9, 10}, {0, 1, 2, 3, 5, 6, 8, 9, 10},
        {0, 2, 4, 5, 7, 8, 9, 10}, {3, 5}, {4}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, {0, 1, 3, 4, 5, 6, 7, 9, 10},
        {6}, {5, 6}, {7}};
    CHECK(indexes == expected);
}
