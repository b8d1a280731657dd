// BIP-380 descriptor checksums. No vector file exists for them: the first example is the figure of
// bip-0380.mediawiki "Test Vectors" ("raw(deadbeef)#89f8spxm"); the address descriptor's checksum
// was computed with the BIP's Python reference (descsum_create).
#include <catch2/catch.hpp>

#include "core/bitcoin/descriptor_checksum.hpp"
#include "support/errors.hpp"

using namespace flash;
using namespace flash::bitcoin;

TEST_CASE("descriptor checksum: the BIP-380 example", "[bitcoin][descriptor]") {
    CHECK(descriptor_checksum("raw(deadbeef)") == "89f8spxm");
    CHECK(with_descriptor_checksum("raw(deadbeef)") == "raw(deadbeef)#89f8spxm");
    CHECK(descriptor_checksum("addr(mkmZxiEcEd8ZqjQWVZuC6so5dFMKEFpN2j)") == "02wpgw69");
}

TEST_CASE("descriptor checksum: every character counts", "[bitcoin][descriptor]") {
    CHECK(descriptor_checksum("raw(deadbeee)") != "89f8spxm");
    CHECK(descriptor_checksum("raw(deadbeef) ") != "89f8spxm");
    CHECK(descriptor_checksum("RAW(deadbeef)") != "89f8spxm");
}

TEST_CASE("descriptor checksum: characters outside the set are refused", "[bitcoin][descriptor]") {
    test::require_error(Errc::bad_argument, [] { descriptor_checksum("raw(deadbeef)\n"); });
    test::require_error(Errc::bad_argument, [] { descriptor_checksum("raw(d\xc3\xa9)"); });
}
