// NIP-29 groups, client side: the events a member sends, and the relay-signed group state with
// its signer check.
#include <catch2/catch.hpp>
#include <string>

#include "core/codec/hex.hpp"
#include "core/crypto/secp256k1.hpp"
#include "core/nostr/nip29.hpp"
#include "support/errors.hpp"

using namespace flash;
using namespace flash::nostr;
using test::require_error;
namespace groups = flash::nostr::groups;

namespace {

crypto::SecretKey key_of(const char* last_byte_hex) {
    return crypto::secret_key_from(codec::hex_decode(std::string(62, '0') + last_byte_hex));
}

const crypto::SecretKey relay_key = key_of("29");
const crypto::SecretKey member_key = key_of("30");
const crypto::XOnlyKey relay_pub = crypto::xonly_public_key(relay_key).key;
const crypto::XOnlyKey member_pub = crypto::xonly_public_key(member_key).key;

Event relay_event(std::uint16_t kind, std::vector<Tag> tags, const crypto::SecretKey& signer = relay_key) {
    UnsignedEvent draft;
    draft.created_at = 1700000000;
    draft.kind = kind;
    draft.tags = std::move(tags);
    return sign(draft, signer);
}

}  // namespace

TEST_CASE("NIP-29 join, leave and chat events", "[nostr][nip29]") {
    const UnsignedEvent join = groups::make_join_request("pizza", 1700000000, "INVITE1", "let me in");
    CHECK(join.kind == 9021);
    CHECK(join.content == "let me in");
    CHECK(join.tags == std::vector<Tag>{{"h", "pizza"}, {"code", "INVITE1"}});
    CHECK(groups::make_join_request("pizza", 0).tags == std::vector<Tag>{{"h", "pizza"}});

    const UnsignedEvent leave = groups::make_leave_request("pizza", 1700000000);
    CHECK(leave.kind == 9022);
    CHECK(leave.tags == std::vector<Tag>{{"h", "pizza"}});

    EventId a{}, b{};
    a[0] = 0xde; a[1] = 0xad; a[2] = 0xbe; a[3] = 0xef; a[4] = 0x11;
    b.fill(0x01);
    const UnsignedEvent chat = groups::make_chat_message("pizza", "hello", 1700000000, {a, b});
    CHECK(chat.kind == 9);
    CHECK(chat.content == "hello");
    CHECK(chat.tags == std::vector<Tag>{{"h", "pizza"}, {"previous", "deadbeef", "01010101"}});
    CHECK(groups::group_of(chat) == std::optional<std::string>{"pizza"});
    CHECK_FALSE(groups::group_of(UnsignedEvent{}));
    require_error(Errc::bad_argument, [] { groups::make_chat_message("", "x", 0); });
}

TEST_CASE("NIP-29 group metadata from the relay", "[nostr][nip29]") {
    const Event ev = relay_event(39000, {{"d", "pizza"},
                                         {"name", "Pizza Lovers"},
                                         {"picture", "https://pizza.example/p.png"},
                                         {"about", "a group for people who love pizza"},
                                         {"private"},
                                         {"closed"},
                                         {"supported_kinds", "9", "11", "x", "70000"},
                                         {"parent", "food"}});
    const groups::GroupMetadata meta = groups::parse_group_metadata(ev, relay_pub);
    CHECK(meta.id == "pizza");
    CHECK(meta.name == std::optional<std::string>{"Pizza Lovers"});
    CHECK(meta.picture == std::optional<std::string>{"https://pizza.example/p.png"});
    CHECK(meta.about == std::optional<std::string>{"a group for people who love pizza"});
    CHECK(meta.is_private);
    CHECK(meta.closed);
    CHECK_FALSE(meta.restricted);
    CHECK_FALSE(meta.hidden);
    CHECK(meta.supported_kinds == std::optional<std::vector<std::uint16_t>>{{9, 11}});
    CHECK(meta.parent == std::optional<std::string>{"food"});

    const groups::GroupMetadata plain =
        groups::parse_group_metadata(relay_event(39000, {{"d", "g"}, {"restricted"}, {"hidden"}}), relay_pub);
    CHECK(plain.restricted);
    CHECK(plain.hidden);
    CHECK_FALSE(plain.name);
    CHECK_FALSE(plain.supported_kinds);
}

TEST_CASE("NIP-29 admins and members", "[nostr][nip29]") {
    const std::string member_hex = codec::hex_encode(member_pub);
    const Event admins = relay_event(39001, {{"d", "pizza"},
                                             {"p", member_hex, "ceo", "gardener"},
                                             {"p", "not-hex"},
                                             {"p", codec::hex_encode(relay_pub)}});
    const groups::GroupAdmins parsed = groups::parse_group_admins(admins, relay_pub);
    CHECK(parsed.id == "pizza");
    REQUIRE(parsed.admins.size() == 2);
    CHECK(parsed.admins[0].pubkey == member_pub);
    CHECK(parsed.admins[0].roles == std::vector<std::string>{"ceo", "gardener"});
    CHECK(parsed.admins[1].roles.empty());

    const Event members = relay_event(39002, {{"d", "pizza"}, {"p", member_hex}, {"p", codec::hex_encode(relay_pub)}});
    const groups::GroupMembers list = groups::parse_group_members(members, relay_pub);
    CHECK(list.members == std::vector<crypto::XOnlyKey>{member_pub, relay_pub});
}

TEST_CASE("NIP-29 group state must be signed by the relay", "[nostr][nip29]") {
    // Signed by a member, not the relay.
    const Event forged = relay_event(39000, {{"d", "pizza"}, {"name", "mine now"}}, member_key);
    require_error(Errc::bad_event, [&] { groups::parse_group_metadata(forged, relay_pub); });
    // Right signer, broken signature.
    Event tampered = relay_event(39002, {{"d", "pizza"}});
    tampered.tags.push_back({"p", codec::hex_encode(member_pub)});
    require_error(Errc::bad_event, [&] { groups::parse_group_members(tampered, relay_pub); });
    // Wrong kind and missing d tag.
    require_error(Errc::bad_event, [&] { groups::parse_group_admins(relay_event(39002, {{"d", "x"}}), relay_pub); });
    require_error(Errc::bad_event, [&] { groups::parse_group_metadata(relay_event(39000, {{"name", "x"}}), relay_pub); });
    require_error(Errc::bad_event, [&] { groups::parse_group_metadata(relay_event(39000, {{"d", ""}}), relay_pub); });
}
