// Proof selection: exact matches, covering amount + input fee (NUT-02), output denominations.
#include <catch2/catch.hpp>
#include <vector>

#include "core/wallet/proof_selection.hpp"
#include "support/errors.hpp"

using namespace flash;
using namespace flash::wallet;

namespace {
std::vector<Candidate> candidates(std::initializer_list<cashu::Amount> amounts, std::uint64_t ppk = 0) {
    std::vector<Candidate> out;
    for (const auto a : amounts) out.push_back({a, ppk});
    return out;
}
}  // namespace

TEST_CASE("split_amount gives the powers of two in ascending order", "[wallet]") {
    CHECK(split_amount(0).empty());
    CHECK(split_amount(13) == std::vector<cashu::Amount>{1, 4, 8});
    CHECK(split_amount(UINT64_MAX).size() == 64);
    CHECK(split_amount(cashu::Amount{1} << 63) == std::vector<cashu::Amount>{cashu::Amount{1} << 63});
}

TEST_CASE("select_exact finds proofs that sum to the amount", "[wallet]") {
    const auto c = candidates({64, 32, 4, 1});
    const auto s = select_exact(c, 36, false);
    REQUIRE(s);
    CHECK(s->indices == std::vector<std::size_t>{1, 2});
    CHECK(s->total == 36);
    CHECK_FALSE(select_exact(c, 3, false));
    CHECK_FALSE(select_exact(c, 0, false));
}

TEST_CASE("select_exact with fees includes the fee of the chosen proofs", "[wallet]") {
    // 100 ppk per proof: two proofs cost ceil(200/1000) = 1.
    const auto c = candidates({32, 4, 1}, 100);
    const auto s = select_exact(c, 35, true);  // 32 + 4 = 36 = 35 + 1
    REQUIRE(s);
    CHECK(s->total == 36);
    CHECK(s->fee == 1);
}

TEST_CASE("select_covering prefers one small proof, else the fewest large ones", "[wallet]") {
    const auto c = candidates({1, 2, 8, 16, 64});
    auto s = select_covering(c, 10);
    REQUIRE(s);
    CHECK(s->indices == std::vector<std::size_t>{3});  // 16, the smallest single proof >= 10
    s = select_covering(c, 70);
    REQUIRE(s);
    CHECK(s->total >= 70);
    CHECK(s->indices == std::vector<std::size_t>{2, 4});  // 64 + 8 (not 64 + 16)
    CHECK_FALSE(select_covering(c, 92));
    CHECK(select_covering(c, 91)->total == 91);
}

TEST_CASE("select_covering accounts for the input fee of every proof taken", "[wallet]") {
    // 1000 ppk: each proof costs 1.
    const auto c = candidates({4, 4, 4}, 1000);
    const auto s = select_covering(c, 6);  // 4+4 = 8 >= 6 + 2
    REQUIRE(s);
    CHECK(s->indices.size() == 2);
    CHECK(s->fee == 2);
    CHECK_FALSE(select_covering(c, 10));  // 12 < 10 + 3
}

TEST_CASE("add_amounts refuses to overflow", "[wallet]") {
    CHECK(add_amounts(1, 2) == 3);
    REQUIRE_THROWS_CODE(add_amounts(UINT64_MAX, 1), Errc::bad_argument);
}
