// NIP-17: the 17.md example unwrapped into a typed message, chat and file messages wrapped for
// every participant and the sender, tag layout and parsing errors, and kind-10050 relay lists.
#include <catch2/catch.hpp>
#include <string>

#include "core/codec/hex.hpp"
#include "core/crypto/secp256k1.hpp"
#include "core/nostr/nip17.hpp"
#include "core/nostr/nip19.hpp"
#include "support/errors.hpp"
#include "support/vectors.hpp"

using flash::Errc;
using flash::codec::hex_decode;
using flash::codec::hex_decode_array;
using flash::codec::hex_encode;
using flash::test::require_error;
using namespace flash::nostr;
namespace crypto = flash::crypto;
using Json = nlohmann::json;

namespace {

crypto::SecretKey key(const char* hex) { return crypto::secret_key_from(hex_decode(hex)); }
crypto::XOnlyKey pub(const crypto::SecretKey& k) { return crypto::xonly_public_key(k).key; }

const auto alice = key("00000000000000000000000000000000000000000000000000000000000000a1");
const auto bob = key("00000000000000000000000000000000000000000000000000000000000000b0");
const auto carol = key("00000000000000000000000000000000000000000000000000000000000000c0");
const auto dave = key("00000000000000000000000000000000000000000000000000000000000000d0");
constexpr std::int64_t now = 1750000000;

DirectMessage chat(std::string text) {
    DirectMessage m;
    m.recipients = {pub(bob), pub(carol)};
    m.content = std::move(text);
    m.created_at = now - 5;
    return m;
}

FileMetadata photo() {
    FileMetadata f;
    f.file_type = "image/jpeg";
    f.encryption_algorithm = "aes-gcm";
    f.decryption_key = "a8d1c2e5f0b7a6d3c4e9f8a1b2c3d4e5";
    f.decryption_nonce = "0a1b2c3d4e5f60718293a4b5";
    f.sha256 = hex_decode_array<32>("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
    f.size = 123456;
    f.dim = "1920x1080";
    f.blurhash = "LEHV6nWB2yk8pyo0adR*.7kCMdnj";
    f.thumb = "https://files.example/thumb.enc";
    f.fallbacks = {"https://a.example/f.enc", "https://b.example/f.enc"};
    return f;
}

void check_same(const DirectMessage& got, const DirectMessage& sent, const crypto::XOnlyKey& sender) {
    CHECK(got.kind == sent.kind);
    CHECK(got.sender == sender);
    CHECK(got.recipients == sent.recipients);
    CHECK(got.content == sent.content);
    CHECK(got.created_at == sent.created_at);
    CHECK(got.reply_to == sent.reply_to);
    CHECK(got.subject == sent.subject);
    REQUIRE(got.file.has_value() == sent.file.has_value());
    if (got.file) {
        CHECK(got.file->file_type == sent.file->file_type);
        CHECK(got.file->encryption_algorithm == sent.file->encryption_algorithm);
        CHECK(got.file->decryption_key == sent.file->decryption_key);
        CHECK(got.file->decryption_nonce == sent.file->decryption_nonce);
        CHECK(got.file->sha256 == sent.file->sha256);
        CHECK(got.file->size == sent.file->size);
        CHECK(got.file->dim == sent.file->dim);
        CHECK(got.file->blurhash == sent.file->blurhash);
        CHECK(got.file->thumb == sent.file->thumb);
        CHECK(got.file->fallbacks == sent.file->fallbacks);
    }
}

}  // namespace

TEST_CASE("NIP-17 spec example unwraps into a chat message", "[nostr][nip17]") {
    const auto file = flash::test::load_vector_json("nostr/nip59-nip17-giftwrap.vectors.json");
    const Json& v = file.at("nip17");
    const auto sender = nip19::decode_nsec(v.at("sender_nsec").get<std::string>());
    const auto receiver = nip19::decode_nsec(v.at("receiver_nsec").get<std::string>());
    const Json& rumor = v.at("expected_rumor");
    for (const auto& w : v.at("wraps")) {
        INFO(w.at("addressed_to"));
        const auto& mine = w.at("addressed_to") == "receiver" ? receiver : sender;
        const DirectMessage m = unwrap_dm(event_from_json(w.at("wrap")), mine);
        CHECK(m.kind == kind_chat_message);
        CHECK(hex_encode(m.sender) == v.at("sender_public_key_hex").get<std::string>());
        REQUIRE(m.recipients.size() == 1);
        CHECK(hex_encode(m.recipients[0]) == v.at("receiver_public_key_hex").get<std::string>());
        CHECK(m.content == rumor.at("content").get<std::string>());
        CHECK(m.created_at == rumor.at("created_at").get<std::int64_t>());
        CHECK(!m.reply_to);
        CHECK(!m.subject);
        CHECK(!m.file);
    }
}

TEST_CASE("NIP-17 chat message: one wrap per recipient plus the sender's copy", "[nostr][nip17]") {
    DirectMessage sent = chat("lunch at 1?");
    sent.reply_to = hex_decode_array<32>("cf4d60706f9681a31c1cd5850779bcabe1578c1ae293296be20748c2e0771749");
    sent.subject = "Friday";
    sent.recipients.push_back(pub(bob));  // duplicates collapse
    const std::vector<AddressedWrap> wraps = wrap_dm(sent, alice, now);
    sent.recipients.pop_back();

    REQUIRE(wraps.size() == 3);
    CHECK(wraps[0].recipient == pub(bob));
    CHECK(wraps[1].recipient == pub(carol));
    CHECK(wraps[2].recipient == pub(alice));
    const crypto::SecretKey* owners[] = {&bob, &carol, &alice};
    EventId rumor_id{};
    for (std::size_t i = 0; i < wraps.size(); ++i) {
        INFO("wrap " << i);
        const Event& wrap = wraps[i].wrap;
        CHECK(wrap.kind == kind_gift_wrap);
        CHECK(wrap.tags == std::vector<Tag>{{"p", hex_encode(wraps[i].recipient)}});
        check_same(unwrap_dm(wrap, *owners[i]), sent, pub(alice));
        const Unwrapped inner = unwrap_gift(wrap, *owners[i]);
        if (i == 0) rumor_id = inner.rumor_id;
        CHECK(inner.rumor_id == rumor_id);  // everyone holds the same rumor
        require_error(Errc::decrypt_failed, [&] { unwrap_dm(wrap, dave); });
    }
    // The tag layout other clients expect.
    const UnsignedEvent rumor = unwrap_gift(wraps[0].wrap, bob).rumor;
    CHECK(rumor.tags == std::vector<Tag>{{"p", hex_encode(pub(bob))},
                                         {"p", hex_encode(pub(carol))},
                                         {"e", hex_encode(*sent.reply_to)},
                                         {"subject", "Friday"}});

    // Disappearing messages: no copy for the sender. A note to self: one wrap.
    CHECK(wrap_dm(sent, alice, now, false).size() == 2);
    DirectMessage self = chat("reminder");
    self.recipients = {pub(alice)};
    const auto own = wrap_dm(self, alice, now);
    REQUIRE(own.size() == 1);
    CHECK(unwrap_dm(own[0].wrap, alice).content == "reminder");
}

TEST_CASE("NIP-17 file message round trip", "[nostr][nip17]") {
    DirectMessage sent = chat("https://files.example/f.enc");
    sent.kind = kind_file_message;
    sent.file = photo();
    const auto wraps = wrap_dm(sent, alice, now);
    REQUIRE(wraps.size() == 3);
    check_same(unwrap_dm(wraps[1].wrap, carol), sent, pub(alice));

    const UnsignedEvent rumor = make_dm_rumor(sent);
    CHECK(rumor.kind == kind_file_message);
    CHECK(*first_tag_value(rumor.tags, "x") == "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
    CHECK(*first_tag_value(rumor.tags, "size") == "123456");
    // Only the required file tags: optional ones stay absent.
    DirectMessage minimal = sent;
    minimal.file->size.reset();
    minimal.file->dim.reset();
    minimal.file->blurhash.reset();
    minimal.file->thumb.reset();
    minimal.file->fallbacks.clear();
    CHECK(make_dm_rumor(minimal).tags.size() == 2 + 5);
    check_same(dm_from_rumor(make_dm_rumor(minimal)), minimal, minimal.sender);
}

TEST_CASE("NIP-17 rumor building and parsing errors", "[nostr][nip17]") {
    DirectMessage m = chat("x");
    m.kind = 1;
    require_error(Errc::bad_argument, [&] { make_dm_rumor(m); });
    m.kind = kind_file_message;  // without file metadata
    require_error(Errc::bad_argument, [&] { make_dm_rumor(m); });
    m.kind = kind_chat_message;
    m.file = photo();            // file metadata on a chat message
    require_error(Errc::bad_argument, [&] { make_dm_rumor(m); });
    m.file.reset();
    m.recipients.clear();
    require_error(Errc::bad_argument, [&] { make_dm_rumor(m); });
    require_error(Errc::bad_argument, [&] { wrap_dm(m, alice, now); });

    const UnsignedEvent good = make_dm_rumor(chat("x"));
    UnsignedEvent bad = good;
    bad.kind = 1;
    require_error(Errc::bad_event, [&] { dm_from_rumor(bad); });
    bad = good;
    bad.tags[0][1] = "NOT-HEX";
    require_error(Errc::bad_event, [&] { dm_from_rumor(bad); });
    bad = good;
    bad.tags[0][1] = std::string(64, 'A');  // NIP-01 hex is lower-case
    require_error(Errc::bad_event, [&] { dm_from_rumor(bad); });
    bad = good;
    bad.tags.push_back({"e", "abcd"});
    require_error(Errc::bad_event, [&] { dm_from_rumor(bad); });
    bad = good;
    bad.tags.push_back({"unknown", "ignored"});
    bad.tags.push_back({"p"});  // too short to mean anything
    CHECK(dm_from_rumor(bad).recipients.size() == 2);

    DirectMessage f = chat("https://files.example/f.enc");
    f.kind = kind_file_message;
    f.file = photo();
    const UnsignedEvent file_rumor = make_dm_rumor(f);
    for (const char* required : {"file-type", "encryption-algorithm", "decryption-key", "decryption-nonce", "x"}) {
        INFO(required);
        UnsignedEvent missing = file_rumor;
        std::erase_if(missing.tags, [&](const Tag& t) { return t[0] == required; });
        require_error(Errc::bad_event, [&] { dm_from_rumor(missing); });
    }
    for (const char* size : {"", "-1", "12kb", "99999999999999999999999"}) {
        INFO("size " << size);
        UnsignedEvent odd = file_rumor;
        for (Tag& t : odd.tags)
            if (t[0] == "size") t[1] = size;
        require_error(Errc::bad_event, [&] { dm_from_rumor(odd); });
    }
    // A gift-wrapped rumor that is not a DM.
    UnsignedEvent note;
    note.kind = 1;
    note.content = "public-looking";
    require_error(Errc::bad_event, [&] { unwrap_dm(wrap_rumor(note, alice, pub(bob), now), bob); });
}

TEST_CASE("NIP-17 kind 10050 DM relay lists", "[nostr][nip17]") {
    const UnsignedEvent list = make_dm_relay_list(
        {"wss://inbox.nostr.wine", "WSS://MyRelay.nostr1.com:443/", "wss://inbox.nostr.wine/"}, now);
    CHECK(list.kind == kind_dm_relay_list);
    CHECK(list.created_at == now);
    CHECK(list.content.empty());
    CHECK(list.tags == std::vector<Tag>{{"relay", "wss://inbox.nostr.wine"}, {"relay", "wss://myrelay.nostr1.com"}});
    CHECK(parse_dm_relay_list(list) == std::vector<std::string>{"wss://inbox.nostr.wine", "wss://myrelay.nostr1.com"});
    // Signed and parsed back, as it travels.
    const Event published = parse_event(to_json_string(sign(list, alice)));
    CHECK(parse_dm_relay_list(published) == parse_dm_relay_list(list));

    require_error(Errc::bad_argument, [&] { make_dm_relay_list({"https://not-a-relay.example"}, now); });
    UnsignedEvent messy = list;
    messy.tags.push_back({"relay", "not a url"});
    messy.tags.push_back({"r", "wss://other.example"});
    messy.tags.push_back({"relay"});
    messy.tags.push_back({"relay", "ws://LOCAL.example:80"});
    CHECK(parse_dm_relay_list(messy) ==
          std::vector<std::string>{"wss://inbox.nostr.wine", "wss://myrelay.nostr1.com", "ws://local.example"});
    messy.kind = 10002;
    require_error(Errc::bad_event, [&] { parse_dm_relay_list(messy); });
}
