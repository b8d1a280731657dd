// NIP-29 groups, the relay's side: who may create, join, post and moderate, the relay-signed state
// (read back with the client's own parsers), read access, and rebuilding from the store.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <iterator>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "core/codec/hex.hpp"
#include "core/crypto/random.hpp"
#include "core/crypto/secp256k1.hpp"
#include "core/nostr/nip29.hpp"
#include "node/relay/groups.hpp"

using namespace flash;
using flash::node::relay::GroupDecision;
using flash::node::relay::Groups;
namespace nip29 = flash::nostr::groups;

namespace {

constexpr std::int64_t t0 = 1700000000;

struct Person {
    crypto::SecretKey key;
    crypto::XOnlyKey pub;
    std::string hex;
};

Person person() {
    for (;;) {
        const ByteArray<32> bytes = crypto::random_array<32>();
        if (!crypto::is_valid_secret_key(bytes)) continue;
        Person p{crypto::secret_key_from(bytes), {}, {}};
        p.pub = crypto::xonly_public_key(p.key).key;
        p.hex = codec::hex_encode(p.pub);
        return p;
    }
}

nostr::Event make(std::uint16_t kind, std::vector<nostr::Tag> tags, const Person& author,
                  std::int64_t created_at = t0, std::string content = {}) {
    nostr::UnsignedEvent draft;
    draft.kind = kind;
    draft.tags = std::move(tags);
    draft.created_at = created_at;
    draft.content = std::move(content);
    return nostr::sign(std::move(draft), author.key);
}

nostr::Event signed_by(nostr::UnsignedEvent draft, const Person& author) { return nostr::sign(std::move(draft), author.key); }

/// The one event of `kind` among the decision's published ones.
const nostr::Event& published(const GroupDecision& d, std::uint16_t kind) {
    const auto it = std::find_if(d.publish.begin(), d.publish.end(), [&](const nostr::Event& e) { return e.kind == kind; });
    REQUIRE(it != d.publish.end());
    REQUIRE(std::count_if(d.publish.begin(), d.publish.end(), [&](const nostr::Event& e) { return e.kind == kind; }) == 1);
    return *it;
}

bool has_published(const GroupDecision& d, std::uint16_t kind) {
    return std::any_of(d.publish.begin(), d.publish.end(), [&](const nostr::Event& e) { return e.kind == kind; });
}

std::set<crypto::XOnlyKey> members_of(const GroupDecision& d, const crypto::XOnlyKey& relay) {
    const auto list = nip29::parse_group_members(published(d, 39002), relay).members;
    return {list.begin(), list.end()};
}

std::map<crypto::XOnlyKey, std::vector<std::string>> admins_of(const GroupDecision& d, const crypto::XOnlyKey& relay) {
    std::map<crypto::XOnlyKey, std::vector<std::string>> out;
    for (const auto& a : nip29::parse_group_admins(published(d, 39001), relay).admins) out[a.pubkey] = a.roles;
    return out;
}

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

#define REQUIRE_ACCEPTED(decision)            \
    do {                                      \
        const GroupDecision& d_ = (decision); \
        INFO(d_.reason);                      \
        REQUIRE(d_.accepted);                 \
    } while (0)

/// A refusal changes nothing and says why with the expected prefix.
#define REQUIRE_REFUSED(decision, prefix)            \
    do {                                             \
        const GroupDecision& d_ = (decision);        \
        INFO(d_.reason);                             \
        REQUIRE_FALSE(d_.accepted);                  \
        CHECK(starts_with(d_.reason, prefix));       \
        CHECK(d_.publish.empty());                   \
        CHECK(d_.remove.empty());                    \
    } while (0)

/// A relay in miniature: stores what is accepted and published, applies removals, like the real one.
struct MiniRelay {
    explicit MiniRelay(const crypto::SecretKey& key) : groups(key) {}
    Groups groups;
    std::map<nostr::EventId, nostr::Event> store;

    GroupDecision send(const nostr::Event& event, std::int64_t now_s = t0) {
        REQUIRE(Groups::is_group_event(event));
        GroupDecision d = groups.on_event(event, now_s);
        if (!d.accepted) return d;
        store[event.id] = event;
        for (const nostr::Event& e : d.publish) {
            // Addressable: keep the newest per (kind, d), as the store does.
            if (nostr::classify(e.kind) == nostr::KindClass::addressable) {
                const std::string d_tag = *nostr::first_tag_value(e.tags, "d");
                for (auto it = store.begin(); it != store.end();) {
                    const std::string* other = nostr::first_tag_value(it->second.tags, "d");
                    const bool same = it->second.kind == e.kind && it->second.pubkey == e.pubkey && other && *other == d_tag;
                    if (same) REQUIRE(it->second.created_at < e.created_at);  // the new version must win
                    it = same ? store.erase(it) : std::next(it);
                }
            }
            store[e.id] = e;
        }
        for (const nostr::EventId& id : d.remove) store.erase(id);
        return d;
    }

