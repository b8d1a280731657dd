// NIP-19 for JS, in nostr-tools' shapes: decode(text) -> {type, data}; encode({type, data}).
// Keys, ids and secret keys are lower-case hex in `data` (JSON carries no bytes).
#include <emscripten/bind.h>

#include <nlohmann/json.hpp>
#include <type_traits>

#include "core/codec/hex.hpp"
#include "core/nostr/nip19.hpp"
#include "wasm/bind_support.hpp"

namespace flash::wasm {
namespace {

using nlohmann::json;
namespace nip19 = nostr::nip19;
using codec::hex_decode_array;
using codec::hex_encode;

json entity_json(const nip19::Entity& entity) {
    return std::visit([](const auto& e) -> json {
        using T = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<T, nip19::Pubkey>) return {{"type", "npub"}, {"data", hex_encode(e.key)}};
        if constexpr (std::is_same_v<T, nip19::SecretKey>) return {{"type", "nsec"}, {"data", hex_encode(e.key.view())}};
        if constexpr (std::is_same_v<T, nip19::NoteId>) return {{"type", "note"}, {"data", hex_encode(e.id)}};
        if constexpr (std::is_same_v<T, nip19::Profile>)
            return {{"type", "nprofile"}, {"data", {{"pubkey", hex_encode(e.pubkey)}, {"relays", e.relays}}}};
        if constexpr (std::is_same_v<T, nip19::EventPointer>) {
            json data = {{"id", hex_encode(e.id)}, {"relays", e.relays}};
            if (e.author) data["author"] = hex_encode(*e.author);
            if (e.kind) data["kind"] = *e.kind;
            return {{"type", "nevent"}, {"data", data}};
        }
        if constexpr (std::is_same_v<T, nip19::AddressPointer>)
            return {{"type", "naddr"},
                    {"data", {{"identifier", e.identifier}, {"pubkey", hex_encode(e.pubkey)}, {"kind", e.kind}, {"relays", e.relays}}}};
    }, entity);
}

std::vector<std::string> relays_of(const json& data) {
    return data.contains("relays") ? data.at("relays").get<std::vector<std::string>>() : std::vector<std::string>{};
}

nip19::Entity entity_from_json(const json& entity) {
    const auto type = entity.at("type").get<std::string>();
    const json& data = entity.at("data");
    if (type == "npub") return nip19::Pubkey{hex_decode_array<32>(data.get<std::string>())};
    if (type == "nsec") return nip19::SecretKey{crypto::secret_key_from(codec::hex_decode(data.get<std::string>()))};
    if (type == "note") return nip19::NoteId{hex_decode_array<32>(data.get<std::string>())};
    if (type == "nprofile") return nip19::Profile{hex_decode_array<32>(data.at("pubkey").get<std::string>()), relays_of(data)};
    if (type == "nevent") {
        nip19::EventPointer pointer{hex_decode_array<32>(data.at("id").get<std::string>()), relays_of(data), {}, {}};
        if (data.contains("author")) pointer.author = hex_decode_array<32>(data.at("author").get<std::string>());
        if (data.contains("kind")) pointer.kind = data.at("kind").get<std::uint16_t>();
        return pointer;
    }
    if (type == "naddr")
        return nip19::AddressPointer{data.at("identifier").get<std::string>(), hex_decode_array<32>(data.at("pubkey").get<std::string>()),
                                     data.at("kind").get<std::uint16_t>(), relays_of(data)};
    throw Error(Errc::bad_argument, "unknown NIP-19 type '" + type + "'");
}

std::string decode(const std::string& text) {
    return guarded([&] { return entity_json(nip19::decode(text)).dump(); });
}

std::string encode(const std::string& entity_json_text) {
    return guarded([&] { return nip19::encode(entity_from_json(json::parse(entity_json_text))); });
}

}  // namespace

EMSCRIPTEN_BINDINGS(flash_nip19) {
    emscripten::function("nip19Decode", &decode);
    emscripten::function("nip19Encode", &encode);
}

}  // namespace flash::wasm
