#include "node/relay/event_writer.hpp"

#include "node/server/log.hpp"

namespace flash::node::relay {

/// The most events one transaction takes; bounds the latency a huge backlog adds to one OK.
constexpr std::size_t max_batch_events = 2000;

EventWriter::EventWriter(std::unique_ptr<NodeStore> store, asio::any_io_executor home)
    : store_(std::move(store)), home_(std::move(home)), thread_([this] { loop(); }) {}

EventWriter::~EventWriter() {
    {
        const std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
}

void EventWriter::submit(std::vector<nostr::Event> events, std::vector<nostr::EventId> remove, std::int64_t now_s,
                         Done done) {
    {
        const std::lock_guard lock(mutex_);
        queued_events_ += events.size();
        queue_.push_back(Item{std::move(events), std::move(remove), now_s, std::move(done), {}, {}});
    }
    wake_.notify_one();
}

void EventWriter::run(std::function<void(NodeStore&)> job, std::function<void()> done) {
    {
        const std::lock_guard lock(mutex_);
        queue_.push_back(Item{{}, {}, 0, {}, std::move(job), std::move(done)});
    }
    wake_.notify_one();
}

void EventWriter::drain(std::function<void()> done) { run([](NodeStore&) {}, std::move(done)); }

std::size_t EventWriter::backlog() const {
    const std::lock_guard lock(mutex_);
    return queued_events_;
}

void EventWriter::loop() {
    for (;;) {
        std::vector<Item> batch;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopping, and everything submitted is done
            if (queue_.front().job) {
                batch.push_back(std::move(queue_.front()));
                queue_.pop_front();
            } else {
                std::size_t events = 0;
                while (!queue_.empty() && !queue_.front().job && events < max_batch_events) {
                    events += queue_.front().events.size();
                    batch.push_back(std::move(queue_.front()));
                    queue_.pop_front();
                }
                queued_events_ -= events;
            }
        }
        if (batch.front().job) {
            Item& item = batch.front();
            try {
                item.job(*store_);
            } catch (const std::exception& e) {
                log::error("store maintenance failed", {{"error", e.what()}});
            }
            if (item.job_done) asio::post(home_, std::move(item.job_done));
            continue;
        }
        commit(batch);
    }
}

void EventWriter::commit(std::vector<Item>& batch) {
    std::vector<nostr::Event> events;
    std::vector<nostr::EventId> remove;
    for (Item& item : batch) {
        events.insert(events.end(), std::make_move_iterator(item.events.begin()),
                      std::make_move_iterator(item.events.end()));
        remove.insert(remove.end(), item.remove.begin(), item.remove.end());
    }
    std::vector<SaveOutcome> outcomes;
    std::string error;
    try {
        EventStore& store = store_->events();
        outcomes = store.save(events, batch.front().now_s);
        if (!remove.empty()) store.remove(remove);
    } catch (const std::exception& e) {
        error = e.what();
        log::error("storing events failed", {{"error", error}, {"events", events.size()}});
    }
    std::size_t offset = 0;
    for (Item& item : batch) {
        std::vector<SaveOutcome> mine;
        if (error.empty()) {
            mine.assign(std::make_move_iterator(outcomes.begin() + static_cast<std::ptrdiff_t>(offset)),
                        std::make_move_iterator(outcomes.begin() + static_cast<std::ptrdiff_t>(offset + item.events.size())));
        }
        offset += item.events.size();
        asio::post(home_, [done = std::move(item.done), mine = std::move(mine), error]() mutable {
            done(std::move(mine), std::move(error));
        });
    }
}

}  // namespace flash::node::relay
