#include "node/bitcoin/electrum_results.hpp"

#include <cmath>
#include <limits>

#include "core/bitcoin/transaction.hpp"
#include "core/crypto/hash.hpp"
#include "node/bitcoin/json_fields.hpp"

namespace flash::node::bitcoin::electrum {
namespace {

using nlohmann::json;

constexpr std::string_view who = "electrum";

[[noreturn]] void malformed(const std::string& what) { json_fields::malformed(who, what); }
const json& member(const json& object, const char* name) { return json_fields::member(who, object, name); }
std::int64_t integer(const json& value, const char* name, std::int64_t min, std::int64_t max) {
    return json_fields::integer(who, value, name, min, max);
}
std::string hash_hex(const json& value, const char* name) { return json_fields::hash_hex(who, value, name); }
Bytes hex_bytes(const json& value, const char* name) { return json_fields::hex_bytes(who, value, name); }
const json& array(const json& value, const char* name) { return json_fields::array(who, value, name); }

}  // namespace

std::string protocol_version(const json& result) {
    if (!result.is_array() || result.size() != 2 || !result[0].is_string() || !result[1].is_string())
        malformed("server.version did not answer [software, version]");
    return result[1].get<std::string>();
}

ChainTip header_tip(const json& header) {
    const std::int64_t height = integer(member(header, "height"), "height", 0, std::numeric_limits<std::int32_t>::max());
    const Bytes raw = hex_bytes(member(header, "hex"), "hex");
    if (raw.size() != 80) malformed("a block header that is not 80 bytes");
    return {height, flash::bitcoin::txid_hex(crypto::sha256d(raw))};
}

std::optional<std::string> script_status(const json& result) {
    if (result.is_null()) return std::nullopt;
    return hash_hex(result, "status");
}

std::vector<HistoryItem> history(const json& result) {
    std::vector<HistoryItem> out;
    for (const json& item : array(result, "the history")) {
        out.push_back({hash_hex(member(item, "tx_hash"), "tx_hash"),
                       integer(member(item, "height"), "height", -1, std::numeric_limits<std::int32_t>::max())});
    }
    return out;
}

std::vector<Unspent> unspent(const json& result) {
    std::vector<Unspent> out;
    for (const json& item : array(result, "the unspent list")) {
        Unspent u;
        u.txid = hash_hex(member(item, "tx_hash"), "tx_hash");
        u.vout = static_cast<std::uint32_t>(
            integer(member(item, "tx_pos"), "tx_pos", 0, std::numeric_limits<std::uint32_t>::max()));
        u.height = integer(member(item, "height"), "height", 0, std::numeric_limits<std::int32_t>::max());
        u.value_sat = static_cast<std::uint64_t>(integer(member(item, "value"), "value", 0,
                                                         static_cast<std::int64_t>(flash::bitcoin::max_money)));
        out.push_back(std::move(u));
    }
    return out;
}

Bytes raw_transaction(const json& result) {
    Bytes raw = hex_bytes(result, "transaction");
    if (raw.empty()) malformed("an empty transaction");
    return raw;
}

std::string txid(const json& result) { return hash_hex(result, "txid"); }

std::optional<double> fee_rate(const json& result) {
    if (!result.is_number()) malformed("estimatefee did not answer a number");
    const double btc_per_kb = result.get<double>();
    if (btc_per_kb == -1) return std::nullopt;
    if (!std::isfinite(btc_per_kb) || btc_per_kb < 0 || btc_per_kb > 1) malformed("estimatefee out of range");
    return btc_per_kb * 100'000.0;
}

}  // namespace flash::node::bitcoin::electrum
