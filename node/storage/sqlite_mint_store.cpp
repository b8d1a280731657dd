// The SQLite mint store: the checks every value-moving call makes under the write lock (duplicate,
// spent, reserved, signed), the rows it writes, and the readers for quotes, states and totals.
#include "node/storage/sqlite_mint_store.hpp"

#include <algorithm>
#include <chrono>
#include <limits>
#include <map>
#include <utility>

#include "core/cashu/mint_error.hpp"
#include "core/codec/hex.hpp"
#include "core/error.hpp"
#include "node/storage/sqlite_rows.hpp"

namespace flash::node {
namespace {

using cashu::Amount;
using cashu::MeltQuoteState;
using cashu::MintErrc;
using cashu::MintError;
using cashu::MintQuoteState;
using crypto::PublicKey;
using store::Database;
using store::ScopedReset;
using store::Statement;
using store::Transaction;
using sqlite_rows::blob;
using sqlite_rows::optional_text;

// ------------------------------------------------------------------------------ value encoding

// SQLite integers are signed 64-bit; a u64 (amount, fee, expiry) is kept as its bit pattern, so
// that 2^63 and above survive the round trip. SQL never compares or sums these columns directly.
std::int64_t sql_u64(std::uint64_t value) { return static_cast<std::int64_t>(value); }
std::uint64_t u64_from_sql(std::int64_t value) { return static_cast<std::uint64_t>(value); }

std::int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

template <std::size_t N>
ByteArray<N> fixed_blob(ByteView blob, const char* what) {
    if (blob.size() != N) throw Error(Errc::storage, std::string("stored ") + what + " has a bad length");
    ByteArray<N> out{};
    std::copy(blob.begin(), blob.end(), out.begin());
    return out;
}

std::optional<std::uint64_t> optional_u64(const Statement& statement, int column) {
    if (statement.column_is_null(column)) return std::nullopt;
    return u64_from_sql(statement.column_int64(column));
}

void bind_optional(Statement& statement, int index, const std::optional<std::string>& text) {
    if (text) statement.bind(index, *text);
}

void bind_optional(Statement& statement, int index, const std::optional<std::uint64_t>& value) {
    if (value) statement.bind(index, sql_u64(*value));
}

// The quote states as the schema's small integers (the migration's CHECK lists 0, 1, 2).
std::int64_t state_code(MintQuoteState state) {
    switch (state) {
        case MintQuoteState::unpaid: return 0;
        case MintQuoteState::paid: return 1;
        case MintQuoteState::issued: return 2;
    }
    throw Error(Errc::bad_argument, "unknown mint quote state");
}

MintQuoteState mint_state_from(std::int64_t code) {
    switch (code) {
        case 0: return MintQuoteState::unpaid;
        case 1: return MintQuoteState::paid;
        case 2: return MintQuoteState::issued;
        default: throw Error(Errc::storage, "stored mint quote state " + std::to_string(code) + " is unknown");
    }
}

std::int64_t state_code(MeltQuoteState state) {
    switch (state) {
        case MeltQuoteState::unpaid: return 0;
        case MeltQuoteState::pending: return 1;
        case MeltQuoteState::paid: return 2;
    }
    throw Error(Errc::bad_argument, "unknown melt quote state");
}

MeltQuoteState melt_state_from(std::int64_t code) {
    switch (code) {
        case 0: return MeltQuoteState::unpaid;
        case 1: return MeltQuoteState::pending;
        case 2: return MeltQuoteState::paid;
        default: throw Error(Errc::storage, "stored melt quote state " + std::to_string(code) + " is unknown");
    }
}

Amount checked_add(Amount a, Amount b) {
    if (b > std::numeric_limits<Amount>::max() - a) throw Error(Errc::storage, "sum of amounts overflows 64 bits");
    return a + b;
}

// high * 2^32 + low: totals are summed in SQL per 32-bit half of the amount's bit pattern (each
// half sum fits a signed 64-bit integer for 2^31 rows; SQLite reports an overflow as an error).
Amount join_halves(std::int64_t high, std::int64_t low) {
    const auto h = u64_from_sql(high);
    if (h > (std::numeric_limits<Amount>::max() >> 32)) throw Error(Errc::storage, "total overflows 64 bits");
    return checked_add(h << 32, u64_from_sql(low));
}

// ---------------------------------------------------------------------------- statement helpers

// Runs a statement that returns no rows.
void run(Statement& statement) {
    const ScopedReset reset(statement);
    statement.step();
}

bool has_row(Statement& statement) {
    const ScopedReset reset(statement);
    return statement.step();
}

std::string hex(ByteView bytes) { return codec::hex_encode(bytes); }

// ------------------------------------------------------------------------------------- checks

void require_distinct_inputs(std::span<const SpentProof> inputs) {
    std::vector<PublicKey> Ys;
    Ys.reserve(inputs.size());
    for (const SpentProof& proof : inputs) Ys.push_back(proof.Y);
    std::sort(Ys.begin(), Ys.end());
    if (const auto it = std::adjacent_find(Ys.begin(), Ys.end()); it != Ys.end())
        throw MintError(MintErrc::duplicate_inputs, "duplicate input " + hex(*it));
}

void require_distinct_outputs(std::vector<PublicKey> B_s) {
    std::sort(B_s.begin(), B_s.end());
    if (const auto it = std::adjacent_find(B_s.begin(), B_s.end()); it != B_s.end())
        throw MintError(MintErrc::duplicate_outputs, "duplicate output " + hex(*it));
}

std::vector<PublicKey> blinded_points(std::span<const IssuedSignature> outputs) {
    std::vector<PublicKey> B_s;
    B_s.reserve(outputs.size());
    for (const IssuedSignature& output : outputs) B_s.push_back(output.B_);
    return B_s;
}

bool is_spent(Database& db, const PublicKey& Y) {
    Statement& statement = db.cached("SELECT 1 FROM mint_spent_proofs WHERE y = ?");
    statement.bind(1, Y);
    return has_row(statement);
}

bool is_reserved(Database& db, const PublicKey& Y) {
    Statement& statement = db.cached("SELECT 1 FROM melt_reserved_proofs WHERE y = ?");
    statement.bind(1, Y);
    return has_row(statement);
}

void require_unspent(Database& db, std::span<const SpentProof> inputs) {
    for (const SpentProof& proof : inputs) {
        if (is_spent(db, proof.Y))
            throw MintError(MintErrc::proof_already_spent, "proof " + hex(proof.Y) + " is spent");
        if (is_reserved(db, proof.Y))
            throw MintError(MintErrc::proof_pending, "proof " + hex(proof.Y) + " is reserved by a pending melt");
    }
}

// An output must never be signed twice, nor signed while a pending melt may still sign it as change.
void require_unsigned(Database& db, std::span<const PublicKey> B_s) {
    Statement& signed_before = db.cached("SELECT 1 FROM mint_signatures WHERE b_ = ?");
    Statement& pending = db.cached(
        "SELECT 1 FROM melt_blank_outputs b JOIN melt_quotes q ON q.id = b.quote WHERE b.b_ = ? AND q.state = ?");
    for (const PublicKey& B_ : B_s) {
        signed_before.bind(1, B_);
        if (has_row(signed_before))
            throw MintError(MintErrc::outputs_already_signed, "output " + hex(B_) + " is already signed");
        pending.bind(1, B_).bind(2, state_code(MeltQuoteState::pending));
        if (has_row(pending))
            throw MintError(MintErrc::outputs_pending, "output " + hex(B_) + " is a blank output of a pending melt");
    }
}

// ------------------------------------------------------------------------------------- writers

void insert_spent(Database& db, std::span<const SpentProof> inputs, std::int64_t now) {
    Statement& statement = db.cached(
        "INSERT INTO mint_spent_proofs (y, amount, keyset, secret, witness, spent_at) VALUES (?, ?, ?, ?, ?, ?)");
    for (const SpentProof& proof : inputs) {
        statement.bind(1, proof.Y).bind(2, sql_u64(proof.amount)).bind(3, proof.keyset).bind(4, proof.secret);
        bind_optional(statement, 5, proof.witness);
        statement.bind(6, now);
        run(statement);
    }
}

void insert_signatures(Database& db, std::span<const IssuedSignature> outputs, std::int64_t now) {
    Statement& statement = db.cached(
        "INSERT INTO mint_signatures (b_, amount, keyset, c_, dleq_e, dleq_s, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)");
    for (const IssuedSignature& output : outputs) {
        const cashu::BlindSignature& signature = output.signature;
        statement.bind(1, output.B_).bind(2, sql_u64(signature.amount)).bind(3, signature.id).bind(4, signature.C_);
        if (signature.dleq) statement.bind(5, signature.dleq->e).bind(6, signature.dleq->s);
        statement.bind(7, now);
        run(statement);
    }
}

// ------------------------------------------------------------------------------------- readers

// amount, keyset, c_, dleq_e, dleq_s from `first` on.
cashu::BlindSignature signature_from(const Statement& row, int first) {
    cashu::BlindSignature signature;
    signature.amount = u64_from_sql(row.column_int64(first));
    signature.id = blob(row.column_blob(first + 1));
    signature.C_ = fixed_blob<33>(row.column_blob(first + 2), "C_");
    if (!row.column_is_null(first + 3))
        signature.dleq = cashu::Dleq{fixed_blob<32>(row.column_blob(first + 3), "DLEQ e"),
                                     fixed_blob<32>(row.column_blob(first + 4), "DLEQ s"), std::nullopt};
    return signature;
}

std::optional<MintQuoteRecord> read_mint_quote(Database& db, const std::string& id) {
    Statement& statement = db.cached(
        "SELECT id, request, amount, unit, state, expiry, pubkey, payment_hash, created_at FROM mint_quotes "
        "WHERE id = ?");
    statement.bind(1, id);
    const ScopedReset reset(statement);
    if (!statement.step()) return std::nullopt;
    MintQuoteRecord record;
    cashu::MintQuote& quote = record.quote;
    quote.quote = statement.column_text(0);
    quote.request = statement.column_text(1);
    quote.amount = u64_from_sql(statement.column_int64(2));
    quote.unit = statement.column_text(3);
    quote.state = mint_state_from(statement.column_int64(4));
    quote.expiry = optional_u64(statement, 5);
    if (!statement.column_is_null(6)) quote.pubkey = fixed_blob<33>(statement.column_blob(6), "quote pubkey");
    record.payment_hash = fixed_blob<32>(statement.column_blob(7), "payment hash");
    record.created_at = statement.column_int64(8);
    return record;
}

std::optional<MintQuoteState> mint_quote_state(Database& db, const std::string& id) {
    Statement& statement = db.cached("SELECT state FROM mint_quotes WHERE id = ?");
    statement.bind(1, id);
    const ScopedReset reset(statement);
    if (!statement.step()) return std::nullopt;
    return mint_state_from(statement.column_int64(0));
}

std::optional<MeltQuoteState> melt_quote_state(Database& db, const std::string& id) {
    Statement& statement = db.cached("SELECT state FROM melt_quotes WHERE id = ?");
    statement.bind(1, id);
    const ScopedReset reset(statement);
    if (!statement.step()) return std::nullopt;
    return melt_state_from(statement.column_int64(0));
}

// The change of a paid melt: the blank outputs that remain, with their signatures, in order.
std::vector<cashu::BlindSignature> melt_change(Database& db, const std::string& id) {
    Statement& statement = db.cached(
        "SELECT s.amount, s.keyset, s.c_, s.dleq_e, s.dleq_s FROM melt_blank_outputs b "
        "JOIN mint_signatures s ON s.b_ = b.b_ WHERE b.quote = ? ORDER BY b.position");
    statement.bind(1, id);
    const ScopedReset reset(statement);
    std::vector<cashu::BlindSignature> change;
    while (statement.step()) change.push_back(signature_from(statement, 0));
    return change;
}

std::optional<MeltQuoteRecord> read_melt_quote(Database& db, const std::string& id) {
    MeltQuoteRecord record;
    {
        Statement& statement = db.cached(
            "SELECT id, request, amount, unit, fee_reserve, state, expiry, payment_preimage, payment_hash, fee_paid, "
            "created_at FROM melt_quotes WHERE id = ?");
        statement.bind(1, id);
        const ScopedReset reset(statement);
        if (!statement.step()) return std::nullopt;
        cashu::MeltQuote& quote = record.quote;
        quote.quote = statement.column_text(0);
        quote.request = statement.column_text(1);
        quote.amount = u64_from_sql(statement.column_int64(2));
        quote.unit = statement.column_text(3);
        quote.fee_reserve = u64_from_sql(statement.column_int64(4));
        quote.state = melt_state_from(statement.column_int64(5));
        quote.expiry = optional_u64(statement, 6);
        quote.payment_preimage = optional_text(statement, 7);
        record.payment_hash = fixed_blob<32>(statement.column_blob(8), "payment hash");
        record.fee_paid = u64_from_sql(statement.column_int64(9));
        record.created_at = statement.column_int64(10);
    }
    record.quote.change = melt_change(db, id);
    return record;
}

// The melt quote `id` must be PENDING for step 2; anything else is the caller's mistake.
void require_pending_melt(Database& db, const std::string& id) {
    if (melt_quote_state(db, id) != MeltQuoteState::pending)
        throw Error(Errc::bad_argument, "melt quote " + id + " is not pending");
}

// Adds the (unit -> sum) rows of a totals query to `totals` through `field`.
void add_sums(Database& db, std::string_view sql, std::map<std::string, MintTotals>& totals,
              Amount MintTotals::*field) {
    Statement& statement = db.cached(sql);
    const ScopedReset reset(statement);
    while (statement.step()) {
        const std::string unit(statement.column_text(0));
        MintTotals& entry = totals[unit];
        entry.unit = unit;
        entry.*field = join_halves(statement.column_int64(1), statement.column_int64(2));
    }
}

}  // namespace

// ------------------------------------------------------------------------------- transactions

/// One write, all or nothing: its own BEGIN IMMEDIATE transaction, or with grouping on a
/// savepoint in the group's transaction (opened by the first write of the group).
class SqliteMintStore::Write {
public:
    explicit Write(SqliteMintStore& store) : store_(store) {
        if (!store_.grouping_) {
            own_.emplace(store_.db_);
            return;
        }
        if (store_.group_ && !store_.db_.in_transaction()) {
            store_.group_->done = true;  // SQLite rolled the group back on an I/O error
            store_.group_.reset();
        }
        if (!store_.group_) {
            store_.db_.exec("BEGIN IMMEDIATE");
            store_.group_ = std::make_shared<GroupCommit>();
        }
        store_.db_.exec("SAVEPOINT mint_write");
    }
    Write(const Write&) = delete;
    Write& operator=(const Write&) = delete;
    ~Write() {
        if (done_ || own_ || !store_.db_.in_transaction()) return;
        try {
            store_.db_.exec("ROLLBACK TO mint_write; RELEASE mint_write");
        } catch (const Error&) {
            // The group's commit fails or rolls back later; nothing more to do here.
        }
    }

