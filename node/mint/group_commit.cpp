#include "node/mint/group_commit.hpp"

#include "node/server/log.hpp"

namespace flash::node::mint {

GroupCommitter::GroupCommitter(asio::io_context& io, MintStore& store) : io_(io), store_(store) {
    store_.set_grouping(true);
}

GroupCommitter::~GroupCommitter() {
    try {
        store_.set_grouping(false);
    } catch (const std::exception& e) {
        log::error("the mint's last commit failed", {{"error", e.what()}});
    }
}

asio::awaitable<bool> GroupCommitter::durable() {
    const std::shared_ptr<const GroupCommit> group = store_.pending_commit();
    if (!group) co_return true;
    if (!wakeup_) {
        wakeup_ = std::make_shared<asio::steady_timer>(io_, asio::steady_timer::time_point::max());
        // A timer due now fires after the reactor's next poll, so the requests that have arrived
        // by then are handled first and join this group; a plain post would commit before them.
        auto due = std::make_shared<asio::steady_timer>(io_, asio::steady_timer::clock_type::now());
        due->async_wait([this, due, wakeup = wakeup_](const boost::system::error_code&) { commit(wakeup); });
    }
    const std::shared_ptr<asio::steady_timer> wakeup = wakeup_;
    while (!group->done) {
        boost::system::error_code cancelled;
        co_await wakeup->async_wait(asio::redirect_error(asio::use_awaitable, cancelled));
    }
    co_return group->ok;
}

void GroupCommitter::commit_now() { store_.commit_group(); }

void GroupCommitter::commit(const std::shared_ptr<asio::steady_timer>& wakeup) {
    if (wakeup_ == wakeup) wakeup_.reset();
    try {
        store_.commit_group();
    } catch (const std::exception& e) {
        log::error("a mint commit failed; its requests are answered with an error", {{"error", e.what()}});
    }
    wakeup->cancel();
}

}  // namespace flash::node::mint