    std::vector<nostr::Event> stored() const {
        std::vector<nostr::Event> out;
        for (const auto& entry : store) out.push_back(entry.second);
        return out;
    }
};

}  // namespace

TEST_CASE("groups: which events are group events", "[groups]") {
    const Person alice = person();
    CHECK(Groups::is_group_event(make(9, {{"h", "pizza"}}, alice)));
    CHECK(Groups::is_group_event(make(1, {{"h"}}, alice)));
    CHECK(Groups::is_group_event(make(9007, {}, alice)));
    CHECK(Groups::is_group_event(make(9022, {}, alice)));
    CHECK(Groups::is_group_event(make(39000, {{"d", "pizza"}}, alice)));
    CHECK(Groups::is_group_event(make(39003, {{"d", "pizza"}}, alice)));
    CHECK_FALSE(Groups::is_group_event(make(1, {{"p", alice.hex}}, alice)));
    CHECK_FALSE(Groups::is_group_event(make(39004, {{"d", "pizza"}}, alice)));
    CHECK_FALSE(Groups::is_group_event(make(8999, {}, alice)));
}

TEST_CASE("groups: a full life cycle", "[groups]") {
    const Person relay_key = person(), alice = person(), bob = person(), carol = person();
    MiniRelay relay(relay_key.key);
    const crypto::XOnlyKey& rp = relay.groups.relay_pubkey();
    CHECK(rp == relay_key.pub);

    // Create: the creator is admin and member; the relay publishes all four state events.
    const GroupDecision created = relay.send(make(9007, {{"h", "pizza"}, {"name", "Pizza Lovers"}}, alice));
    REQUIRE_ACCEPTED(created);
    REQUIRE(created.publish.size() == 4);
    for (const nostr::Event& e : created.publish) {
        CHECK(e.pubkey == rp);
        CHECK(nostr::verify(e));
        CHECK(*nostr::first_tag_value(e.tags, "d") == "pizza");
    }
    const nip29::GroupMetadata meta = nip29::parse_group_metadata(published(created, 39000), rp);
    CHECK(meta.id == "pizza");
    CHECK(meta.name == std::optional<std::string>{"Pizza Lovers"});
    CHECK_FALSE(meta.is_private);
    CHECK_FALSE(meta.closed);
    CHECK(admins_of(created, rp) == std::map<crypto::XOnlyKey, std::vector<std::string>>{{alice.pub, {"admin"}}});
    CHECK(members_of(created, rp) == std::set<crypto::XOnlyKey>{alice.pub});
    const nostr::Event& roles = published(created, 39003);
    REQUIRE(nostr::first_tag_value(roles.tags, "role") != nullptr);
    CHECK(*nostr::first_tag_value(roles.tags, "role") == "admin");

    REQUIRE_REFUSED(relay.send(make(9007, {{"h", "pizza"}}, bob)), "duplicate:");

    // A non-member may not post, even with the client's own builder.
    REQUIRE_REFUSED(relay.send(signed_by(nip29::make_chat_message("pizza", "hi", t0), bob)),
                    "restricted: not a member of this group");

    // Only an admin edits; closed + private + about.
    REQUIRE_REFUSED(relay.send(make(9002, {{"h", "pizza"}, {"name", "Bob's"}}, bob)), "restricted:");
    const GroupDecision edited =
        relay.send(make(9002, {{"h", "pizza"}, {"closed"}, {"private"}, {"about", "for pizza people"}}, alice));
    REQUIRE_ACCEPTED(edited);
    REQUIRE(edited.publish.size() == 1);
    const nip29::GroupMetadata closed = nip29::parse_group_metadata(published(edited, 39000), rp);
    CHECK(closed.closed);
    CHECK(closed.is_private);
    CHECK_FALSE(closed.restricted);
    CHECK_FALSE(closed.hidden);
    CHECK(closed.name == std::optional<std::string>{"Pizza Lovers"});  // absent = unchanged
    CHECK(closed.about == std::optional<std::string>{"for pizza people"});

    // Closed: joining needs an invite code.
    REQUIRE_REFUSED(relay.send(signed_by(nip29::make_join_request("pizza", t0), bob)), "restricted:");
    REQUIRE_REFUSED(relay.send(make(9009, {{"h", "pizza"}, {"code", "BOB-ONLY"}}, bob)), "restricted:");
    const GroupDecision invite = relay.send(make(9009, {{"h", "pizza"}, {"code", "PIZZA-1"}}, alice));
    REQUIRE_ACCEPTED(invite);
    CHECK(invite.publish.empty());
    REQUIRE_REFUSED(relay.send(make(9009, {{"h", "pizza"}, {"code", "PIZZA-1"}}, alice, t0 + 1)), "duplicate:");
    REQUIRE_REFUSED(relay.send(signed_by(nip29::make_join_request("pizza", t0, "WRONG"), bob)), "restricted:");

    const GroupDecision joined = relay.send(signed_by(nip29::make_join_request("pizza", t0, "PIZZA-1", "hi"), bob));
    REQUIRE_ACCEPTED(joined);
    CHECK(members_of(joined, rp) == std::set<crypto::XOnlyKey>{alice.pub, bob.pub});
    const nostr::Event& put = published(joined, 9000);  // the relay's own put-user, for clients
    CHECK(put.pubkey == rp);
    CHECK(*nostr::first_tag_value(put.tags, "h") == "pizza");
    CHECK(*nostr::first_tag_value(put.tags, "p") == bob.hex);

    REQUIRE_REFUSED(relay.send(signed_by(nip29::make_join_request("pizza", t0 + 1, "PIZZA-1"), bob)),
                    "duplicate: already a member");
    // Single use.
    REQUIRE_REFUSED(relay.send(signed_by(nip29::make_join_request("pizza", t0, "PIZZA-1"), carol)), "restricted:");

    // Members post; an admin deletes a post of this group, and nothing else.
    const nostr::Event chat = signed_by(nip29::make_chat_message("pizza", "margherita!", t0), bob);
    REQUIRE_ACCEPTED(relay.send(chat));
    REQUIRE_REFUSED(relay.send(chat), "duplicate:");
    const nostr::Event elsewhere = make(1, {}, bob);
    REQUIRE_REFUSED(relay.send(make(9005, {{"h", "pizza"}, {"e", codec::hex_encode(elsewhere.id)}}, alice)),
                    "invalid:");
    REQUIRE_REFUSED(relay.send(make(9005, {{"h", "pizza"}, {"e", codec::hex_encode(chat.id)}}, bob)), "restricted:");
    const GroupDecision deleted = relay.send(make(9005, {{"h", "pizza"}, {"e", codec::hex_encode(chat.id)}}, alice));
    REQUIRE_ACCEPTED(deleted);
    CHECK(deleted.remove == std::vector<nostr::EventId>{chat.id});
    CHECK(relay.store.count(chat.id) == 0);

    // put-user and remove-user.
    const GroupDecision put_carol = relay.send(make(9000, {{"h", "pizza"}, {"p", carol.hex}}, alice));
    REQUIRE_ACCEPTED(put_carol);
    CHECK(members_of(put_carol, rp) == std::set<crypto::XOnlyKey>{alice.pub, bob.pub, carol.pub});
    CHECK_FALSE(has_published(put_carol, 39001));  // no roles changed
    REQUIRE_ACCEPTED(relay.send(signed_by(nip29::make_chat_message("pizza", "hello", t0), carol)));
    const GroupDecision removed = relay.send(make(9001, {{"h", "pizza"}, {"p", carol.hex}}, alice));
    REQUIRE_ACCEPTED(removed);
    CHECK(members_of(removed, rp) == std::set<crypto::XOnlyKey>{alice.pub, bob.pub});
    REQUIRE_REFUSED(relay.send(signed_by(nip29::make_chat_message("pizza", "again", t0 + 1), carol)),
                    "restricted: not a member of this group");

    // Leave: the relay answers with its own remove-user.
    const GroupDecision left = relay.send(signed_by(nip29::make_leave_request("pizza", t0), bob));
    REQUIRE_ACCEPTED(left);
    CHECK(members_of(left, rp) == std::set<crypto::XOnlyKey>{alice.pub});
    CHECK(*nostr::first_tag_value(published(left, 9001).tags, "p") == bob.hex);
    CHECK(published(left, 9001).created_at > put.created_at);
    REQUIRE_REFUSED(relay.send(signed_by(nip29::make_leave_request("pizza", t0 + 1), bob)), "duplicate:");
    REQUIRE_REFUSED(relay.send(signed_by(nip29::make_leave_request("pizza", t0), alice)), "restricted:");

    // Delete the group: its state and its events go; it is unknown afterwards.
    std::set<nostr::EventId> state_ids;
    for (const auto& [id, e] : relay.store)
        if (e.kind >= 39000 && e.kind <= 39003) state_ids.insert(id);
    REQUIRE(state_ids.size() == 4);
    const std::int64_t metadata_at = relay.store.at(*std::find_if(state_ids.begin(), state_ids.end(), [&](const auto& id) {
                                                        return relay.store.at(id).kind == 39000;
                                                    })).created_at;
    REQUIRE_REFUSED(relay.send(make(9008, {{"h", "pizza"}}, bob)), "restricted:");
    const GroupDecision gone = relay.send(make(9008, {{"h", "pizza"}}, alice));
    REQUIRE_ACCEPTED(gone);
    const std::set<nostr::EventId> removed_ids(gone.remove.begin(), gone.remove.end());
    for (const nostr::EventId& id : state_ids) CHECK(removed_ids.count(id) == 1);
    CHECK(removed_ids.count(put.id) == 1);
    // Only the delete-group itself is left in the store.
    REQUIRE(relay.store.size() == 1);
    CHECK(relay.store.begin()->second.kind == 9008);
    REQUIRE_REFUSED(relay.send(signed_by(nip29::make_chat_message("pizza", "anyone?", t0), alice)),
                    "invalid: unknown group");
    REQUIRE_REFUSED(relay.send(signed_by(nip29::make_join_request("pizza", t0), bob)), "invalid: unknown group");

    // The id is free again; the new state is still newer than the deleted one.
    const GroupDecision again = relay.send(make(9007, {{"h", "pizza"}}, bob, t0 + 2));
    REQUIRE_ACCEPTED(again);
    CHECK(published(again, 39000).created_at > metadata_at);
    CHECK(admins_of(again, rp).count(bob.pub) == 1);
}

