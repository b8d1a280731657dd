// The relay's single writer: a thread that owns the write connection to the store and commits
// events in batches (group commit), so that many connections publishing at once cost one
// transaction and one fsync per batch instead of one each. An EVENT is answered only after its
// batch is durable, which is what NIP-01's OK promises.
#pragma once
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "node/server/asio.hpp"
#include "node/storage/node_store.hpp"

namespace flash::node::relay {

class EventWriter {
public:
    /// Outcomes in the order of the events submitted, or `error` (then empty outcomes) when the
    /// store failed; nothing of a failed batch is stored.
    using Done = std::function<void(std::vector<SaveOutcome> outcomes, std::string error)>;

    /// Takes ownership of `store` (a connection used only by the writer thread). Completions run on
    /// `home` (the I/O thread), in submission order.
    EventWriter(std::unique_ptr<NodeStore> store, asio::any_io_executor home);
    ~EventWriter();  ///< finishes what was submitted, then joins the thread
    EventWriter(const EventWriter&) = delete;
    EventWriter& operator=(const EventWriter&) = delete;

    /// Stores `events` (verified) and removes `remove` (moderation), as part of the next batch.
    void submit(std::vector<nostr::Event> events, std::vector<nostr::EventId> remove, std::int64_t now_s, Done done);

    /// Runs `job` on the writer thread between batches (maintenance such as purging expired events),
    /// then `done` on `home`.
    void run(std::function<void(NodeStore&)> job, std::function<void()> done = {});

    /// Calls `done` on `home` once everything submitted before has completed.
    void drain(std::function<void()> done);

    /// Events waiting for the next batch (for /metrics).
    std::size_t backlog() const;

private:
    struct Item {
        std::vector<nostr::Event> events;
        std::vector<nostr::EventId> remove;
        std::int64_t now_s = 0;
        Done done;
        std::function<void(NodeStore&)> job;  ///< set for run()/drain() items instead of events
        std::function<void()> job_done;
    };
    void loop();
    void commit(std::vector<Item>& batch);

    std::unique_ptr<NodeStore> store_;
    asio::any_io_executor home_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Item> queue_;
    std::size_t queued_events_ = 0;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace flash::node::relay
