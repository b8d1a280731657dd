// The chain store's deposit rows, read by sqlite_chain_store.cpp and sqlite_chain_withdrawals.cpp.
#pragma once
#include "core/store/sqlite.hpp"
#include "node/storage/chain_store.hpp"

namespace flash::node::sqlite_rows {

/// A deposit from a row whose columns are, in this order:
///   txid, vout, script_hash, user_id, amount, height, first_seen, credited_at, orphaned, spent_by
Deposit deposit_from(const store::Statement& s);

}  // namespace flash::node::sqlite_rows
