// Group commit for the mint: the requests the I/O thread handles back to back share one SQLite
// commit (one fsync) instead of one each; their answers wait until it is done. The first answer
// that needs a commit schedules it for after the reactor's next poll, so every request that has
// arrived by then joins the group.
#pragma once
#include <memory>

#include "node/server/asio.hpp"
#include "node/storage/mint_store.hpp"

namespace flash::node::mint {

class GroupCommitter {
public:
    /// Turns grouping on in `store`; both must outlive this object, which lives on `io`'s thread.
    GroupCommitter(asio::io_context& io, MintStore& store);
    /// Commits what is still open.
    ~GroupCommitter();
    GroupCommitter(const GroupCommitter&) = delete;
    GroupCommitter& operator=(const GroupCommitter&) = delete;

    /// Waits until every write made so far is committed; false when that commit failed (the
    /// writes were rolled back). Returns at once when nothing is waiting for a commit.
    asio::awaitable<bool> durable();

    /// Commits now (for work outside requests, like the maintenance timer). Error(storage) on failure.
    void commit_now();

private:
    void commit(const std::shared_ptr<asio::steady_timer>& wakeup);

    asio::io_context& io_;
    MintStore& store_;
    std::shared_ptr<asio::steady_timer> wakeup_;  ///< of the posted commit, null when none is posted
};

}  // namespace flash::node::mint
