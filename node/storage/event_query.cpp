// The query planner: one WHERE clause per filter, built term by term.
#include "node/storage/event_query.hpp"

#include <algorithm>
#include <limits>

namespace flash::node {
namespace {

bool matches_nothing(const nostr::Filter& filter) {
    return (filter.ids && filter.ids->empty()) || (filter.authors && filter.authors->empty()) ||
           (filter.kinds && filter.kinds->empty()) ||
           std::any_of(filter.tags.begin(), filter.tags.end(), [](const auto& entry) { return entry.second.empty(); });
}

QueryDriver choose_driver(const nostr::Filter& filter) {
    if (filter.ids) return QueryDriver::ids;
    if (filter.authors) return QueryDriver::authors;
    if (!filter.tags.empty()) return QueryDriver::tags;
    if (filter.kinds) return QueryDriver::kinds;
    return QueryDriver::created_at;
}

// The conditions of one filter, joined with AND, and their values.
class Where {
public:
    explicit Where(std::vector<SqlValue>& params) : params_(params) {}

    // `e.column IN (?, ...)`; `+e.column` unless the driving index has the column.
    template <typename T>
    void in(const char* column, const std::vector<T>& values, bool indexed) {
        term((indexed ? "e." : "+e.") + std::string(column) + " IN (" + placeholders(values.size()) + ")");
        for (const T& value : values) params_.push_back(value_of(value));
    }

    void compare(const char* column, const char* op, std::int64_t value, bool indexed) {
        term((indexed ? "e." : "+e.") + std::string(column) + " " + op + " ?");
        params_.emplace_back(value);
    }

    // The event has a tag [name, value, ...] with one of `values`: as the driving row set, or as a
    // check on each row found through another index.
    void tag(char name, const std::vector<std::string>& values, bool driving) {
        const std::string in_values = "t.name = ? AND t.value IN (" + placeholders(values.size()) + ")";
        term(driving ? "e.rowid IN (SELECT t.event_rowid FROM tags t WHERE " + in_values + ")"
                     : "EXISTS (SELECT 1 FROM tags t WHERE t.event_rowid = e.rowid AND " + in_values + ")");
        params_.emplace_back(std::string(1, name));
        for (const std::string& value : values) params_.emplace_back(value);
    }

    void unexpired(std::int64_t now_s) {
        term("(e.expiration IS NULL OR e.expiration > ?)");
        params_.emplace_back(now_s);
    }

    const std::string& sql() const { return sql_; }

private:
    static std::string placeholders(std::size_t n) {
        std::string out;
        for (std::size_t i = 0; i < n; ++i) out += i ? ", ?" : "?";
        return out;
    }
    static SqlValue value_of(const ByteArray<32>& bytes) { return Bytes(bytes.begin(), bytes.end()); }
    static SqlValue value_of(std::uint16_t kind) { return std::int64_t{kind}; }

    void term(const std::string& condition) { sql_ += (sql_.empty() ? " WHERE " : " AND ") + condition; }

    std::vector<SqlValue>& params_;
    std::string sql_;
};

// " WHERE ..." for `filter` driven by `driver`; appends the values to `params`.
std::string where_clause(const nostr::Filter& filter, std::int64_t now_s, std::vector<SqlValue>& params,
                         QueryDriver driver) {
    using D = QueryDriver;
    Where where(params);
    if (filter.ids) where.in("id", *filter.ids, driver == D::ids);
    if (filter.authors) where.in("pubkey", *filter.authors, driver == D::authors);
    if (filter.kinds) where.in("kind", *filter.kinds, driver == D::authors || driver == D::kinds);
    bool driving_tag = driver == D::tags;  // the first tag drives, the others check
    for (const auto& [name, values] : filter.tags) {
        where.tag(name, values, driving_tag);
        driving_tag = false;
    }
    const bool time_indexed = driver == D::authors || driver == D::kinds || driver == D::created_at;
    if (filter.since) where.compare("created_at", ">=", *filter.since, time_indexed);
    if (filter.until) where.compare("created_at", "<=", *filter.until, time_indexed);
    where.unexpired(now_s);
    return where.sql();
}

}  // namespace

std::optional<SelectPlan> plan_select(const nostr::Filter& filter, std::uint64_t limit, std::int64_t now_s) {
    if (matches_nothing(filter)) return std::nullopt;
    SelectPlan plan{{}, choose_driver(filter)};
    plan.query.sql = "SELECT e.raw FROM events e" + where_clause(filter, now_s, plan.query.params, plan.driver) +
                     " ORDER BY e.created_at DESC, e.id LIMIT ?";
    constexpr auto max_limit = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    plan.query.params.emplace_back(static_cast<std::int64_t>(std::min(limit, max_limit)));
    return plan;
}

std::optional<SqlQuery> plan_count(std::span<const nostr::Filter> filters, std::int64_t now_s) {
    SqlQuery query;
    std::string selects;
    for (const nostr::Filter& filter : filters) {
        if (matches_nothing(filter)) continue;
        if (!selects.empty()) selects += " UNION ";
        selects += "SELECT e.rowid FROM events e" + where_clause(filter, now_s, query.params, choose_driver(filter));
    }
    if (selects.empty()) return std::nullopt;
    query.sql = "SELECT COUNT(*) FROM (" + selects + ")";
    return query;
}

}  // namespace flash::node