TEST_CASE("groups: each state version is newer than the last, even within one second", "[groups]") {
    const Person relay_key = person(), alice = person();
    MiniRelay relay(relay_key.key);
    const GroupDecision created = relay.send(make(9007, {{"h", "g1"}}, alice));
    REQUIRE_ACCEPTED(created);
    std::int64_t metadata_at = published(created, 39000).created_at;
    std::int64_t members_at = published(created, 39002).created_at;
    CHECK(metadata_at == t0);

    // Quick successive changes at the same clock, and a clock that steps back.
    for (int i = 0; i < 5; ++i) {
        const std::int64_t now = i == 4 ? t0 - 100 : t0;
        const GroupDecision edit =
            relay.send(make(9002, {{"h", "g1"}, {"name", "name " + std::to_string(i)}}, alice, now), now);
        REQUIRE_ACCEPTED(edit);
        CHECK(published(edit, 39000).created_at > metadata_at);
        metadata_at = published(edit, 39000).created_at;

        const GroupDecision put = relay.send(make(9000, {{"h", "g1"}, {"p", person().hex}}, alice, now), now);
        REQUIRE_ACCEPTED(put);
        CHECK(published(put, 39002).created_at > members_at);
        members_at = published(put, 39002).created_at;
    }
    // A later clock is used as is.
    const GroupDecision later = relay.send(make(9002, {{"h", "g1"}, {"name", "later"}}, alice, t0 + 1000), t0 + 1000);
    CHECK(published(later, 39000).created_at == t0 + 1000);
    // An edit that changes nothing publishes nothing.
    const GroupDecision same = relay.send(make(9002, {{"h", "g1"}, {"name", "later"}}, alice, t0 + 1001), t0 + 1001);
    REQUIRE_ACCEPTED(same);
    CHECK(same.publish.empty());
}

