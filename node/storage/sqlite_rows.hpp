// Reading rows of a bound SQLite statement into structs: the helpers every SQLite store of the
// node repeats otherwise. A store says `using namespace sqlite_rows;` and has them all, with the
// statement types it works with.
#pragma once
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/bytes.hpp"
#include "core/error.hpp"
#include "core/store/sqlite.hpp"

namespace flash::node::sqlite_rows {

using store::ScopedReset;
using store::Statement;
using store::Transaction;

/// "SELECT <columns> <rest>" (appended, not added up: GCC 12 warns falsely on chains of string +).
inline std::string select_sql(std::string_view columns, std::string_view rest) {
    std::string sql = "SELECT ";
    sql.append(columns).append(" ").append(rest);
    return sql;
}

/// Runs `statement` (already bound) to the end, collecting every row through `read`.
template <class T>
std::vector<T> collect(store::Statement& statement, T (*read)(const store::Statement&)) {
    store::ScopedReset reset(statement);
    std::vector<T> out;
    while (statement.step()) out.push_back(read(statement));
    return out;
}

/// The first row of `statement` (already bound) through `read`, if there is one.
template <class T>
std::optional<T> first(store::Statement& statement, T (*read)(const store::Statement&)) {
    store::ScopedReset reset(statement);
    if (!statement.step()) return std::nullopt;
    return read(statement);
}

/// The first column of the first row of `statement` (already bound), such as a COUNT or a SUM;
/// 0 when it is NULL or there is no row.
inline std::int64_t single_int(store::Statement& statement) {
    store::ScopedReset reset(statement);
    if (!statement.step() || statement.column_is_null(0)) return 0;
    return statement.column_int64(0);
}

inline std::optional<std::string> optional_text(const store::Statement& s, int column) {
    if (s.column_is_null(column)) return std::nullopt;
    return std::string(s.column_text(column));
}

/// A blob column's bytes, copied out of the statement.
inline Bytes blob(ByteView view) { return Bytes(view.begin(), view.end()); }

/// An amount as SQLite's signed integer; Error(bad_argument) above 2^63 - 1.
inline std::int64_t sql_amount(std::uint64_t amount) {
    if (amount > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
        throw Error(Errc::bad_argument, "amount does not fit the database");
    return static_cast<std::int64_t>(amount);
}

}  // namespace flash::node::sqlite_rows
