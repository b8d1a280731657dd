#include "node/bitcoin/bitcoind_backend.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>
#include <utility>

#include "core/bitcoin/descriptor_checksum.hpp"
#include "core/bitcoin/script.hpp"
#include "core/bitcoin/transaction.hpp"
#include "core/codec/hex.hpp"
#include "core/error.hpp"
#include "node/bitcoin/json_fields.hpp"
#include "node/server/log.hpp"

namespace flash::node::bitcoin {
namespace {

using nlohmann::json;

constexpr std::string_view who = "bitcoind";
/// importdescriptors takes many at once; a bound keeps one call's time reasonable.
constexpr std::size_t import_batch = 500;

/// getblockchaininfo's "chain" for a network.
std::string_view chain_name(keys::Network network) {
    switch (network) {
        case keys::Network::mainnet: return "main";
        case keys::Network::testnet: return "test";
        case keys::Network::signet: return "signet";
        case keys::Network::regtest: return "regtest";
    }
    return "";
}

std::int64_t height_member(const json& object, const char* name) {
    return json_fields::integer(who, json_fields::member(who, object, name), name, 0,
                                std::numeric_limits<std::int32_t>::max());
}

/// BTC as a JSON number (8 decimals) -> satoshis.
std::uint64_t satoshis(const json& value) {
    if (!value.is_number()) json_fields::malformed(who, "an amount that is not a number");
    const double btc = value.get<double>();
    if (!std::isfinite(btc) || btc < 0 || btc > 21e6) json_fields::malformed(who, "an amount out of range");
    return static_cast<std::uint64_t>(std::llround(btc * 1e8));
}

}  // namespace

BitcoindBackend::BitcoindBackend(BitcoindOptions options, keys::Network network)
    : options_(std::move(options)), network_(network), rpc_(options_) {
    poller_ = std::thread([this] { run(); });
}

BitcoindBackend::~BitcoindBackend() {
    shutdown();
    poller_.join();
}

void BitcoindBackend::shutdown() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
}

// ----------------------------------------------------------------------------- the poller

void BitcoindBackend::run() {
    for (;;) {
        try {
            poll();
        } catch (const std::exception& e) {
            log::warn("bitcoind poll failed", {{"error", e.what()}});
        }
        std::unique_lock lock(mutex_);
        wake_.wait_for(lock, options_.poll_interval, [this] { return stopping_ || poll_soon_; });
        if (stopping_) return;
        poll_soon_ = false;
    }
}

void BitcoindBackend::poll() {
    if (!wallet_ready_) ensure_wallet();
    import_queued();
    const ChainTip now = tip();
    if (tip_ != now) {
        tip_ = now;
        std::lock_guard lock(mutex_);
        changed_tip_ = now;
    }
    read_news();
    wake_.notify_all();
}

void BitcoindBackend::ensure_wallet() {
    try {
        rpc_.call("loadwallet", json::array({options_.wallet}));
        log::info("bitcoind wallet loaded", {{"wallet", options_.wallet}});
    } catch (const ChainError& e) {
        if (e.rpc_code() == rpc_error::wallet_not_found) {
            // Blank, watch-only, descriptors, loaded whenever bitcoind starts.
            rpc_.call("createwallet", json::array({options_.wallet, true, true, "", false, true, true}));
            log::info("bitcoind watch-only wallet created", {{"wallet", options_.wallet}});
        } else if (e.rpc_code() != rpc_error::wallet_already_loaded) {
            throw;
        }
    }
    wallet_ready_ = true;
}

void BitcoindBackend::import_queued() {
    std::vector<Bytes> batch;
    {
        std::lock_guard lock(mutex_);
        const std::size_t n = std::min(import_batch, to_import_.size());
        batch.assign(to_import_.begin(), to_import_.begin() + static_cast<std::ptrdiff_t>(n));
    }
    if (batch.empty()) return;
    json requests = json::array();
    for (const Bytes& script : batch) {
        requests.push_back({{"desc", flash::bitcoin::with_descriptor_checksum("raw(" + codec::hex_encode(script) + ")")},
                            {"timestamp", "now"},
                            {"label", "flash deposit"}});
    }
    const json results = rpc_.call("importdescriptors", json::array({requests}), true);
    for (const json& result : json_fields::array(who, results, "importdescriptors' result")) {
        if (!json_fields::member(who, result, "success").is_boolean()) json_fields::malformed(who, "import without success");
        if (!result["success"].get<bool>())
            throw ChainError(ChainErrc::rejected, "bitcoind refused to import a script: " + result.value("error", json()).dump());
    }
    std::lock_guard lock(mutex_);
    to_import_.erase(to_import_.begin(), to_import_.begin() + static_cast<std::ptrdiff_t>(batch.size()));
}

