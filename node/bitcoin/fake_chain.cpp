#include "node/bitcoin/fake_chain.hpp"

#include <algorithm>
#include <filesystem>
#include <system_error>
#include <utility>
#include <vector>

#include "core/bitcoin/script.hpp"
#include "core/bitcoin/transaction.hpp"
#include "core/bitcoin/wire.hpp"
#include "core/codec/hex.hpp"
#include "core/crypto/hash.hpp"
#include "core/crypto/random.hpp"
#include "core/error.hpp"

namespace flash::node::bitcoin {
namespace {

namespace btc = flash::bitcoin;
using store::ScopedReset;
using store::Statement;

// `transactions`: everything paid or broadcast; height NULL while in the mempool, `arrival` keeps
// the mempool's order. `outputs`: every output of those, with the transaction that spends it.
constexpr store::Migration migrations[] = {
    {1, R"sql(
CREATE TABLE blocks (
    height  INTEGER PRIMARY KEY,
    hash    TEXT    NOT NULL,
    time_ms INTEGER NOT NULL
);
CREATE TABLE transactions (
    txid     TEXT    PRIMARY KEY,
    raw      BLOB    NOT NULL,
    height   INTEGER,
    position INTEGER,
    arrival  INTEGER NOT NULL
);
CREATE INDEX transactions_height ON transactions (height);
CREATE TABLE outputs (
    txid     TEXT    NOT NULL REFERENCES transactions (txid) ON DELETE CASCADE,
    vout     INTEGER NOT NULL,
    script   BLOB    NOT NULL,
    value    INTEGER NOT NULL,
    spent_by TEXT,
    PRIMARY KEY (txid, vout)
);
CREATE INDEX outputs_script ON outputs (script);
CREATE INDEX outputs_spent_by ON outputs (spent_by);
)sql"},
};

/// Runs `f`, turning a database failure into ChainError (a failure of the backend itself).
template <class F>
auto storage_call(F&& f) -> decltype(f()) {
    try {
        return f();
    } catch (const Error& e) {
        if (e.code() != Errc::storage) throw;
        throw ChainError(ChainErrc::unavailable, std::string("fake chain: ") + e.what());
    }
}

std::int64_t system_now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

store::Database open_database(const std::string& data_dir) {
    return storage_call([&] {
        std::error_code ec;
        std::filesystem::create_directories(data_dir, ec);
        if (ec) throw ChainError(ChainErrc::unavailable, "fake chain: cannot create " + data_dir + ": " + ec.message());
        store::Database db = store::Database::open((std::filesystem::path(data_dir) / fake_chain_file).string(),
                                                   store::OpenMode::read_write);
        db.exec("PRAGMA busy_timeout = 5000; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON");
        store::migrate(db, migrations);
        return db;
    });
}

/// A made-up block hash: random, but shaped like one (display hex of 32 bytes).
std::string new_block_hash() { return btc::txid_hex(crypto::random_array<32>()); }

void insert_block(store::Database& db, std::int64_t height, std::int64_t time_ms) {
    Statement& s = db.cached("INSERT INTO blocks (height, hash, time_ms) VALUES (?, ?, ?)");
    ScopedReset reset(s);
    s.bind(1, height).bind(2, new_block_hash()).bind(3, time_ms);
    s.step();
}

std::vector<std::string> column_texts(Statement& s) {
    ScopedReset reset(s);
    std::vector<std::string> out;
    while (s.step()) out.emplace_back(s.column_text(0));
    return out;
}

/// The fixed fake estimate for a confirmation target.
double fake_fee_rate(unsigned target_blocks) {
    if (target_blocks <= 1) return 25;
    if (target_blocks <= 3) return 15;
    if (target_blocks <= 6) return 8;
    if (target_blocks <= 25) return 4;
    return 2;
}

}  // namespace

FakeChain::FakeChain(const std::string& data_dir, keys::Network network, std::chrono::milliseconds block_interval,
                     std::function<std::int64_t()> now_ms)
    : db_(open_database(data_dir)),
      network_(network),
      block_interval_(block_interval),
      now_ms_(now_ms ? std::move(now_ms) : system_now_ms) {
    storage_call([&] {
        store::Transaction transaction(db_);
        Statement& count = db_.cached("SELECT COUNT(*) FROM blocks");
        ScopedReset reset(count);
        count.step();
        if (count.column_int64(0) == 0) insert_block(db_, 0, now_ms_());
        transaction.commit();
    });
}

ChainTip FakeChain::tip_locked() {
    return storage_call([&] {
        Statement& s = db_.cached("SELECT height, hash FROM blocks ORDER BY height DESC LIMIT 1");
        ScopedReset reset(s);
        s.step();  // block 0 always exists
        return ChainTip{s.column_int64(0), std::string(s.column_text(1))};
    });
}

ChainTip FakeChain::tip() {
    std::lock_guard lock(mutex_);
    return tip_locked();
}

std::vector<HistoryItem> FakeChain::history(ByteView script_pubkey) {
    std::lock_guard lock(mutex_);
    return storage_call([&] {
        // Transactions paying to the script or spending from it; a mempool one is at height -1
        // when it spends an output of another mempool transaction (Electrum's rule).
        Statement& s = db_.cached(R"sql(
SELECT t.txid, t.height,
       EXISTS (SELECT 1 FROM outputs o JOIN transactions p ON p.txid = o.txid
               WHERE o.spent_by = t.txid AND p.height IS NULL)
FROM transactions t
WHERE t.txid IN (SELECT txid FROM outputs WHERE script = ?1
                 UNION SELECT spent_by FROM outputs WHERE script = ?1 AND spent_by IS NOT NULL)
ORDER BY t.height IS NULL, t.height, t.position)sql");
        ScopedReset reset(s);
        s.bind(1, script_pubkey);
        std::vector<HistoryItem> confirmed;
        std::vector<HistoryItem> mempool;
        while (s.step()) {
            if (!s.column_is_null(1))
                confirmed.push_back({std::string(s.column_text(0)), s.column_int64(1)});
            else
                mempool.push_back({std::string(s.column_text(0)), s.column_int64(2) != 0 ? -1 : 0});
        }
        // Mempool by (-height, tx_hash): the canonical order of protocol 1.6.
        std::sort(mempool.begin(), mempool.end(), [](const HistoryItem& a, const HistoryItem& b) {
            return std::pair(-a.height, a.tx_hash) < std::pair(-b.height, b.tx_hash);
        });
        confirmed.insert(confirmed.end(), mempool.begin(), mempool.end());
        return confirmed;
    });
}

std::vector<Unspent> FakeChain::unspent(ByteView script_pubkey) {
    std::lock_guard lock(mutex_);
    return storage_call([&] {
        Statement& s = db_.cached(
            "SELECT o.txid, o.vout, t.height, o.value FROM outputs o JOIN transactions t ON t.txid = o.txid "
            "WHERE o.script = ? AND o.spent_by IS NULL ORDER BY t.height IS NULL, t.height, t.position, o.vout");
        ScopedReset reset(s);
        s.bind(1, script_pubkey);
        std::vector<Unspent> out;
        while (s.step()) {
            out.push_back({std::string(s.column_text(0)), static_cast<std::uint32_t>(s.column_int64(1)),
                           s.column_int64(2), static_cast<std::uint64_t>(s.column_int64(3))});
        }
        return out;
    });
}

Bytes FakeChain::transaction(const std::string& txid) {
    std::lock_guard lock(mutex_);
    return storage_call([&] {
        Statement& s = db_.cached("SELECT raw FROM transactions WHERE txid = ?");
        ScopedReset reset(s);
        s.bind(1, txid);
        if (!s.step()) throw ChainError(ChainErrc::not_found, "fake chain: no transaction " + txid);
        const ByteView raw = s.column_blob(0);
        return Bytes(raw.begin(), raw.end());
    });
}

std::string FakeChain::record(ByteView raw) {
    btc::Transaction tx;
    try {
        tx = btc::parse_transaction(raw);
    } catch (const Error& e) {
        throw ChainError(ChainErrc::rejected, std::string("fake chain: not a transaction: ") + e.what());
    }
    const std::string txid = btc::txid_hex(btc::txid(tx));
    store::Transaction transaction(db_);
    {
        Statement& known = db_.cached("SELECT 1 FROM transactions WHERE txid = ?");
        ScopedReset reset(known);
        known.bind(1, txid);
        if (known.step()) return txid;
    }
    // Inputs: fake outputs must be unspent; unknown ones are someone else's coins, taken on trust.
    std::uint64_t fake_inputs = 0;
    std::size_t fake_count = 0;
    Statement& prevout = db_.cached("SELECT value, spent_by FROM outputs WHERE txid = ? AND vout = ?");
    Statement& spend = db_.cached("UPDATE outputs SET spent_by = ? WHERE txid = ? AND vout = ?");
    for (const btc::TxIn& input : tx.inputs) {
        const std::string prev_txid = btc::txid_hex(input.prevout.txid);
        {
            ScopedReset reset(prevout);
            prevout.bind(1, prev_txid).bind(2, static_cast<std::int64_t>(input.prevout.vout));
            if (!prevout.step()) continue;
            if (!prevout.column_is_null(1))
                throw ChainError(ChainErrc::rejected, "fake chain: input " + prev_txid + ":" +
                                                          std::to_string(input.prevout.vout) + " is already spent");
            fake_inputs += static_cast<std::uint64_t>(prevout.column_int64(0));
            ++fake_count;
        }
        ScopedReset reset(spend);
        spend.bind(1, txid).bind(2, prev_txid).bind(3, static_cast<std::int64_t>(input.prevout.vout));
        spend.step();
    }
    std::uint64_t outputs_total = 0;
    for (const btc::TxOut& output : tx.outputs) outputs_total += output.value;  // each <= max_money: no overflow
    if (fake_count == tx.inputs.size() && outputs_total > fake_inputs)
        throw ChainError(ChainErrc::rejected, "fake chain: outputs exceed inputs");
    {
        Statement& insert = db_.cached(
            "INSERT INTO transactions (txid, raw, arrival) "
            "VALUES (?, ?, (SELECT COALESCE(MAX(arrival), 0) + 1 FROM transactions))");
        ScopedReset reset(insert);
        insert.bind(1, txid).bind(2, raw);
        insert.step();
    }
    Statement& output_row = db_.cached("INSERT INTO outputs (txid, vout, script, value) VALUES (?, ?, ?, ?)");
    for (std::size_t vout = 0; vout < tx.outputs.size(); ++vout) {
        ScopedReset reset(output_row);
        output_row.bind(1, txid)
            .bind(2, static_cast<std::int64_t>(vout))
            .bind(3, tx.outputs[vout].script_pubkey)
            .bind(4, static_cast<std::int64_t>(tx.outputs[vout].value));
        output_row.step();
    }
    transaction.commit();
    touch_transaction(txid);
    return txid;
}

std::string FakeChain::broadcast(ByteView raw_tx) {
    std::lock_guard lock(mutex_);
    std::string txid = storage_call([&] { return record(raw_tx); });
    changed_.notify_all();
    return txid;
}

std::optional<double> FakeChain::fee_rate(unsigned target_blocks) { return fake_fee_rate(target_blocks); }

void FakeChain::touch_transaction(const std::string& txid) {
    Statement& s = db_.cached("SELECT script FROM outputs WHERE txid = ?1 OR spent_by = ?1");
    ScopedReset reset(s);
    s.bind(1, txid);
    while (s.step()) {
        const ByteView script = s.column_blob(0);
        Bytes key(script.begin(), script.end());
        if (watched_.count(key)) changed_scripts_.insert(std::move(key));
    }
}

bool FakeChain::has_history(ByteView script) {
    Statement& s = db_.cached("SELECT 1 FROM outputs WHERE script = ? LIMIT 1");
    ScopedReset reset(s);
    s.bind(1, script);
    return s.step();
}

void FakeChain::watch(std::span<const Bytes> scripts) {
    std::lock_guard lock(mutex_);
    storage_call([&] {
        for (const Bytes& script : scripts) {
            if (!watched_.insert(script).second) continue;
            if (has_history(script)) changed_scripts_.insert(script);
        }
    });
    changed_.notify_all();
}

ChainChanges FakeChain::wait_for_changes(std::chrono::milliseconds max_wait) {
    const auto deadline = std::chrono::steady_clock::now() + max_wait;
    std::unique_lock lock(mutex_);
    for (;;) {
        std::chrono::milliseconds wait = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (block_interval_.count() > 0) {
            const std::int64_t due = storage_call([&] {
                Statement& s = db_.cached("SELECT MAX(time_ms) FROM blocks");
                ScopedReset reset(s);
                s.step();
                return s.column_int64(0) + block_interval_.count();
            });
            const std::int64_t until_due = due - now_ms_();
            if (until_due <= 0) mine_locked(1);
            wait = std::min(wait, std::chrono::milliseconds(std::max<std::int64_t>(until_due, 1)));
        }
        if (tip_changed_ || !changed_scripts_.empty()) {
            ChainChanges changes;
            if (tip_changed_) changes.tip = tip_locked();
            changes.scripts.assign(changed_scripts_.begin(), changed_scripts_.end());
            changed_scripts_.clear();
            tip_changed_ = false;
            return changes;
        }
        if (std::chrono::steady_clock::now() >= deadline) return {};
        changed_.wait_for(lock, wait);
    }
}

std::string FakeChain::pay(std::string_view address, std::uint64_t amount_sat) {
    if (amount_sat == 0 || amount_sat > btc::max_money)
        throw Error(Errc::bad_argument, "amount must be 1 sat to 21 million BTC");
    btc::Transaction tx;
    btc::TxIn from_someone;
    from_someone.prevout.txid = crypto::random_array<32>();  // coins the fake never saw
    tx.inputs.push_back(std::move(from_someone));
    tx.outputs.push_back({amount_sat, btc::address_to_script_pubkey(address, network_)});
    std::lock_guard lock(mutex_);
    std::string txid = storage_call([&] { return record(btc::serialize_transaction(tx)); });
    changed_.notify_all();
    return txid;
}

void FakeChain::mine_locked(unsigned blocks) {
    storage_call([&] {
        store::Transaction transaction(db_);
        const std::vector<std::string> mempool =
            column_texts(db_.cached("SELECT txid FROM transactions WHERE height IS NULL ORDER BY arrival"));
        const std::int64_t base = tip_locked().height;
        for (unsigned i = 1; i <= blocks; ++i) insert_block(db_, base + i, now_ms_());
        Statement& confirm = db_.cached("UPDATE transactions SET height = ?, position = ? WHERE txid = ?");
        for (std::size_t position = 0; position < mempool.size(); ++position) {
            ScopedReset reset(confirm);
            // Position 0 is the coinbase's in a real block.
            confirm.bind(1, base + 1).bind(2, static_cast<std::int64_t>(position + 1)).bind(3, mempool[position]);
            confirm.step();
        }
        transaction.commit();
        for (const std::string& txid : mempool) touch_transaction(txid);
    });
    if (blocks > 0) tip_changed_ = true;
}

ChainTip FakeChain::mine(unsigned blocks) {
    std::lock_guard lock(mutex_);
    mine_locked(blocks);
    changed_.notify_all();
    return tip_locked();
}

void FakeChain::reorg(unsigned depth, ReorgMode mode) {
    std::lock_guard lock(mutex_);
    const std::int64_t height = tip_locked().height;
    if (depth == 0) return;
    if (depth > height) throw Error(Errc::bad_argument, "a reorg cannot remove block 0");
    const std::int64_t keep = height - static_cast<std::int64_t>(depth);
    storage_call([&] {
        store::Transaction transaction(db_);
        Statement& removed = db_.cached("SELECT txid FROM transactions WHERE height > ? ORDER BY height, position");
        removed.bind(1, keep);
        std::vector<std::string> affected = column_texts(removed);
        for (const std::string& txid : affected) touch_transaction(txid);
        Statement& drop_blocks = db_.cached("DELETE FROM blocks WHERE height > ?");
        {
            ScopedReset reset(drop_blocks);
            drop_blocks.bind(1, keep);
            drop_blocks.step();
        }
        if (mode == ReorgMode::back_to_mempool) {
            // Back in front of the mempool, in chain order (a parent before its children).
            Statement& first = db_.cached("SELECT COALESCE(MIN(arrival), 0) FROM transactions");
            std::int64_t front = 0;
            {
                ScopedReset reset(first);
                first.step();
                front = first.column_int64(0) - static_cast<std::int64_t>(affected.size());
            }
            Statement& unconfirm =
                db_.cached("UPDATE transactions SET height = NULL, position = NULL, arrival = ? WHERE txid = ?");
            for (std::size_t i = 0; i < affected.size(); ++i) {
                ScopedReset reset(unconfirm);
                unconfirm.bind(1, front + static_cast<std::int64_t>(i)).bind(2, affected[i]);
                unconfirm.step();
            }
        } else {
            // The removed transactions and, transitively, whatever spends their outputs.
            Statement& spenders = db_.cached("SELECT DISTINCT spent_by FROM outputs WHERE txid = ? AND spent_by IS NOT NULL");
            std::set<std::string> gone(affected.begin(), affected.end());
            for (std::size_t i = 0; i < affected.size(); ++i) {
                spenders.bind(1, affected[i]);
                for (std::string& child : column_texts(spenders)) {
                    if (gone.insert(child).second) {
                        touch_transaction(child);
                        affected.push_back(std::move(child));
                    }
                }
            }
            Statement& unspend = db_.cached("UPDATE outputs SET spent_by = NULL WHERE spent_by = ?");
            Statement& erase = db_.cached("DELETE FROM transactions WHERE txid = ?");
            for (const std::string& txid : affected) {
                ScopedReset reset_unspend(unspend);
                unspend.bind(1, txid);
                unspend.step();
                ScopedReset reset_erase(erase);
                erase.bind(1, txid);
                erase.step();
            }
        }
        transaction.commit();
    });
    tip_changed_ = true;
    changed_.notify_all();
}

}  // namespace flash::node::bitcoin
