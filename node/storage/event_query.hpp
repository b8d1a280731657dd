// The query planner of the SQLite event store: turns NIP-01 filters into SQL over the schema of
// migrations.cpp and the values to bind to it. It touches no database, so it is tested on its own.
//
// For each filter it picks the index that drives the scan, in this order: ids (unique index),
// authors (pubkey, kind, created_at), tags (the tags table), kinds (kind, created_at), and else
// created_at. The other conditions only filter rows; their columns are written `+e.column` so that
// SQLite cannot wander to another index. NIP-40: rows whose expiration is at or before `now_s`
// are never selected or counted.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "core/bytes.hpp"
#include "core/nostr/filter.hpp"

namespace flash::node {

/// The value bound to one `?`: an integer, a text or a blob.
using SqlValue = std::variant<std::int64_t, std::string, Bytes>;

/// SQL text with `?` placeholders and their values in order.
struct SqlQuery {
    std::string sql;
    std::vector<SqlValue> params;
};

/// The index a filter's scan starts from.
enum class QueryDriver { ids, authors, tags, kinds, created_at };

struct SelectPlan {
    SqlQuery query;      ///< selects one column, the event's JSON (`raw`)
    QueryDriver driver;
};

/// The newest `limit` unexpired events matching `filter` (created_at descending, then id
/// ascending). nullopt when the filter matches nothing (one of its lists is empty).
std::optional<SelectPlan> plan_select(const nostr::Filter& filter, std::uint64_t limit, std::int64_t now_s);

/// One row, one column: how many distinct unexpired events match any of `filters` (limits are
/// ignored). nullopt when no filter can match anything (the count is 0).
std::optional<SqlQuery> plan_count(std::span<const nostr::Filter> filters, std::int64_t now_s);

}  // namespace flash::node
