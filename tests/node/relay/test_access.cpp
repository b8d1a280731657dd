#include <catch2/catch.hpp>

#include "core/codec/hex.hpp"
#include "core/crypto/random.hpp"
#include "core/nostr/event.hpp"
#include "node/relay/access.hpp"
#include "node/relay/subscriptions.hpp"

using namespace flash;
using namespace flash::node::relay;

namespace {

crypto::XOnlyKey random_key() { return crypto::random_array<32>(); }

nostr::Event event_to(std::uint16_t kind, const crypto::XOnlyKey& author, const crypto::XOnlyKey& recipient) {
    nostr::Event e;
    e.kind = kind;
    e.pubkey = author;
    e.tags = {{"p", codec::hex_encode(recipient)}};
    return e;
}

}  // namespace

TEST_CASE("access: DMs and gift wraps reach only their recipients", "[access]") {
    const auto alice = random_key(), bob = random_key(), eve = random_key();
    const std::vector<crypto::XOnlyKey> none, as_bob{bob}, as_eve{eve}, as_alice{alice}, as_eve_and_bob{eve, bob};
    const auto wrap = event_to(1059, random_key(), bob);
    CHECK_FALSE(may_read_private(wrap, none));
    CHECK_FALSE(may_read_private(wrap, as_eve));
    CHECK(may_read_private(wrap, as_bob));
    CHECK(may_read_private(wrap, as_eve_and_bob));
    CHECK_FALSE(may_read_private(wrap, as_alice));  // a wrap's author key is one-time: nobody's
    const auto dm = event_to(4, alice, bob);
    CHECK(may_read_private(dm, as_alice));  // kind 4: the author too
    CHECK(may_read_private(dm, as_bob));
    CHECK_FALSE(may_read_private(dm, as_eve));
    CHECK(may_read_private(event_to(1, alice, bob), none));  // public kinds are public

    nostr::Filter no_kinds, dms, notes;
    dms.kinds = std::vector<std::uint16_t>{1, 1059};
    notes.kinds = std::vector<std::uint16_t>{1};
    CHECK_FALSE(asks_for_private_kinds({no_kinds}));
    CHECK_FALSE(asks_for_private_kinds({notes}));
    CHECK(asks_for_private_kinds({notes, dms}));
}

TEST_CASE("subscriptions: add, replace, match, remove", "[subscriptions]") {
    Subscriptions subs;
    auto* a = reinterpret_cast<Session*>(0x1000);
    auto* b = reinterpret_cast<Session*>(0x2000);
    nostr::Filter notes, dms;
    notes.kinds = std::vector<std::uint16_t>{1};
    dms.kinds = std::vector<std::uint16_t>{4};
    subs.add(a, "x", {notes});
    subs.add(a, "x", {dms});  // same id: replaced, not added
    subs.add(a, "y", {notes});
    subs.add(b, "x", {notes, dms});
    CHECK(subs.total() == 3);
    CHECK(subs.count(a) == 2);
    nostr::Event note;
    note.kind = 1;
    std::vector<std::pair<Session*, std::string>> got;
    subs.for_each_match(note, [&](Session* s, const std::string& id) { got.emplace_back(s, id); });
    CHECK(got == std::vector<std::pair<Session*, std::string>>{{a, "y"}, {b, "x"}});
    CHECK(subs.remove(a, "y"));
    CHECK_FALSE(subs.remove(a, "y"));
    subs.remove_all(b);
    CHECK(subs.total() == 1);
    CHECK(subs.count(b) == 0);
}
