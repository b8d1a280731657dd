// NIP-01 events: kinds, the canonical id serialisation, signing and strict JSON parsing.
#include "core/nostr/event.hpp"

#include <limits>

#include "core/codec/hex.hpp"
#include "core/crypto/hash.hpp"
#include "core/crypto/random.hpp"
#include "core/error.hpp"
#include "core/nostr/json_fields.hpp"
#include "core/nostr/json_text.hpp"

namespace flash::nostr {
namespace {

constexpr std::uint64_t max_created_at = (std::uint64_t{1} << 53) - 1;  // JS safe integers

[[noreturn]] void bad_event(const std::string& what) { throw Error(Errc::bad_event, what); }

[[noreturn]] void too_large(const std::string& what) { throw Error(Errc::too_large, what); }

// Appends `s` as a JSON string exactly as JSON.stringify writes it: the two-character escapes it
// knows, \u00xx (lower-case) for other control characters, every other byte verbatim.
void append_json_string(std::string& out, std::string_view s) {
    if (!is_utf8(s)) bad_event("string is not valid UTF-8");
    out += '"';
    for (const char c : s) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            default:
                if (const auto byte = static_cast<unsigned char>(c); byte < 0x20) {
                    out += "\\u00";
                    out += "0123456789abcdef"[byte >> 4];
                    out += "0123456789abcdef"[byte & 15];
                } else {
                    out += c;
                }
        }
    }
    out += '"';
}

// A string field of an event: UTF-8 and within `limit` bytes.
std::string read_string(const nlohmann::json& value, std::size_t limit, const char* what) {
    if (!value.is_string()) bad_event(std::string(what) + " is not a string");
    const auto& s = value.get_ref<const std::string&>();
    if (s.size() > limit) too_large(std::string(what) + " longer than " + std::to_string(limit) + " bytes");
    if (!is_utf8(s)) bad_event(std::string(what) + " is not valid UTF-8");
    return s;
}

std::vector<Tag> read_tags(const nlohmann::json& value, const EventLimits& limits) {
    if (!value.is_array()) bad_event("tags is not an array");
    if (value.size() > limits.max_tags) too_large("more than " + std::to_string(limits.max_tags) + " tags");
    std::vector<Tag> tags;
    tags.reserve(value.size());
    for (const auto& tag : value) {
        if (!tag.is_array()) bad_event("a tag is not an array");
        if (tag.size() > limits.max_tag_values)
            too_large("a tag with more than " + std::to_string(limits.max_tag_values) + " values");
        Tag& out = tags.emplace_back();
        out.reserve(tag.size());
        for (const auto& v : tag) out.push_back(read_string(v, limits.max_tag_value_bytes, "tag value"));
    }
    return tags;
}

template <std::size_t N>
ByteArray<N> read_hex(const nlohmann::json& object, const char* key) {
    const auto bytes = json_lower_hex_array<N>(object.at(key));
    if (!bytes) bad_event(std::string(key) + " is not " + std::to_string(2 * N) + " lower-case hex digits");
    return *bytes;
}

// Reads the five fields every event and rumor has, after the caller checked the key set.
UnsignedEvent read_unsigned(const nlohmann::json& object, const EventLimits& limits) {
    UnsignedEvent event;
    event.pubkey = read_hex<32>(object, "pubkey");
    const auto created_at = json_uint(object.at("created_at"), max_created_at);
    if (!created_at) bad_event("created_at is not an integer in [0, 2^53)");
    event.created_at = static_cast<std::int64_t>(*created_at);
    const auto kind = json_uint(object.at("kind"), 65535);
    if (!kind) bad_event("kind is not an integer in [0, 65535]");
    event.kind = static_cast<std::uint16_t>(*kind);
    event.tags = read_tags(object.at("tags"), limits);
    event.content = read_string(object.at("content"), limits.max_content_bytes, "content");
    return event;
}

// Throws unless `json` is an object whose keys are all of `required` plus any of `optional`.
void require_keys(const nlohmann::json& json, std::initializer_list<const char*> required,
                  std::initializer_list<const char*> optional) {
    if (!json.is_object()) bad_event("not a JSON object");
    std::size_t known = 0;
    for (const char* key : required) {
        if (!json.contains(key)) bad_event(std::string("missing field ") + key);
        ++known;
    }
    for (const char* key : optional) known += json.contains(key) ? 1 : 0;
    if (json.size() != known) bad_event("unexpected field");
}

nlohmann::json tags_json(const std::vector<Tag>& tags) {
    nlohmann::json out = nlohmann::json::array();
    for (const Tag& tag : tags) out.push_back(tag);
    return out;
}

}  // namespace

