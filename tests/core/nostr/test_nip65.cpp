// NIP-65 relay lists: building, lenient parsing, read/write selection.
#include <catch2/catch.hpp>
#include <string>

#include "core/nostr/nip65.hpp"
#include "support/errors.hpp"

using namespace flash;
using namespace flash::nostr;
using test::require_error;

TEST_CASE("NIP-65 relay list is built with markers", "[nostr][nip65]") {
    const UnsignedEvent ev = make_relay_list({{"wss://both.example/", true, true},
                                              {"wss://inbox.example", true, false},
                                              {"wss://outbox.example", false, true},
                                              {"WSS://BOTH.example", true, false}},
                                             1700000000);
    CHECK(ev.kind == 10002);
    CHECK(ev.created_at == 1700000000);
    CHECK(ev.content.empty());
    CHECK(ev.tags == std::vector<Tag>{{"r", "wss://both.example"},
                                      {"r", "wss://inbox.example", "read"},
                                      {"r", "wss://outbox.example", "write"}});
    const auto list = parse_relay_list(ev);
    REQUIRE(list.size() == 3);
    CHECK(read_relays(list) == std::vector<std::string>{"wss://both.example", "wss://inbox.example"});
    CHECK(write_relays(list) == std::vector<std::string>{"wss://both.example", "wss://outbox.example"});

    require_error(Errc::bad_argument, [] { make_relay_list({{"https://x.example", true, true}}, 0); });
    require_error(Errc::bad_argument, [] { make_relay_list({{"wss://x.example", false, false}}, 0); });
}

TEST_CASE("NIP-65 parsing skips what it cannot use and merges duplicates", "[nostr][nip65]") {
    UnsignedEvent ev;
    ev.kind = 10002;
    ev.tags = {{"r", "wss://a.example", "read"},
               {"r", "wss://a.example/", "write"},  // same relay: now read and write
               {"r", "not a url"},
               {"r", "wss://b.example", "sideways"},
               {"r"},
               {"p", "wss://c.example"},
               {"r", "wss://d.example", ""}};
    const auto list = parse_relay_list(ev);
    REQUIRE(list.size() == 2);
    CHECK(list[0].url == "wss://a.example");
    CHECK(list[0].read);
    CHECK(list[0].write);
    CHECK(list[1].url == "wss://d.example");
    CHECK(list[1].read);
    CHECK(list[1].write);

    ev.kind = 3;
    require_error(Errc::bad_event, [&] { parse_relay_list(ev); });
}
