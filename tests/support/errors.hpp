// Checking the flash::Error code an expression throws.
//   REQUIRE_THROWS_CODE(decode(text), flash::Errc::bad_checksum);
//   flash::test::require_error(flash::Errc::bad_checksum, [&] { decode(text); });
//   CHECK(flash::test::thrown_code([&] { decode(text); }) == flash::Errc::bad_checksum);
#pragma once

#include <catch2/catch.hpp>
#include <optional>
#include <string>
#include <utility>

#include "core/error.hpp"

namespace flash::test {

/// The code of the flash::Error that `f` throws, or nullopt if it returns normally. Any other
/// exception propagates (and fails the test).
template <class F>
std::optional<Errc> thrown_code(F&& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.code();
    }
    return std::nullopt;
}

/// Fails the current test unless `f` throws flash::Error with code `expected`.
template <class F>
void require_error(Errc expected, F&& f) {
    const std::optional<Errc> got = thrown_code(std::forward<F>(f));
    INFO("expected " << errc_name(expected) << ", got "
                     << (got ? std::string(errc_name(*got)) : std::string("no exception")));
    REQUIRE(got == expected);
}

/// Matches a flash::Error by code, for REQUIRE_THROWS_MATCHES.
class ErrcMatcher : public Catch::MatcherBase<Error> {
public:
    explicit ErrcMatcher(Errc code) : code_(code) {}
    bool match(const Error& e) const override { return e.code() == code_; }
    std::string describe() const override { return "has code " + std::string(errc_name(code_)); }

private:
    Errc code_;
};

}  // namespace flash::test

// Catch prints codes by name in failure messages.
namespace Catch {
template <>
struct StringMaker<flash::Errc> {
    static std::string convert(flash::Errc code) { return std::string(flash::errc_name(code)); }
};
template <>
struct StringMaker<std::optional<flash::Errc>> {
    static std::string convert(const std::optional<flash::Errc>& code) {
        return code ? std::string(flash::errc_name(*code)) : std::string("no exception");
    }
};
}  // namespace Catch

#define REQUIRE_THROWS_CODE(expr, code) \
    REQUIRE_THROWS_MATCHES(expr, flash::Error, flash::test::ErrcMatcher(code))
