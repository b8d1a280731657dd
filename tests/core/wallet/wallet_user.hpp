// A test user of the Cashu wallet: a CashuWallet on its own SQLite database, and the loop that
// makes every call the wallet asks for against an in-process FakeMint.
#pragma once

#include <catch2/catch.hpp>
#include <string>

#include "core/cashu/token.hpp"
#include "core/store/sqlite.hpp"
#include "core/wallet/cashu_wallet.hpp"
#include "fake_mint.hpp"

namespace flash::test {

inline ByteArray<64> seed_of(std::uint8_t first) {
    ByteArray<64> seed{};
    for (std::size_t i = 0; i < seed.size(); ++i) seed[i] = static_cast<std::uint8_t>(first + i);
    return seed;
}

/// Makes every call the wallet asks for against the mint until the operation is over.
inline wallet::Step run(wallet::CashuWallet& wallet, FakeMint& mint, wallet::Step step) {
    for (int guard = 0; step.request && guard < 100; ++guard) {
        const auto answer = mint.handle(*step.request);
        step = wallet.finish(step.operation, answer.status, answer.body);
    }
    return step;
}

/// A wallet on its own database (in memory unless a path is given).
struct User {
    store::Database db;
    wallet::CashuWallet wallet;
    FakeMint& mint;

    explicit User(FakeMint& m, std::uint8_t seed = 1, const std::string& path = ":memory:")
        : db(store::Database::open(path, store::OpenMode::read_write)), wallet(db, seed_of(seed)), mint(m) {}

    wallet::Step run(wallet::Step step) { return test::run(wallet, mint, std::move(step)); }
    void add_mint() { REQUIRE_FALSE(run(wallet.begin_add_mint(mint.url() + "/")).failure); }
    void fund(cashu::Amount amount) {
        const wallet::Step quote = run(wallet.begin_mint_quote(mint.url(), amount));
        REQUIRE_FALSE(quote.failure);
        const wallet::Step minted = run(wallet.begin_mint(quote.result.at("quote").get<std::string>()));
        REQUIRE_FALSE(minted.failure);
        CHECK(minted.result.at("amount") == amount);
    }
    cashu::Amount total(const char* field) {
        cashu::Amount sum = 0;
        for (const auto& b : wallet.balances()) sum += b.at(field).get<cashu::Amount>();
        return sum;
    }
    cashu::Amount balance() { return total("balance"); }
    cashu::Amount pending() { return total("pending"); }
    std::string send(cashu::Amount amount, const wallet::SendOptions& options = {}) {
        const wallet::Step sent = run(wallet.begin_send(mint.url(), amount, options));
        REQUIRE_FALSE(sent.failure);
        return sent.result.at("token").get<std::string>();
    }
};

inline cashu::Amount token_amount(const std::string& text) {
    cashu::Amount total = 0;
    for (const auto& p : cashu::decode_token(text).proofs) total += p.amount;
    return total;
}

}  // namespace flash::test