void BitcoindBackend::read_news() {
    const json news = rpc_.call("listsinceblock", json::array({since_block_, 1, true, true}), true);
    // A transaction whose block changed (new, confirmed, reorganised, removed) changes its script.
    const auto visit = [&](const char* list, bool removed) {
        for (const json& entry : json_fields::array(who, json_fields::member(who, news, list), list)) {
            if (!entry.is_object() || !entry.contains("address") || !entry["address"].is_string()) continue;
            const std::string address = entry["address"].get<std::string>();
            const std::string key = json_fields::hash_hex(who, json_fields::member(who, entry, "txid"), "txid") + ":" +
                                    std::to_string(entry.value("vout", 0)) + ":" + address;
            std::string state = removed ? "-" : "";
            if (!removed && entry.contains("blockhash"))
                state = json_fields::hash_hex(who, entry["blockhash"], "blockhash");
            const auto [seen, first_time] = seen_.try_emplace(key, state);
            if (!first_time && seen->second == state) continue;
            seen->second = state;
            mark_changed(address);
        }
    };
    visit("transactions", false);
    visit("removed", true);
    since_block_ = json_fields::hash_hex(who, json_fields::member(who, news, "lastblock"), "lastblock");
}

void BitcoindBackend::mark_changed(const std::string& address) {
    std::lock_guard lock(mutex_);
    const auto found = watched_.find(address);
    if (found != watched_.end()) changed_scripts_.insert(found->second);
}

// ----------------------------------------------------------------------------- ChainBackend

std::string BitcoindBackend::address_of(ByteView script) const {
    std::optional<std::string> address = flash::bitcoin::script_pubkey_to_address(script, network_);
    if (!address) throw Error(Errc::bad_argument, "a script without an address cannot be watched through bitcoind");
    return *address;
}

ChainTip BitcoindBackend::tip() {
    const json info = rpc_.call("getblockchaininfo", json::array());
    const json& chain = json_fields::member(who, info, "chain");
    if (!chain.is_string()) json_fields::malformed(who, "\"chain\" is not a string");
    const std::string name = chain.get<std::string>();
    // testnet4 is a testnet as far as addresses go.
    if (name != chain_name(network_) && !(network_ == keys::Network::testnet && name == "testnet4"))
        throw ChainError(ChainErrc::unavailable,
                         "bitcoind runs the " + name + " chain, flash-node is set up for " +
                             std::string(chain_name(network_)) +
                             " (set chain.network = \"testnet\", \"signet\" or \"regtest\" for a test network)");
    return {height_member(info, "blocks"), json_fields::hash_hex(who, json_fields::member(who, info, "bestblockhash"),
                                                                 "bestblockhash")};
}

std::vector<HistoryItem> BitcoindBackend::history(ByteView script_pubkey) {
    const std::string address = address_of(script_pubkey);
    const json received = rpc_.call("listreceivedbyaddress", json::array({0, true, true, address}), true);
    struct Placed {
        std::int64_t height;  // 0: mempool
        std::int64_t position;
        std::string txid;
    };
    std::vector<Placed> placed;
    for (const json& entry : json_fields::array(who, received, "listreceivedbyaddress' result")) {
        for (const json& id : json_fields::array(who, json_fields::member(who, entry, "txids"), "txids")) {
            const std::string txid = json_fields::hash_hex(who, id, "txid");
            const json tx = rpc_.call("gettransaction", json::array({txid, true}), true);
            const std::int64_t confirmations = json_fields::integer(
                who, json_fields::member(who, tx, "confirmations"), "confirmations", std::numeric_limits<std::int32_t>::min(),
                std::numeric_limits<std::int32_t>::max());
            if (confirmations < 0) continue;  // conflicted: not in the chain nor the mempool
            if (confirmations == 0) {
                placed.push_back({0, 0, txid});
            } else {
                placed.push_back({height_member(tx, "blockheight"), height_member(tx, "blockindex"), txid});
            }
        }
    }
    // Confirmed by height and position, then the mempool by txid (Electrum's order).
    std::sort(placed.begin(), placed.end(), [](const Placed& a, const Placed& b) {
        return std::tuple(a.height == 0, a.height, a.position, a.txid) < std::tuple(b.height == 0, b.height, b.position, b.txid);
    });
    std::vector<HistoryItem> out;
    for (Placed& p : placed) out.push_back({std::move(p.txid), p.height});
    return out;
}