KindClass classify(std::uint16_t kind) noexcept {
    if (kind == 0 || kind == 3 || (kind >= 10000 && kind < 20000)) return KindClass::replaceable;
    if (kind >= 20000 && kind < 30000) return KindClass::ephemeral;
    if (kind >= 30000 && kind < 40000) return KindClass::addressable;
    return KindClass::regular;  // NIP-01's regular ranges and everything it leaves undefined
}

std::string serialize_for_id(const UnsignedEvent& event) {
    std::string out = "[0,\"" + codec::hex_encode(event.pubkey) + "\"," + std::to_string(event.created_at) + "," +
                      std::to_string(event.kind) + ",[";
    for (std::size_t i = 0; i < event.tags.size(); ++i) {
        if (i) out += ',';
        out += '[';
        for (std::size_t k = 0; k < event.tags[i].size(); ++k) {
            if (k) out += ',';
            append_json_string(out, event.tags[i][k]);
        }
        out += ']';
    }
    out += "],";
    append_json_string(out, event.content);
    out += ']';
    return out;
}

EventId compute_id(const UnsignedEvent& event) { return crypto::sha256(as_bytes(serialize_for_id(event))); }

Event sign(UnsignedEvent event, const crypto::SecretKey& key) {
    const auto aux = crypto::random_array<32>();
    return sign(std::move(event), key, aux);
}

Event sign(UnsignedEvent event, const crypto::SecretKey& key, ByteView aux32) {
    event.pubkey = crypto::xonly_public_key(key).key;
    Event out;
    static_cast<UnsignedEvent&>(out) = std::move(event);
    out.id = compute_id(out);
    out.sig = crypto::schnorr_sign(key, out.id, aux32);
    return out;
}

bool verify(const Event& event) noexcept {
    try {
        return compute_id(event) == event.id && crypto::schnorr_verify(event.pubkey, event.id, event.sig);
    } catch (...) {  // invalid UTF-8 or out of memory: not a valid event either way
        return false;
    }
}

const std::string* first_tag_value(const std::vector<Tag>& tags, std::string_view name) noexcept {
    for (const Tag& tag : tags)
        if (tag.size() >= 2 && tag[0] == name) return &tag[1];
    return nullptr;
}

std::optional<std::int64_t> expiration(const UnsignedEvent& event) noexcept {
    const std::string* value = first_tag_value(event.tags, "expiration");
    if (!value || value->empty() || value->size() > 18) return std::nullopt;  // 18 digits fit in int64
    std::int64_t at = 0;
    for (const char c : *value) {
        if (c < '0' || c > '9') return std::nullopt;
        at = at * 10 + (c - '0');
    }
    return at;
}

nlohmann::json to_json(const Event& event) {
    return {{"id", codec::hex_encode(event.id)},         {"pubkey", codec::hex_encode(event.pubkey)},
            {"created_at", event.created_at},            {"kind", event.kind},
            {"tags", tags_json(event.tags)},             {"content", event.content},
            {"sig", codec::hex_encode(event.sig)}};
}

std::string to_json_string(const Event& event) {
    try {
        return to_json(event).dump();
    } catch (const nlohmann::json::exception& e) {  // a string that is not UTF-8
        bad_event(e.what());
    }
}

nlohmann::json to_json(const UnsignedEvent& event) {
    return {{"id", codec::hex_encode(compute_id(event))},
            {"pubkey", codec::hex_encode(event.pubkey)},
            {"created_at", event.created_at},
            {"kind", event.kind},
            {"tags", tags_json(event.tags)},
            {"content", event.content}};
}

Event event_from_json(const nlohmann::json& json, const EventLimits& limits) {
    require_keys(json, {"id", "pubkey", "created_at", "kind", "tags", "content", "sig"}, {});
    Event event;
    static_cast<UnsignedEvent&>(event) = read_unsigned(json, limits);
    event.id = read_hex<32>(json, "id");
    event.sig = read_hex<64>(json, "sig");
    return event;
}

Event parse_event(std::string_view json_text, const EventLimits& limits) {
    return event_from_json(parse_json_text(json_text, std::numeric_limits<std::size_t>::max()), limits);
}

UnsignedEvent unsigned_event_from_json(const nlohmann::json& json, const EventLimits& limits) {
    require_keys(json, {"pubkey", "created_at", "kind", "tags", "content"}, {"id"});
    UnsignedEvent event = read_unsigned(json, limits);
    if (json.contains("id") && read_hex<32>(json, "id") != compute_id(event)) bad_event("id does not match the rumor");
    return event;
}

}  // namespace flash::nostr