TEST_CASE("groups: reading private and hidden groups", "[groups]") {
    const Person relay_key = person(), alice = person(), bob = person(), eve = person();
    MiniRelay relay(relay_key.key);
    REQUIRE_ACCEPTED(relay.send(make(9007, {{"h", "club"}, {"private"}}, alice)));
    REQUIRE_ACCEPTED(relay.send(make(9000, {{"h", "club"}, {"p", bob.hex}}, alice)));
    const GroupDecision made_public = relay.send(make(9007, {{"h", "town"}}, alice));
    REQUIRE_ACCEPTED(made_public);
    const GroupDecision made_hidden = relay.send(make(9007, {{"h", "attic"}, {"hidden"}}, alice));
    REQUIRE_ACCEPTED(made_hidden);
    const Groups& groups = relay.groups;

    const std::vector<crypto::XOnlyKey> nobody, just_eve{eve.pub}, just_bob{bob.pub}, eve_and_bob{eve.pub, bob.pub};
    const nostr::Event secret = signed_by(nip29::make_chat_message("club", "psst", t0), bob);
    REQUIRE_ACCEPTED(relay.send(secret));
    CHECK_FALSE(groups.can_read(secret, nobody));
    CHECK_FALSE(groups.can_read(secret, just_eve));
    CHECK(groups.can_read(secret, just_bob));
    CHECK(groups.can_read(secret, eve_and_bob));  // one connection may authenticate several keys

    // Private: messages hidden, but the metadata stays visible so that people can ask to join.
    const std::vector<nostr::Event> club_state = [&] {
        std::vector<nostr::Event> out;
        for (const auto& entry : relay.store)
            if (entry.second.kind >= 39000 && *nostr::first_tag_value(entry.second.tags, "d") == "club")
                out.push_back(entry.second);
        return out;
    }();
    REQUIRE(club_state.size() == 4);
    for (const nostr::Event& e : club_state) CHECK(groups.can_read(e, nobody));

    // Public: everything readable.
    const nostr::Event open_chat = signed_by(nip29::make_chat_message("town", "hello all", t0), alice);
    REQUIRE_ACCEPTED(relay.send(open_chat));
    CHECK(groups.can_read(open_chat, nobody));
    for (const nostr::Event& e : made_public.publish) CHECK(groups.can_read(e, nobody));

    // Hidden: the state only to members; its messages are not private.
    for (const nostr::Event& e : made_hidden.publish) {
        CHECK_FALSE(groups.can_read(e, nobody));
        CHECK_FALSE(groups.can_read(e, just_eve));
        CHECK(groups.can_read(e, std::vector<crypto::XOnlyKey>{alice.pub}));
    }
    const nostr::Event attic_edit = make(9002, {{"h", "attic"}, {"about", "upstairs"}}, alice);
    REQUIRE_ACCEPTED(relay.send(attic_edit));
    CHECK_FALSE(groups.can_read(attic_edit, nobody));
    const nostr::Event attic_chat = signed_by(nip29::make_chat_message("attic", "dusty", t0), alice);
    REQUIRE_ACCEPTED(relay.send(attic_chat));
    CHECK(groups.can_read(attic_chat, nobody));

    // An invite holds its code: admins only, even in a public group.
    const nostr::Event invite = make(9009, {{"h", "town"}, {"code", "T1"}}, alice);
    REQUIRE_ACCEPTED(relay.send(invite));
    CHECK_FALSE(groups.can_read(invite, just_bob));
    CHECK(groups.can_read(invite, std::vector<crypto::XOnlyKey>{alice.pub}));

    // Events of no group or of an unknown group.
    CHECK(groups.can_read(make(1, {}, eve), nobody));
    CHECK(groups.can_read(make(9, {{"h", "nowhere"}}, eve), nobody));
}