std::vector<Unspent> BitcoindBackend::unspent(ByteView script_pubkey) {
    const std::string address = address_of(script_pubkey);
    const json outputs = rpc_.call("listunspent", json::array({0, 9'999'999, json::array({address}), true}), true);
    const std::int64_t tip_height = tip().height;
    std::vector<Unspent> out;
    for (const json& output : json_fields::array(who, outputs, "listunspent's result")) {
        Unspent u;
        u.txid = json_fields::hash_hex(who, json_fields::member(who, output, "txid"), "txid");
        u.vout = static_cast<std::uint32_t>(json_fields::integer(who, json_fields::member(who, output, "vout"), "vout", 0,
                                                                 std::numeric_limits<std::uint32_t>::max()));
        u.value_sat = satoshis(json_fields::member(who, output, "amount"));
        const std::int64_t confirmations = json_fields::integer(who, json_fields::member(who, output, "confirmations"),
                                                                "confirmations", 0, std::numeric_limits<std::int32_t>::max());
        u.height = confirmations == 0 ? 0 : std::max<std::int64_t>(tip_height - confirmations + 1, 1);
        out.push_back(std::move(u));
    }
    return out;
}

Bytes BitcoindBackend::transaction(const std::string& txid) {
    const std::string canonical = flash::bitcoin::txid_hex(flash::bitcoin::txid_from_hex(txid));
    try {
        return json_fields::hex_bytes(who, rpc_.call("getrawtransaction", json::array({canonical, false})), "hex");
    } catch (const ChainError& e) {
        if (e.code() != ChainErrc::not_found) throw;
    }
    // Without -txindex only the mempool is searched; the wallet keeps its own transactions.
    try {
        const json tx = rpc_.call("gettransaction", json::array({canonical, true}), true);
        return json_fields::hex_bytes(who, json_fields::member(who, tx, "hex"), "hex");
    } catch (const ChainError& e) {
        if (e.rpc_code() != rpc_error::wallet_not_found) throw;
        throw ChainError(ChainErrc::not_found, "bitcoind: no transaction " + canonical);  // the wallet is not loaded yet
    }
}

std::string BitcoindBackend::broadcast(ByteView raw_tx) {
    return json_fields::hash_hex(who, rpc_.call("sendrawtransaction", json::array({codec::hex_encode(raw_tx)})), "txid");
}

std::optional<double> BitcoindBackend::fee_rate(unsigned target_blocks) {
    if (target_blocks < 1 || target_blocks > 1008) throw Error(Errc::bad_argument, "fee target must be 1..1008 blocks");
    const json estimate = rpc_.call("estimatesmartfee", json::array({target_blocks}));
    if (!estimate.is_object()) json_fields::malformed(who, "estimatesmartfee did not answer an object");
    const auto feerate = estimate.find("feerate");
    if (feerate == estimate.end()) return std::nullopt;  // "errors": not enough data
    if (!feerate->is_number() || !std::isfinite(feerate->get<double>()) || feerate->get<double>() < 0 ||
        feerate->get<double>() > 1)
        json_fields::malformed(who, "feerate out of range");
    return feerate->get<double>() * 100'000.0;  // BTC/kvB -> sat/vB
}

void BitcoindBackend::watch(std::span<const Bytes> scripts) {
    std::lock_guard lock(mutex_);
    for (const Bytes& script : scripts) {
        const std::optional<std::string> address = flash::bitcoin::script_pubkey_to_address(script, network_);
        if (!address) {
            log::warn("a script without an address cannot be watched through bitcoind");
            continue;
        }
        if (watched_.emplace(*address, script).second) to_import_.push_back(script);
    }
    poll_soon_ = !to_import_.empty();  // import now rather than at the next interval
    wake_.notify_all();
}

ChainChanges BitcoindBackend::wait_for_changes(std::chrono::milliseconds max_wait) {
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, max_wait, [this] { return stopping_ || changed_tip_ || !changed_scripts_.empty(); });
    ChainChanges changes;
    changes.tip = std::exchange(changed_tip_, std::nullopt);
    changes.scripts.assign(changed_scripts_.begin(), changed_scripts_.end());
    changed_scripts_.clear();
    return changes;
}

}  // namespace flash::node::bitcoin
