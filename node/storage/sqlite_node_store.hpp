// NodeStore over one SQLite connection to <data_dir>/flash-node.sqlite; open_sqlite_store()
// (declared in node_store.hpp) opens, configures and migrates it.
#pragma once

#include <utility>

#include "core/store/sqlite.hpp"
#include "node/storage/node_store.hpp"
#include "node/storage/sqlite_card_store.hpp"
#include "node/storage/sqlite_chain_store.hpp"
#include "node/storage/sqlite_event_store.hpp"
#include "node/storage/sqlite_ledger_store.hpp"
#include "node/storage/sqlite_lightning_address_store.hpp"
#include "node/storage/sqlite_merchant_store.hpp"
#include "node/storage/sqlite_mint_store.hpp"
#include "node/storage/sqlite_reward_store.hpp"

namespace flash::node {

class SqliteNodeStore final : public NodeStore {
public:
    /// Takes over `db`, a connection that is configured and migrated (see open_sqlite_store()).
    explicit SqliteNodeStore(store::Database db)
        : db_(std::move(db)),
          events_(db_),
          mint_(db_),
          chain_(db_),
          ledger_(db_),
          merchant_(db_),
          cards_(db_),
          rewards_(db_),
          lightning_addresses_(db_) {}
    SqliteNodeStore(const SqliteNodeStore&) = delete;
    SqliteNodeStore& operator=(const SqliteNodeStore&) = delete;

    EventStore& events() override { return events_; }
    MintStore& mint() override { return mint_; }
    ChainStore& chain() override { return chain_; }
    LedgerStore& ledger() override { return ledger_; }
    MerchantStore& merchant() override { return merchant_; }
    CardStore& cards() override { return cards_; }
    RewardStore& rewards() override { return rewards_; }
    LightningAddressStore& lightning_addresses() override { return lightning_addresses_; }

private:
    store::Database db_;
    SqliteEventStore events_;      ///< uses db_
    SqliteMintStore mint_;         ///< uses db_
    SqliteChainStore chain_;       ///< uses db_
    SqliteLedgerStore ledger_;     ///< uses db_
    SqliteMerchantStore merchant_; ///< uses db_
    SqliteCardStore cards_;        ///< uses db_
    SqliteRewardStore rewards_;    ///< uses db_
    SqliteLightningAddressStore lightning_addresses_;  ///< uses db_
};

}  // namespace flash::node