TEST_CASE("groups: roles, the last admin, and invites of a demoted admin", "[groups]") {
    const Person relay_key = person(), alice = person(), bob = person(), carol = person();
    MiniRelay relay(relay_key.key);
    const crypto::XOnlyKey& rp = relay.groups.relay_pubkey();
    REQUIRE_ACCEPTED(relay.send(make(9007, {{"h", "crew"}, {"closed"}}, alice)));
    REQUIRE_ACCEPTED(relay.send(make(9009, {{"h", "crew"}, {"code", "FROM-ALICE"}}, alice)));

    // Roles: the last admin cannot drop the role or be removed.
    REQUIRE_REFUSED(relay.send(make(9000, {{"h", "crew"}, {"p", alice.hex}}, alice)), "restricted:");
    REQUIRE_REFUSED(relay.send(make(9001, {{"h", "crew"}, {"p", alice.hex}}, alice)), "restricted:");

    const GroupDecision promoted = relay.send(make(9000, {{"h", "crew"}, {"p", bob.hex, "admin", "baker", "admin"}}, alice));
    REQUIRE_ACCEPTED(promoted);
    CHECK(admins_of(promoted, rp) == std::map<crypto::XOnlyKey, std::vector<std::string>>{
                                         {alice.pub, {"admin"}}, {bob.pub, {"admin", "baker"}}});
    CHECK(members_of(promoted, rp) == std::set<crypto::XOnlyKey>{alice.pub, bob.pub});

    // Alice steps down to a plain member: she can no longer moderate, and her code is revoked.
    const GroupDecision stepped = relay.send(make(9000, {{"h", "crew"}, {"p", alice.hex}}, alice, t0 + 1));
    REQUIRE_ACCEPTED(stepped);
    CHECK(admins_of(stepped, rp) == std::map<crypto::XOnlyKey, std::vector<std::string>>{{bob.pub, {"admin", "baker"}}});
    CHECK_FALSE(has_published(stepped, 39002));
    REQUIRE_REFUSED(relay.send(make(9002, {{"h", "crew"}, {"name", "Alice's"}}, alice)), "restricted:");
    REQUIRE_REFUSED(relay.send(signed_by(nip29::make_join_request("crew", t0, "FROM-ALICE"), carol)), "restricted:");

    // Bob's invite works; an invite whose 9009 is deleted does not.
    const nostr::Event bob_invite = make(9009, {{"h", "crew"}, {"code", "B1"}, {"code", "B2"}}, bob);
    REQUIRE_ACCEPTED(relay.send(bob_invite));
    REQUIRE_ACCEPTED(relay.send(make(9005, {{"h", "crew"}, {"e", codec::hex_encode(bob_invite.id)}}, bob)));
    REQUIRE_REFUSED(relay.send(signed_by(nip29::make_join_request("crew", t0, "B1"), carol)), "restricted:");
    REQUIRE_ACCEPTED(relay.send(make(9009, {{"h", "crew"}, {"code", "B3"}}, bob)));
    REQUIRE_ACCEPTED(relay.send(signed_by(nip29::make_join_request("crew", t0, "B3"), carol)));

    // Open group: a join needs no code.
    REQUIRE_ACCEPTED(relay.send(make(9002, {{"h", "crew"}, {"open"}}, bob)));
    const Person dave = person();
    REQUIRE_ACCEPTED(relay.send(signed_by(nip29::make_join_request("crew", t0), dave)));

    // The admin leaving while another admin remains is fine.
    REQUIRE_ACCEPTED(relay.send(make(9000, {{"h", "crew"}, {"p", carol.hex, "admin"}}, bob)));
    const GroupDecision bob_left = relay.send(signed_by(nip29::make_leave_request("crew", t0), bob));
    REQUIRE_ACCEPTED(bob_left);
    CHECK(admins_of(bob_left, rp).count(bob.pub) == 0);
}

