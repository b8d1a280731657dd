#include "core/wallet/mint_keysets.hpp"

#include <optional>
#include <string>

#include "core/cashu/nut02.hpp"
#include "core/error.hpp"
#include "core/nostr/json_fields.hpp"

namespace flash::wallet {
namespace {

[[noreturn]] void fail(const std::string& detail) { throw Error(Errc::bad_message, "mint keysets: " + detail); }

const nlohmann::json& keyset_array(const nlohmann::json& body) {
    if (!body.is_object()) fail("the answer is not an object");
    const auto it = body.find("keysets");
    if (it == body.end() || !it->is_array()) fail("no \"keysets\" array");
    return *it;
}

std::optional<cashu::KeysetId> supported_id(const nlohmann::json& entry) {
    const auto id = entry.find("id");
    if (id == entry.end() || !id->is_string()) fail("a keyset without a string \"id\"");
    const auto& text = id->get_ref<const std::string&>();
    if (!(text.size() == 16 && text.starts_with("00")) && !(text.size() == 66 && text.starts_with("01")))
        return std::nullopt;
    return cashu::parse_keyset_id(text);
}

std::uint64_t optional_uint(const nlohmann::json& entry, const char* name, std::uint64_t fallback) {
    const auto it = entry.find(name);
    if (it == entry.end() || it->is_null()) return fallback;
    const auto value = nostr::json_uint(*it, UINT64_MAX);
    if (!value) fail(std::string("\"") + name + "\" is not an unsigned integer");
    return *value;
}

/// id, unit, fee and expiry of one entry; nullopt for an unsupported id.
std::optional<KeysetRecord> record_from(std::string_view mint, const nlohmann::json& entry) {
    if (!entry.is_object()) fail("a keyset is not an object");
    auto id = supported_id(entry);
    if (!id) return std::nullopt;
    KeysetRecord record;
    record.mint = mint;
    record.id = std::move(*id);
    const auto unit = entry.find("unit");
    if (unit == entry.end() || !unit->is_string()) fail("a keyset without a string \"unit\"");
    record.unit = unit->get<std::string>();
    record.input_fee_ppk = optional_uint(entry, "input_fee_ppk", 0);
    if (const auto expiry = entry.find("final_expiry"); expiry != entry.end() && !expiry->is_null())
        record.final_expiry = optional_uint(entry, "final_expiry", 0);
    if (const auto active = entry.find("active"); active != entry.end()) {
        if (!active->is_boolean()) fail("\"active\" is not a boolean");
        record.active = active->get<bool>();
    }
    return record;
}

}  // namespace

std::vector<KeysetRecord> keysets_from_json(std::string_view mint, const nlohmann::json& body) {
    std::vector<KeysetRecord> records;
    for (const nlohmann::json& entry : keyset_array(body))
        if (auto record = record_from(mint, entry)) records.push_back(std::move(*record));
    return records;
}

KeysetRecord keyset_keys_from_json(const KeysetRecord& known, const nlohmann::json& body) {
    for (const nlohmann::json& entry : keyset_array(body)) {
        const auto answered = record_from(known.mint, entry);
        if (!answered || answered->id != known.id) continue;
        const auto keys = entry.find("keys");
        if (keys == entry.end()) fail("a keyset without \"keys\"");
        KeysetRecord record = known;
        record.keys = cashu::keys_from_json(*keys);
        if (entry.contains("input_fee_ppk")) record.input_fee_ppk = answered->input_fee_ppk;
        if (entry.contains("final_expiry")) record.final_expiry = answered->final_expiry;
        const cashu::KeysetId derived =
            known.id[0] == 0x00 ? cashu::keyset_id_v1(record.keys)
                                : cashu::keyset_id_v2(record.keys, record.unit, record.input_fee_ppk, record.final_expiry);
        if (derived != known.id)
            throw Error(Errc::bad_keyset, "keyset " + cashu::format_keyset_id(known.id) + " does not re-derive from its keys");
        return record;
    }
    fail("the answer does not hold keyset " + cashu::format_keyset_id(known.id));
}

}  // namespace flash::wallet
