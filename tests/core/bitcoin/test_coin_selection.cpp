#include <catch2/catch.hpp>

#include <vector>

#include "core/bitcoin/coin_selection.hpp"
#include "core/bitcoin/transaction.hpp"
#include "core/error.hpp"
#include "support/errors.hpp"

using namespace flash;
using namespace flash::bitcoin;

namespace {

constexpr std::size_t kP2wpkhOutput = 124;  // 31 vB
constexpr std::size_t kP2wpkhInput = 272;   // 68 vB

std::vector<CoinCandidate> coins(std::initializer_list<std::uint64_t> values) {
    std::vector<CoinCandidate> out;
    for (const auto value : values) out.push_back({value, kP2wpkhInput});
    return out;
}

CoinSelectionTarget pay(std::optional<std::uint64_t> amount, std::uint64_t sat_per_vb = 1) {
    return CoinSelectionTarget{amount, FeeRate{sat_per_vb * 1000}, kP2wpkhOutput, kP2wpkhOutput, 294, 294};
}

// One P2WPKH input paying one P2WPKH output: 42 + 272 + 124 = 438 WU = 110 vB; with change 141 vB.
constexpr std::uint64_t kFeeNoChange = 110;
constexpr std::uint64_t kFeeWithChange = 141;

}  // namespace

TEST_CASE("coin selection: an exact coin needs no change", "[bitcoin][coins]") {
    const auto selection = select_coins(coins({50000, 10000 + kFeeNoChange, 9000}), pay(10000));
    CHECK(selection.inputs == std::vector<std::size_t>{1});
    CHECK(selection.amount == 10000);
    CHECK(selection.change == 0);
    CHECK(selection.fee == kFeeNoChange);
    CHECK(selection.weight == 438);
}

TEST_CASE("coin selection: change below dust goes to the fee, at dust it is made", "[bitcoin][coins]") {
    const auto dusty = select_coins(coins({10000 + kFeeWithChange + 293}), pay(10000));
    CHECK(dusty.change == 0);
    CHECK(dusty.fee == kFeeWithChange + 293);
    const auto kept = select_coins(coins({10000 + kFeeWithChange + 294}), pay(10000));
    CHECK(kept.change == 294);
    CHECK(kept.fee == kFeeWithChange);
    CHECK(kept.weight == 438 + kP2wpkhOutput);
    CHECK(kept.amount + kept.change + kept.fee == 10000 + kFeeWithChange + 294);
}

TEST_CASE("coin selection: the smallest single coin that pays, else largest first", "[bitcoin][coins]") {
    CHECK(select_coins(coins({5000, 50000, 20000}), pay(15000)).inputs == std::vector<std::size_t>{2});
    const auto several = select_coins(coins({5000, 8000, 9000, 1000}), pay(15000));
    CHECK(several.inputs == std::vector<std::size_t>{2, 1});
    CHECK(several.amount + several.change + several.fee == 17000);
    // Ties keep the order given, so the result depends only on the input.
    CHECK(select_coins(coins({20000, 20000}), pay(15000)).inputs == std::vector<std::size_t>{1});
    CHECK(select_coins(coins({20000, 20000}), pay(15000)).inputs == select_coins(coins({20000, 20000}), pay(15000)).inputs);
}

TEST_CASE("coin selection: send-max spends every coin worth spending", "[bitcoin][coins]") {
    // Two inputs, one output: 42 + 2 * 272 + 124 = 710 WU = 178 vB.
    const auto max = select_coins(coins({10000, 20000}), pay(std::nullopt));
    CHECK(max.inputs.size() == 2);
    CHECK(max.change == 0);
    CHECK(max.fee == 178);
    CHECK(max.amount == 30000 - 178);
    // A 60-sat coin costs more (68 sat at 1 sat/vB) than it brings: left out.
    const auto skip = select_coins(coins({60, 10000}), pay(std::nullopt));
    CHECK(skip.inputs == std::vector<std::size_t>{1});
    CHECK(skip.amount == 10000 - kFeeNoChange);
    // The fee scales with the rate.
    CHECK(select_coins(coins({100000}), pay(std::nullopt, 10)).fee == 10 * kFeeNoChange);
}

TEST_CASE("coin selection: insufficient funds and bad amounts", "[bitcoin][coins]") {
    test::require_error(Errc::insufficient_funds, [] { select_coins(coins({5000, 5000}), pay(10000)); });
    test::require_error(Errc::insufficient_funds, [] { select_coins(coins({}), pay(1000)); });
    test::require_error(Errc::insufficient_funds, [] { select_coins(coins({}), pay(std::nullopt)); });
    test::require_error(Errc::insufficient_funds, [] { select_coins(coins({60, 67}), pay(std::nullopt)); });
    // Send-max that would leave the recipient dust.
    test::require_error(Errc::insufficient_funds, [] { select_coins(coins({kFeeNoChange + 293}), pay(std::nullopt)); });
    CHECK(select_coins(coins({kFeeNoChange + 294}), pay(std::nullopt)).amount == 294);
    // Exactly enough, and one satoshi short.
    CHECK_NOTHROW(select_coins(coins({10000 + kFeeNoChange}), pay(10000)));
    test::require_error(Errc::insufficient_funds, [] { select_coins(coins({10000 + kFeeNoChange - 1}), pay(10000)); });
    test::require_error(Errc::bad_argument, [] { select_coins(coins({10000}), pay(0)); });
    test::require_error(Errc::bad_argument, [] { select_coins(coins({10000}), pay(max_money + 1)); });
}
