// Checked reads of the JSON that chain backends answer with (Electrum, Bitcoin Core). Every
// function throws ChainError(bad_response) naming `who` ("electrum", "bitcoind") and the field.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/bytes.hpp"

namespace flash::node::bitcoin::json_fields {

[[noreturn]] void malformed(std::string_view who, const std::string& what);

/// object[name]; the object must be an object that has it.
const nlohmann::json& member(std::string_view who, const nlohmann::json& object, const char* name);
/// An integer in min..max.
std::int64_t integer(std::string_view who, const nlohmann::json& value, const char* name, std::int64_t min,
                     std::int64_t max);
/// 64 hex digits (a txid, a block hash, a status), returned in lower case.
std::string hash_hex(std::string_view who, const nlohmann::json& value, const char* name);
/// A hex string's bytes.
Bytes hex_bytes(std::string_view who, const nlohmann::json& value, const char* name);
/// The value itself, when it is an array.
const nlohmann::json& array(std::string_view who, const nlohmann::json& value, const char* name);

}  // namespace flash::node::bitcoin::json_fields
