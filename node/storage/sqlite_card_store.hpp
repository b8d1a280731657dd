// CardStore over SQLite (schema version 7 in migrations.cpp). register_card and update_card are
// one BEGIN IMMEDIATE transaction each; spend works inside the caller's (the payment's).
#pragma once

#include "core/store/sqlite.hpp"
#include "node/storage/card_store.hpp"

namespace flash::node {

class SqliteCardStore final : public CardStore {
public:
    /// Works on `db`, which must outlive this object and be configured and migrated (open_sqlite_store()).
    explicit SqliteCardStore(store::Database& db) noexcept : db_(db) {}

    CardRecord register_card(const CardRecord& card) override;
    std::optional<CardRecord> card(const std::string& id) override;
    std::vector<CardRecord> cards_of(const std::string& user) override;
    CardRecord update_card(const std::string& user, const std::string& id, const CardSettings& settings,
                           CardState state, std::int64_t now_s) override;
    void add_tap(const CardTapRecord& tap, std::int64_t forget_before) override;
    std::optional<CardTapRecord> tap(const ByteArray<32>& k1_hash) override;
    std::uint64_t spent_since(const std::string& card_id, std::int64_t day_start) override;
    void spend(const CardSpend& spend) override;
    std::vector<CardPaymentRecord> payments_of(const std::string& card_id, std::size_t limit) override;

private:
    void write_card(const CardRecord& card, bool insert);

    store::Database& db_;
};

}  // namespace flash::node