TEST_CASE("groups: load() rebuilds the same state from the store", "[groups]") {
    const Person relay_key = person(), alice = person(), bob = person(), carol = person(), dave = person(),
                 mallory = person();
    MiniRelay relay(relay_key.key);
    REQUIRE_ACCEPTED(relay.send(make(9007, {{"h", "vault"}, {"name", "Vault"}}, alice)));
    REQUIRE_ACCEPTED(relay.send(make(9002, {{"h", "vault"}, {"closed"}, {"private"}, {"hidden"}, {"restricted"}}, alice)));
    REQUIRE_ACCEPTED(relay.send(make(9009, {{"h", "vault"}, {"code", "USED"}, {"code", "FRESH"}}, alice)));
    const nostr::Event bob_join = signed_by(nip29::make_join_request("vault", t0, "USED"), bob);
    REQUIRE_ACCEPTED(relay.send(bob_join));
    REQUIRE_ACCEPTED(relay.send(make(9000, {{"h", "vault"}, {"p", carol.hex, "admin"}}, alice)));
    const nostr::Event chat = signed_by(nip29::make_chat_message("vault", "secret", t0), bob);
    REQUIRE_ACCEPTED(relay.send(chat));
    REQUIRE_ACCEPTED(relay.send(make(9007, {{"h", "gone"}}, alice)));
    REQUIRE_ACCEPTED(relay.send(make(9008, {{"h", "gone"}}, alice)));

    std::vector<nostr::Event> stored = relay.stored();
    // Noise a store may hold: a state event by another key, an older relay-signed version, and
    // events of no group.
    stored.push_back(make(39002, {{"d", "vault"}, {"p", mallory.hex}}, mallory, t0 + 5000));
    nostr::UnsignedEvent old_members;
    old_members.kind = 39002;
    old_members.created_at = t0 - 10;
    old_members.tags = {{"d", "vault"}, {"p", mallory.hex}};
    stored.push_back(nostr::sign(old_members, relay_key.key));
    stored.push_back(make(1, {{"h"}}, mallory));
    std::shuffle(stored.begin(), stored.end(), std::mt19937(7));

    Groups fresh(relay_key.key);
    fresh.load(stored);
    const std::vector<crypto::XOnlyKey> nobody, just_bob{bob.pub}, just_mallory{mallory.pub};

    // The same reads as before the restart.
    for (const nostr::Event& e : stored) {
        CAPTURE(e.kind);
        CHECK(fresh.can_read(e, nobody) == relay.groups.can_read(e, nobody));
        CHECK(fresh.can_read(e, just_bob) == relay.groups.can_read(e, just_bob));
        CHECK(fresh.can_read(e, just_mallory) == relay.groups.can_read(e, just_mallory));
    }
    CHECK_FALSE(fresh.can_read(chat, nobody));
    CHECK(fresh.can_read(chat, just_bob));

    // The same decisions: probe both with identical events.
    const auto both = [&](const nostr::Event& e, bool accepted, const char* prefix, std::int64_t now = t0 + 10) {
        const GroupDecision a = relay.groups.on_event(e, now), b = fresh.on_event(e, now);
        INFO(a.reason << " / " << b.reason);
        CHECK(a.accepted == accepted);
        CHECK(b.accepted == accepted);
        CHECK(starts_with(a.reason, prefix));
        CHECK(starts_with(b.reason, prefix));
        CHECK(a.remove == b.remove);
        REQUIRE(a.publish.size() == b.publish.size());
        for (std::size_t i = 0; i < a.publish.size(); ++i) {
            CHECK(a.publish[i].kind == b.publish[i].kind);
            CHECK(a.publish[i].tags == b.publish[i].tags);
            CHECK(a.publish[i].created_at == b.publish[i].created_at);
        }
        return b;
    };
    both(signed_by(nip29::make_chat_message("vault", "me too", t0), mallory), false, "restricted:");
    both(signed_by(nip29::make_chat_message("vault", "again", t0 + 1), bob), true, "");
    both(chat, false, "duplicate:");      // a replay stays a replay
    both(bob_join, false, "duplicate:");
    both(signed_by(nip29::make_join_request("vault", t0), dave), false, "restricted:");
    both(signed_by(nip29::make_join_request("vault", t0, "USED"), dave), false, "restricted:");
    both(make(9009, {{"h", "vault"}, {"code", "USED"}}, alice, t0 + 3), false, "duplicate:");
    both(make(9002, {{"h", "vault"}, {"name", "Mine"}}, mallory), false, "restricted:");
    both(make(9001, {{"h", "vault"}, {"p", bob.hex}}, carol, t0 + 4), true, "");  // carol is admin
    both(make(9005, {{"h", "vault"}, {"e", codec::hex_encode(chat.id)}}, alice, t0 + 5), true, "");
    both(signed_by(nip29::make_chat_message("gone", "hello?", t0), alice), false, "invalid: unknown group");
    const GroupDecision fresh_join = both(signed_by(nip29::make_join_request("vault", t0, "FRESH"), dave), true, "");
    // New versions are newer than the stored ones.
    const nip29::GroupMembers members = nip29::parse_group_members(published(fresh_join, 39002), fresh.relay_pubkey());
    CHECK(std::set<crypto::XOnlyKey>(members.members.begin(), members.members.end()) ==
          std::set<crypto::XOnlyKey>{alice.pub, carol.pub, dave.pub});
    std::int64_t newest_stored = 0;
    for (const auto& entry : relay.store)
        if (entry.second.kind == 39002) newest_stored = std::max(newest_stored, entry.second.created_at);
    CHECK(published(fresh_join, 39002).created_at > newest_stored);
    const nip29::GroupMetadata meta = nip29::parse_group_metadata(
        published(both(make(9002, {{"h", "vault"}, {"about", "x"}}, carol, t0 + 6), true, ""), 39000), fresh.relay_pubkey());
    CHECK(meta.name == std::optional<std::string>{"Vault"});
    CHECK(meta.closed);
    CHECK(meta.is_private);
    CHECK(meta.hidden);
    CHECK(meta.restricted);

    // What the relay loads today, the state events alone, is enough for membership and flags.
    std::vector<nostr::Event> state_only;
    std::copy_if(stored.begin(), stored.end(), std::back_inserter(state_only),
                 [](const nostr::Event& e) { return e.kind >= 39000 && e.kind <= 39003; });
    Groups minimal(relay_key.key);
    minimal.load(state_only);
    CHECK_FALSE(minimal.on_event(signed_by(nip29::make_chat_message("vault", "hi", t0), mallory), t0).accepted);
    CHECK(minimal.on_event(signed_by(nip29::make_chat_message("vault", "hi", t0), alice), t0).accepted);
    CHECK_FALSE(minimal.on_event(signed_by(nip29::make_join_request("vault", t0), mallory), t0).accepted);
    CHECK_FALSE(minimal.can_read(chat, nobody));
    CHECK(minimal.on_event(make(9002, {{"h", "vault"}, {"name", "V2"}}, carol), t0).accepted);

    // A different relay key reads nothing of it.
    Groups other(person().key);
    other.load(stored);
    CHECK(other.on_event(signed_by(nip29::make_chat_message("vault", "x", t0), alice), t0).reason ==
          "invalid: unknown group");
}

