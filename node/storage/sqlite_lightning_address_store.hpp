// LightningAddressStore over SQLite (schema version 8 in migrations.cpp): claim is one BEGIN
// IMMEDIATE transaction; the table's keys (name, user_id) keep one name per user and one user
// per name even against another connection.
#pragma once

#include "core/store/sqlite.hpp"
#include "node/storage/lightning_address_store.hpp"

namespace flash::node {

class SqliteLightningAddressStore final : public LightningAddressStore {
public:
    /// Works on `db`, which must outlive this object and be configured and migrated (open_sqlite_store()).
    explicit SqliteLightningAddressStore(store::Database& db) noexcept : db_(db) {}

    ClaimOutcome claim(const LightningAddressRecord& record) override;
    std::optional<LightningAddressRecord> by_name(const std::string& name) override;
    std::optional<LightningAddressRecord> by_user(const std::string& user) override;
    bool release(const std::string& user) override;

private:
    store::Database& db_;
};

}  // namespace flash::node