    void commit() {
        if (own_) own_->commit();
        else store_.db_.exec("RELEASE mint_write");
        done_ = true;
    }

private:
    SqliteMintStore& store_;
    std::optional<Transaction> own_;
    bool done_ = false;
};

/// Reads of several tables that must agree: a deferred transaction, or none inside an open group
/// (the group's transaction already gives one consistent view).
class SqliteMintStore::Snapshot {
public:
    explicit Snapshot(SqliteMintStore& store) {
        if (!store.db_.in_transaction()) own_.emplace(store.db_, Transaction::Mode::deferred);
    }
    void commit() {
        if (own_) own_->commit();
    }

private:
    std::optional<Transaction> own_;
};

void SqliteMintStore::set_grouping(bool on) {
    if (!on) commit_group();
    grouping_ = on;
}

std::shared_ptr<const GroupCommit> SqliteMintStore::pending_commit() { return group_; }

void SqliteMintStore::commit_group() {
    if (!group_) return;
    const std::shared_ptr<GroupCommit> group = std::move(group_);
    group->done = true;
    try {
        db_.exec("COMMIT");
    } catch (const Error&) {
        try {
            if (db_.in_transaction()) db_.exec("ROLLBACK");
        } catch (const Error&) {
            // The connection rolls back when it closes.
        }
        throw;
    }
    group->ok = true;
}

// ------------------------------------------------------------------------------------- seed

std::optional<Bytes> SqliteMintStore::encrypted_seed() {
    Statement& statement = db_.cached("SELECT encrypted FROM mint_seed WHERE id = 1");
    const ScopedReset reset(statement);
    if (!statement.step()) return std::nullopt;
    return blob(statement.column_blob(0));
}

void SqliteMintStore::save_encrypted_seed(ByteView encrypted) {
    Write transaction(*this);
    if (has_row(db_.cached("SELECT 1 FROM mint_seed WHERE id = 1")))
        throw Error(Errc::storage, "the mint's seed is already stored");
    Statement& statement = db_.cached("INSERT INTO mint_seed (id, encrypted) VALUES (1, ?)");
    statement.bind(1, encrypted);
    run(statement);
    transaction.commit();
}

// ---------------------------------------------------------------------------------- keysets

std::vector<KeysetRecord> SqliteMintStore::keysets() {
    Statement& statement = db_.cached(
        "SELECT id, unit, derivation_index, input_fee_ppk, max_order, active, final_expiry, created_at "
        "FROM mint_keysets ORDER BY rowid");
    const ScopedReset reset(statement);
    std::vector<KeysetRecord> keysets;
    while (statement.step()) {
        KeysetRecord& keyset = keysets.emplace_back();
        keyset.id = blob(statement.column_blob(0));
        keyset.unit = statement.column_text(1);
        keyset.index = static_cast<std::uint32_t>(statement.column_int64(2));
        keyset.input_fee_ppk = u64_from_sql(statement.column_int64(3));
        keyset.max_order = static_cast<std::uint32_t>(statement.column_int64(4));
        keyset.active = statement.column_int64(5) != 0;
        keyset.final_expiry = optional_u64(statement, 6);
        keyset.created_at = statement.column_int64(7);
    }
    return keysets;
}

void SqliteMintStore::add_keyset(const KeysetRecord& keyset) {
    Write transaction(*this);
    if (keyset.active) {
        Statement& deactivate = db_.cached("UPDATE mint_keysets SET active = 0 WHERE unit = ?");
        deactivate.bind(1, keyset.unit);
        run(deactivate);
    }
    Statement& insert = db_.cached(
        "INSERT INTO mint_keysets (id, unit, derivation_index, input_fee_ppk, max_order, active, final_expiry, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, keyset.id).bind(2, keyset.unit).bind(3, std::int64_t{keyset.index});
    insert.bind(4, sql_u64(keyset.input_fee_ppk)).bind(5, std::int64_t{keyset.max_order});
    insert.bind(6, std::int64_t{keyset.active ? 1 : 0});
    bind_optional(insert, 7, keyset.final_expiry);
    insert.bind(8, keyset.created_at);
    run(insert);
    transaction.commit();
}

// ------------------------------------------------------------------------------------- swap

void SqliteMintStore::commit_swap(std::span<const SpentProof> inputs, std::span<const IssuedSignature> outputs) {
    const std::vector<PublicKey> B_s = blinded_points(outputs);
    require_distinct_inputs(inputs);
    require_distinct_outputs(B_s);
    Write transaction(*this);
    require_unspent(db_, inputs);
    require_unsigned(db_, B_s);
    const std::int64_t now = unix_now();
    insert_spent(db_, inputs, now);
    insert_signatures(db_, outputs, now);
    transaction.commit();
}

// -------------------------------------------------------------------------------------- mint

void SqliteMintStore::add_mint_quote(const MintQuoteRecord& record) {
    Write transaction(*this);
    const cashu::MintQuote& quote = record.quote;
    Statement& statement = db_.cached(
        "INSERT INTO mint_quotes (id, request, amount, unit, state, expiry, pubkey, payment_hash, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    statement.bind(1, quote.quote).bind(2, quote.request).bind(3, sql_u64(quote.amount)).bind(4, quote.unit);
    statement.bind(5, state_code(quote.state));
    bind_optional(statement, 6, quote.expiry);
    if (quote.pubkey) statement.bind(7, *quote.pubkey);
    statement.bind(8, record.payment_hash).bind(9, record.created_at);
    run(statement);
    transaction.commit();
}

std::optional<MintQuoteRecord> SqliteMintStore::mint_quote(const std::string& id) { return read_mint_quote(db_, id); }

std::optional<MintQuoteRecord> SqliteMintStore::mark_mint_quote_paid(const std::string& id) {
    Write transaction(*this);
    Statement& statement = db_.cached("UPDATE mint_quotes SET state = ? WHERE id = ? AND state = ?");
    statement.bind(1, state_code(MintQuoteState::paid)).bind(2, id).bind(3, state_code(MintQuoteState::unpaid));
    run(statement);
    std::optional<MintQuoteRecord> quote = read_mint_quote(db_, id);
    transaction.commit();
    return quote;
}

void SqliteMintStore::issue_mint_quote(const std::string& id, std::span<const IssuedSignature> outputs) {
    const std::vector<PublicKey> B_s = blinded_points(outputs);
    require_distinct_outputs(B_s);
    Write transaction(*this);
    const std::optional<MintQuoteState> state = mint_quote_state(db_, id);
    if (!state) throw MintError(MintErrc::bad_request, "unknown mint quote " + id);
    if (*state == MintQuoteState::unpaid)
        throw MintError(MintErrc::quote_not_paid, "mint quote " + id + " is not paid");
    if (*state == MintQuoteState::issued)
        throw MintError(MintErrc::tokens_already_issued, "mint quote " + id + " is already issued");
    require_unsigned(db_, B_s);
    insert_signatures(db_, outputs, unix_now());
    Statement& statement = db_.cached("UPDATE mint_quotes SET state = ? WHERE id = ?");
    statement.bind(1, state_code(MintQuoteState::issued)).bind(2, id);
    run(statement);
    transaction.commit();
}

// -------------------------------------------------------------------------------------- melt

void SqliteMintStore::add_melt_quote(const MeltQuoteRecord& record) {
    Write transaction(*this);
    const cashu::MeltQuote& quote = record.quote;
    Statement& statement = db_.cached(
        "INSERT INTO melt_quotes (id, request, amount, unit, fee_reserve, state, expiry, payment_preimage, "
        "payment_hash, fee_paid, input_fee, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)");
    statement.bind(1, quote.quote).bind(2, quote.request).bind(3, sql_u64(quote.amount)).bind(4, quote.unit);
    statement.bind(5, sql_u64(quote.fee_reserve)).bind(6, state_code(quote.state));
    bind_optional(statement, 7, quote.expiry);
    bind_optional(statement, 8, quote.payment_preimage);
    statement.bind(9, record.payment_hash).bind(10, sql_u64(record.fee_paid)).bind(11, record.created_at);
    run(statement);
    transaction.commit();
}

std::optional<MeltQuoteRecord> SqliteMintStore::melt_quote(const std::string& id) {
    Snapshot snapshot(*this);  // the quote and its change
    std::optional<MeltQuoteRecord> quote = read_melt_quote(db_, id);
    snapshot.commit();
    return quote;
}

void SqliteMintStore::begin_melt(const std::string& id, std::span<const SpentProof> inputs,
                                 std::span<const PublicKey> blank_outputs,
                                 std::span<const cashu::KeysetId> blank_output_keysets, Amount input_fee) {
    if (blank_outputs.size() != blank_output_keysets.size())
        throw Error(Errc::bad_argument, "one keyset per blank output is needed");
    require_distinct_inputs(inputs);
    require_distinct_outputs(std::vector<PublicKey>(blank_outputs.begin(), blank_outputs.end()));
    Write transaction(*this);
    const std::optional<MeltQuoteState> state = melt_quote_state(db_, id);
    if (!state) throw MintError(MintErrc::bad_request, "unknown melt quote " + id);
    if (*state == MeltQuoteState::pending) throw MintError(MintErrc::quote_pending, "melt quote " + id + " is pending");
    if (*state == MeltQuoteState::paid)
        throw MintError(MintErrc::invoice_already_paid, "melt quote " + id + " is already paid");
    require_unspent(db_, inputs);
    require_unsigned(db_, blank_outputs);

    Statement& quote = db_.cached("UPDATE melt_quotes SET state = ?, input_fee = ? WHERE id = ?");
    quote.bind(1, state_code(MeltQuoteState::pending)).bind(2, sql_u64(input_fee)).bind(3, id);
    run(quote);
    const std::int64_t now = unix_now();
    Statement& reserve = db_.cached(
        "INSERT INTO melt_reserved_proofs (y, quote, amount, keyset, secret, witness, reserved_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)");
    for (const SpentProof& proof : inputs) {
        reserve.bind(1, proof.Y).bind(2, id).bind(3, sql_u64(proof.amount)).bind(4, proof.keyset);
        reserve.bind(5, proof.secret);
        bind_optional(reserve, 6, proof.witness);
        reserve.bind(7, now);
        run(reserve);
    }
    Statement& blank = db_.cached("INSERT INTO melt_blank_outputs (quote, position, b_, keyset) VALUES (?, ?, ?, ?)");
    for (std::size_t i = 0; i < blank_outputs.size(); ++i) {
        blank.bind(1, id).bind(2, static_cast<std::int64_t>(i));
        blank.bind(3, blank_outputs[i]).bind(4, blank_output_keysets[i]);
        run(blank);
    }
    transaction.commit();
    commit_group();  // durable before Lightning is asked to pay
}

void SqliteMintStore::finish_melt_paid(const std::string& id, const ByteArray<32>& preimage, Amount fee_paid,
                                       std::span<const IssuedSignature> change) {
    require_distinct_outputs(blinded_points(change));
    Write transaction(*this);
    require_pending_melt(db_, id);
    Statement& is_blank = db_.cached("SELECT 1 FROM melt_blank_outputs WHERE quote = ? AND b_ = ?");
    for (const IssuedSignature& output : change) {
        is_blank.bind(1, id).bind(2, output.B_);
        if (!has_row(is_blank))
            throw Error(Errc::bad_argument, "change output " + hex(output.B_) + " is not a blank output of " + id);
    }
    const std::int64_t now = unix_now();
    Statement& spend = db_.cached(
        "INSERT INTO mint_spent_proofs (y, amount, keyset, secret, witness, spent_at) "
        "SELECT y, amount, keyset, secret, witness, ? FROM melt_reserved_proofs WHERE quote = ?");
    spend.bind(1, now).bind(2, id);
    run(spend);
    Statement& release = db_.cached("DELETE FROM melt_reserved_proofs WHERE quote = ?");
    release.bind(1, id);
    run(release);
    insert_signatures(db_, change, now);
    // The blank outputs that got no change are free again; the rest name the quote's change.
    Statement& unused = db_.cached(
        "DELETE FROM melt_blank_outputs WHERE quote = ? AND NOT EXISTS "
        "(SELECT 1 FROM mint_signatures s WHERE s.b_ = melt_blank_outputs.b_)");
    unused.bind(1, id);
    run(unused);
    Statement& quote = db_.cached("UPDATE melt_quotes SET state = ?, payment_preimage = ?, fee_paid = ? WHERE id = ?");
    quote.bind(1, state_code(MeltQuoteState::paid)).bind(2, hex(preimage)).bind(3, sql_u64(fee_paid)).bind(4, id);
    run(quote);
    transaction.commit();
}

void SqliteMintStore::finish_melt_failed(const std::string& id) {
    Write transaction(*this);
    require_pending_melt(db_, id);
    Statement& release = db_.cached("DELETE FROM melt_reserved_proofs WHERE quote = ?");
    release.bind(1, id);
    run(release);
    Statement& blanks = db_.cached("DELETE FROM melt_blank_outputs WHERE quote = ?");
    blanks.bind(1, id);
    run(blanks);
    Statement& quote = db_.cached("UPDATE melt_quotes SET state = ?, input_fee = 0 WHERE id = ?");
    quote.bind(1, state_code(MeltQuoteState::unpaid)).bind(2, id);
    run(quote);
    transaction.commit();
}

std::vector<PendingMelt> SqliteMintStore::pending_melts() {
    Snapshot snapshot(*this);
    std::vector<std::pair<std::string, Amount>> ids;  // with their input fee
    {
        Statement& statement =
            db_.cached("SELECT id, input_fee FROM melt_quotes WHERE state = ? ORDER BY created_at, id");
        statement.bind(1, state_code(MeltQuoteState::pending));
        const ScopedReset reset(statement);
        while (statement.step())
            ids.emplace_back(std::string(statement.column_text(0)), u64_from_sql(statement.column_int64(1)));
    }
    std::vector<PendingMelt> melts;
    for (const auto& [id, input_fee] : ids) {
        PendingMelt& melt = melts.emplace_back();
        melt.quote = *read_melt_quote(db_, id);
        melt.input_fee = input_fee;
        Statement& inputs = db_.cached("SELECT amount FROM melt_reserved_proofs WHERE quote = ?");
        inputs.bind(1, id);
        {
            const ScopedReset reset(inputs);
            while (inputs.step())
                melt.inputs_total = checked_add(melt.inputs_total, u64_from_sql(inputs.column_int64(0)));
        }
        Statement& blanks = db_.cached("SELECT b_, keyset FROM melt_blank_outputs WHERE quote = ? ORDER BY position");
        blanks.bind(1, id);
        const ScopedReset reset(blanks);
        while (blanks.step()) {
            melt.blank_outputs.push_back(fixed_blob<33>(blanks.column_blob(0), "blank output"));
            melt.blank_output_keysets.push_back(blob(blanks.column_blob(1)));
        }
    }
    snapshot.commit();
    return melts;
}

// ---------------------------------------------------------------------------- NUT-07, NUT-09

std::vector<cashu::ProofStateEntry> SqliteMintStore::proof_states(std::span<const PublicKey> Ys) {
    std::vector<cashu::ProofStateEntry> states;
    states.reserve(Ys.size());
    Snapshot snapshot(*this);  // a proof moving from reserved to spent is seen once
    Statement& spent = db_.cached("SELECT witness FROM mint_spent_proofs WHERE y = ?");
    for (const PublicKey& Y : Ys) {
        cashu::ProofStateEntry& entry = states.emplace_back();
        entry.Y = Y;
        spent.bind(1, Y);
        const ScopedReset reset(spent);
        if (spent.step()) {
            entry.state = cashu::ProofState::spent;
            entry.witness = optional_text(spent, 0);
        } else if (is_reserved(db_, Y)) {
            entry.state = cashu::ProofState::pending;
        }
    }
    snapshot.commit();
    return states;
}

std::vector<std::optional<cashu::BlindSignature>> SqliteMintStore::signatures(std::span<const PublicKey> B_s) {
    std::vector<std::optional<cashu::BlindSignature>> signatures;
    signatures.reserve(B_s.size());
    Statement& statement = db_.cached("SELECT amount, keyset, c_, dleq_e, dleq_s FROM mint_signatures WHERE b_ = ?");
    for (const PublicKey& B_ : B_s) {
        statement.bind(1, B_);
        const ScopedReset reset(statement);
        signatures.push_back(statement.step() ? std::optional(signature_from(statement, 0)) : std::nullopt);
    }
    return signatures;
}

// ------------------------------------------------------------------------------------ totals

std::vector<MintTotals> SqliteMintStore::totals() {
    std::map<std::string, MintTotals> by_unit;
    Snapshot snapshot(*this);
    {
        Statement& units = db_.cached("SELECT DISTINCT unit FROM mint_keysets");
        const ScopedReset reset(units);
        while (units.step()) {
            const std::string unit(units.column_text(0));
            by_unit[unit].unit = unit;
        }
    }
    add_sums(db_,
             "SELECT k.unit, SUM((s.amount >> 32) & 0xFFFFFFFF), SUM(s.amount & 0xFFFFFFFF) FROM mint_signatures s "
             "JOIN mint_keysets k ON k.id = s.keyset GROUP BY k.unit",
             by_unit, &MintTotals::issued);
    add_sums(db_,
             "SELECT k.unit, SUM((p.amount >> 32) & 0xFFFFFFFF), SUM(p.amount & 0xFFFFFFFF) FROM mint_spent_proofs p "
             "JOIN mint_keysets k ON k.id = p.keyset GROUP BY k.unit",
             by_unit, &MintTotals::redeemed);
    snapshot.commit();
    std::vector<MintTotals> totals;
    for (auto& [unit, entry] : by_unit) totals.push_back(std::move(entry));
    return totals;
}

}  // namespace flash::node
