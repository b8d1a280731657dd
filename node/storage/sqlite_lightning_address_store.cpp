#include "node/storage/sqlite_lightning_address_store.hpp"

#include "node/storage/sqlite_rows.hpp"

namespace flash::node {
namespace {

using store::ScopedReset;
using store::Statement;

LightningAddressRecord address_from(const Statement& s) {
    return {std::string(s.column_text(0)), std::string(s.column_text(1)), s.column_int64(2)};
}

}  // namespace

ClaimOutcome SqliteLightningAddressStore::claim(const LightningAddressRecord& record) {
    store::Transaction tx(db_);
    if (const auto held = by_user(record.user)) return held->name == record.name ? ClaimOutcome::claimed : ClaimOutcome::has_another;
    if (by_name(record.name)) return ClaimOutcome::name_taken;
    Statement& insert = db_.cached("INSERT INTO lightning_addresses (name, user_id, created_at) VALUES (?, ?, ?)");
    ScopedReset reset(insert);
    insert.bind(1, record.name).bind(2, record.user).bind(3, record.created_at);
    insert.step();
    tx.commit();
    return ClaimOutcome::claimed;
}

std::optional<LightningAddressRecord> SqliteLightningAddressStore::by_name(const std::string& name) {
    Statement& s = db_.cached("SELECT name, user_id, created_at FROM lightning_addresses WHERE name = ?");
    s.bind(1, name);
    return sqlite_rows::first(s, address_from);
}

std::optional<LightningAddressRecord> SqliteLightningAddressStore::by_user(const std::string& user) {
    Statement& s = db_.cached("SELECT name, user_id, created_at FROM lightning_addresses WHERE user_id = ?");
    s.bind(1, user);
    return sqlite_rows::first(s, address_from);
}

bool SqliteLightningAddressStore::release(const std::string& user) {
    Statement& s = db_.cached("DELETE FROM lightning_addresses WHERE user_id = ?");
    ScopedReset reset(s);
    s.bind(1, user);
    s.step();
    return db_.changes() > 0;
}

}  // namespace flash::node
