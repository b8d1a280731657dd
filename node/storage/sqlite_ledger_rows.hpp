// Reading ln_payments rows (schema versions 5 and 10): shared by the ledger and by the stores that join
// their own records to the ledger's payments (card payments).
#pragma once
#include <algorithm>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/store/sqlite.hpp"
#include "node/storage/ledger_store.hpp"

namespace flash::node::sqlite_rows {

/// The column order ledger_payment_from() reads, from column 0.
inline constexpr const char* ledger_payment_columns =
    "id, payment_hash, user_id, bolt11, amount_msat, fee_reserve_msat, fee_msat, state, preimage, "
    "failure_reason, internal, created_at, finished_at, description";
/// How many they are: a reader of more columns after them starts there.
inline constexpr int ledger_payment_column_count = 14;

/// A stored 32-byte hash; Error(storage) for another length.
inline ByteArray<32> hash_from(ByteView blob) {
    ByteArray<32> out{};
    if (blob.size() != out.size()) throw Error(Errc::storage, "a stored payment hash is not 32 bytes");
    std::copy(blob.begin(), blob.end(), out.begin());
    return out;
}

inline const char* payment_state_name(LedgerPaymentState state) {
    switch (state) {
        case LedgerPaymentState::pending: return "pending";
        case LedgerPaymentState::succeeded: return "succeeded";
        case LedgerPaymentState::failed: return "failed";
    }
    return "failed";
}

inline LedgerPaymentState payment_state_from(std::string_view text) {
    if (text == "pending") return LedgerPaymentState::pending;
    if (text == "succeeded") return LedgerPaymentState::succeeded;
    return LedgerPaymentState::failed;
}

/// The payment in the current row, columns as ledger_payment_columns.
inline LedgerPayment ledger_payment_from(const store::Statement& s) {
    LedgerPayment p;
    p.id = s.column_int64(0);
    p.payment_hash = hash_from(s.column_blob(1));
    p.user = std::string(s.column_text(2));
    p.bolt11 = std::string(s.column_text(3));
    p.amount_msat = static_cast<std::uint64_t>(s.column_int64(4));
    p.fee_reserve_msat = static_cast<std::uint64_t>(s.column_int64(5));
    p.fee_msat = static_cast<std::uint64_t>(s.column_int64(6));
    p.state = payment_state_from(s.column_text(7));
    if (!s.column_is_null(8)) p.preimage = hash_from(s.column_blob(8));
    p.failure_reason = std::string(s.column_text(9));
    p.internal = s.column_int64(10) != 0;
    p.created_at = s.column_int64(11);
    if (!s.column_is_null(12)) p.finished_at = s.column_int64(12);
    p.description = std::string(s.column_text(13));
    return p;
}

}  // namespace flash::node::sqlite_rows
