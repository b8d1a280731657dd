// NIP-17 private direct messages and DM relay lists.
#include "core/nostr/nip17.hpp"

#include <algorithm>
#include <charconv>

#include "core/codec/hex.hpp"
#include "core/error.hpp"
#include "core/nostr/json_fields.hpp"
#include "core/nostr/relay_url.hpp"

namespace flash::nostr {
namespace {

[[noreturn]] void bad_event(const std::string& why) { throw Error(Errc::bad_event, "NIP-17: " + why); }

template <typename T>
void push_unique(std::vector<T>& list, const T& value) {
    if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
}

ByteArray<32> read_hex32(const std::string& text, const char* what) {
    const auto bytes = json_lower_hex_array<32>(nlohmann::json(text));
    if (!bytes) bad_event(std::string(what) + " is not 64 lower-case hex digits");
    return *bytes;
}

void add_file_tags(std::vector<Tag>& tags, const FileMetadata& file) {
    tags.push_back({"file-type", file.file_type});
    tags.push_back({"encryption-algorithm", file.encryption_algorithm});
    tags.push_back({"decryption-key", file.decryption_key});
    tags.push_back({"decryption-nonce", file.decryption_nonce});
    tags.push_back({"x", codec::hex_encode(file.sha256)});
    if (file.size) tags.push_back({"size", std::to_string(*file.size)});
    if (file.dim) tags.push_back({"dim", *file.dim});
    if (file.blurhash) tags.push_back({"blurhash", *file.blurhash});
    if (file.thumb) tags.push_back({"thumb", *file.thumb});
    for (const std::string& url : file.fallbacks) tags.push_back({"fallback", url});
}

FileMetadata read_file_tags(const std::vector<Tag>& tags) {
    const auto required = [&tags](const char* name) {
        const std::string* value = first_tag_value(tags, name);
        if (!value) bad_event(std::string("file message without a ") + name + " tag");
        return *value;
    };
    const auto optional = [&tags](const char* name) -> std::optional<std::string> {
        const std::string* value = first_tag_value(tags, name);
        return value ? std::optional<std::string>(*value) : std::nullopt;
    };
    FileMetadata file;
    file.file_type = required("file-type");
    file.encryption_algorithm = required("encryption-algorithm");
    file.decryption_key = required("decryption-key");
    file.decryption_nonce = required("decryption-nonce");
    file.sha256 = read_hex32(required("x"), "x tag");
    if (const auto size = optional("size")) {
        std::uint64_t n = 0;
        const char* end = size->data() + size->size();
        const auto [ptr, ec] = std::from_chars(size->data(), end, n);
        if (size->empty() || ec != std::errc() || ptr != end) bad_event("size tag is not a byte count");
        file.size = n;
    }
    file.dim = optional("dim");
    file.blurhash = optional("blurhash");
    file.thumb = optional("thumb");
    for (const Tag& tag : tags)
        if (tag.size() >= 2 && tag[0] == "fallback") file.fallbacks.push_back(tag[1]);
    return file;
}

}  // namespace

UnsignedEvent make_dm_rumor(const DirectMessage& message) {
    if (message.kind != kind_chat_message && message.kind != kind_file_message)
        throw Error(Errc::bad_argument, "a direct message is kind 14 or 15");
    if ((message.kind == kind_file_message) != message.file.has_value())
        throw Error(Errc::bad_argument, "file metadata goes with kind 15 and only with it");
    if (message.recipients.empty()) throw Error(Errc::bad_argument, "a direct message needs a recipient");

    UnsignedEvent rumor;
    rumor.pubkey = message.sender;
    rumor.created_at = message.created_at;
    rumor.kind = message.kind;
    rumor.content = message.content;
    std::vector<crypto::XOnlyKey> recipients;
    for (const crypto::XOnlyKey& key : message.recipients) push_unique(recipients, key);
    for (const crypto::XOnlyKey& key : recipients) rumor.tags.push_back({"p", codec::hex_encode(key)});
    if (message.reply_to) rumor.tags.push_back({"e", codec::hex_encode(*message.reply_to)});
    if (message.subject) rumor.tags.push_back({"subject", *message.subject});
    if (message.file) add_file_tags(rumor.tags, *message.file);
    return rumor;
}

DirectMessage dm_from_rumor(const UnsignedEvent& rumor) {
    if (rumor.kind != kind_chat_message && rumor.kind != kind_file_message)
        bad_event("rumor is kind " + std::to_string(rumor.kind) + ", not 14 or 15");
    DirectMessage message;
    message.kind = rumor.kind;
    message.sender = rumor.pubkey;
    message.content = rumor.content;
    message.created_at = rumor.created_at;
    for (const Tag& tag : rumor.tags) {
        if (tag.size() < 2) continue;
        if (tag[0] == "p") push_unique(message.recipients, read_hex32(tag[1], "p tag"));
        else if (tag[0] == "e" && !message.reply_to) message.reply_to = read_hex32(tag[1], "e tag");
    }
    if (const std::string* subject = first_tag_value(rumor.tags, "subject")) message.subject = *subject;
    if (rumor.kind == kind_file_message) message.file = read_file_tags(rumor.tags);
    return message;
}

std::vector<AddressedWrap> wrap_dm(const DirectMessage& message, const crypto::SecretKey& sender,
                                   std::int64_t now, bool copy_to_sender, const RandomSource& random) {
    DirectMessage from_key = message;
    from_key.sender = crypto::xonly_public_key(sender).key;
    const UnsignedEvent rumor = make_dm_rumor(from_key);

    std::vector<crypto::XOnlyKey> addressees;
    for (const crypto::XOnlyKey& key : message.recipients) push_unique(addressees, key);
    if (copy_to_sender) push_unique(addressees, from_key.sender);
    std::vector<AddressedWrap> wraps;
    wraps.reserve(addressees.size());
    for (const crypto::XOnlyKey& key : addressees)
        wraps.push_back({key, wrap_rumor(rumor, sender, key, now, random)});
    return wraps;
}

DirectMessage unwrap_dm(const Event& wrap, const crypto::SecretKey& recipient, const EventLimits& limits) {
    return dm_from_rumor(unwrap_gift(wrap, recipient, limits).rumor);
}

UnsignedEvent make_dm_relay_list(const std::vector<std::string>& relays, std::int64_t now_s) {
    std::vector<std::string> urls;
    for (const std::string& url : relays) push_unique(urls, normalize_relay_url(url));
    UnsignedEvent event;
    event.created_at = now_s;
    event.kind = kind_dm_relay_list;
    for (const std::string& url : urls) event.tags.push_back({"relay", url});
    return event;
}

std::vector<std::string> parse_dm_relay_list(const UnsignedEvent& event) {
    if (event.kind != kind_dm_relay_list) throw Error(Errc::bad_event, "not a kind 10050 DM relay list");
    std::vector<std::string> urls;
    for (const Tag& tag : event.tags) {
        if (tag.size() < 2 || tag[0] != "relay") continue;
        try {
            push_unique(urls, normalize_relay_url(tag[1]));
        } catch (const Error&) {
            continue;  // one bad entry written by another client must not hide the rest
        }
    }
    return urls;
}

}  // namespace flash::nostr