TEST_CASE("groups: malformed and forbidden events are refused", "[groups]") {
    const Person relay_key = person(), alice = person(), bob = person();
    Groups groups(relay_key.key);
    REQUIRE_ACCEPTED(groups.on_event(make(9007, {{"h", "g"}}, alice), t0));
    const auto refused = [&](const nostr::Event& e, const char* prefix) { REQUIRE_REFUSED(groups.on_event(e, t0), prefix); };

    // Group ids and h tags.
    refused(make(9007, {}, alice), "invalid: missing h tag");
    refused(make(9007, {{"h"}}, alice), "invalid:");
    refused(make(9007, {{"h", ""}}, alice), "invalid:");
    refused(make(9007, {{"h", "Pizza"}}, alice), "invalid:");
    refused(make(9007, {{"h", "a b"}}, alice), "invalid:");
    refused(make(9007, {{"h", std::string(65, 'a')}}, alice), "invalid:");
    REQUIRE_ACCEPTED(groups.on_event(make(9007, {{"h", std::string(64, 'a')}}, alice), t0));
    refused(make(9, {{"h", "g"}, {"h", "other"}}, alice), "invalid:");
    REQUIRE_ACCEPTED(groups.on_event(make(9, {{"h", "g"}, {"h", "g"}}, alice), t0));
    refused(make(9, {{"h", "nope"}}, alice), "invalid: unknown group");
    refused(make(9022, {}, alice), "invalid: missing h tag");

    // State events come from the relay only, and never through on_event.
    refused(make(39000, {{"d", "g"}, {"name", "mine"}}, bob), "restricted:");
    refused(make(39002, {{"d", "g"}, {"p", bob.hex}}, relay_key), "restricted:");
    refused(make(39003, {{"d", "g"}}, alice), "restricted:");

    // p tags.
    refused(make(9000, {{"h", "g"}}, alice), "invalid:");
    refused(make(9000, {{"h", "g"}, {"p"}}, alice), "invalid:");
    refused(make(9000, {{"h", "g"}, {"p", "zz"}}, alice), "invalid:");
    std::string upper = bob.hex;
    std::transform(upper.begin(), upper.end(), upper.begin(), [](char c) { return static_cast<char>(std::toupper(c)); });
    if (upper != bob.hex) refused(make(9000, {{"h", "g"}, {"p", upper}}, alice), "invalid:");
    refused(make(9000, {{"h", "g"}, {"p", std::string(64, 'f')}}, alice), "invalid:");  // x >= field size
    refused(make(9000, {{"h", "g"}, {"p", bob.hex, ""}}, alice), "invalid:");
    refused(make(9000, {{"h", "g"}, {"p", bob.hex, std::string(65, 'r')}}, alice), "invalid:");
    refused(make(9001, {{"h", "g"}, {"p", bob.hex.substr(2)}}, alice), "invalid:");
    // One bad p tag refuses all of them.
    refused(make(9000, {{"h", "g"}, {"p", bob.hex}, {"p", "00"}}, alice), "invalid:");

    // e tags, codes, metadata.
    refused(make(9005, {{"h", "g"}}, alice), "invalid:");
    refused(make(9005, {{"h", "g"}, {"e"}}, alice), "invalid:");
    refused(make(9005, {{"h", "g"}, {"e", "abc"}}, alice), "invalid:");
    refused(make(9009, {{"h", "g"}}, alice), "invalid:");
    refused(make(9009, {{"h", "g"}, {"code"}}, alice), "invalid:");
    refused(make(9009, {{"h", "g"}, {"code", std::string(129, 'c')}}, alice), "invalid:");
    refused(make(9021, {{"h", "g"}, {"code"}}, bob), "invalid:");
    refused(make(9002, {{"h", "g"}}, alice), "invalid:");
    refused(make(9002, {{"h", "g"}, {"name"}}, alice), "invalid:");
    refused(make(9002, {{"h", "g"}, {"private"}, {"public"}}, alice), "invalid:");
    refused(make(9002, {{"h", "g"}, {"hidden"}, {"visible"}}, alice), "invalid:");
    refused(make(9007, {{"h", "new"}, {"closed"}, {"open"}}, alice), "invalid:");
    refused(make(9003, {{"h", "g"}}, alice), "invalid: unsupported");
    refused(make(9020, {{"h", "g"}}, alice), "invalid: unsupported");

    // Management events far from the relay's clock (a replay, or a broken clock).
    refused(signed_by(nip29::make_join_request("g", t0 - 7200), bob), "invalid:");
    refused(signed_by(nip29::make_join_request("g", t0 + 7200), bob), "invalid:");

    // Tags with empty names or odd shapes do not crash anything.
    REQUIRE_ACCEPTED(groups.on_event(make(9, {{}, {"h", "g"}, {""}, {"p"}}, alice), t0));
    CHECK(groups.can_read(make(9, {{}, {"h"}, {"h", ""}}, bob), std::vector<crypto::XOnlyKey>{}));
    CHECK(groups.can_read(make(39000, {{}, {"d"}}, bob), std::vector<crypto::XOnlyKey>{}));

    // Nothing above changed the group: still just alice, still open.
    const GroupDecision joined = groups.on_event(signed_by(nip29::make_join_request("g", t0), bob), t0);
    REQUIRE_ACCEPTED(joined);
    const auto members = nip29::parse_group_members(published(joined, 39002), groups.relay_pubkey()).members;
    CHECK(std::set<crypto::XOnlyKey>(members.begin(), members.end()) == std::set<crypto::XOnlyKey>{alice.pub, bob.pub});
}
