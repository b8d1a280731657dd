// ChainService's worker: waits for the backend's changes and hands them to the deposit watcher.
#include <algorithm>

#include "node/bitcoin/chain_service.hpp"
#include "node/server/log.hpp"

namespace flash::node::bitcoin {
namespace {

/// How long one round waits for the backend before checking whether to stop.
constexpr auto round_wait = std::chrono::milliseconds(250);
constexpr auto max_retry_pause = std::chrono::seconds(60);

}  // namespace

bool ChainService::poll(std::chrono::milliseconds max_wait) {
    const ChainChanges changes = backend_->wait_for_changes(max_wait);
    bool retry = false;
    {
        std::lock_guard lock(mutex_);
        retry = !healthy_;
        healthy_ = false;
    }
    if (changes.empty() && !retry) {
        std::lock_guard lock(mutex_);
        healthy_ = true;
        return false;
    }
    watcher_->apply(changes);
    std::lock_guard lock(mutex_);
    tip_ = watcher_->tip();
    healthy_ = true;
    return true;
}

void ChainService::start() {
    std::lock_guard lock(mutex_);
    if (worker_.joinable()) return;
    stopping_ = false;
    worker_ = std::thread([this] { run(); });
}

void ChainService::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (worker_.joinable()) worker_.join();
}

void ChainService::run() {
    std::chrono::milliseconds pause(500);
    for (;;) {
        {
            std::lock_guard lock(mutex_);
            if (stopping_) return;
        }
        try {
            poll(round_wait);
            pause = std::chrono::milliseconds(500);
        } catch (const std::exception& e) {
            std::unique_lock lock(mutex_);
            if (stopping_) return;
            log::warn("chain update failed, retrying", {{"error", e.what()}, {"retry_in_ms", pause.count()}});
            wake_.wait_for(lock, pause, [this] { return stopping_; });
            pause = std::min<std::chrono::milliseconds>(pause * 2, max_retry_pause);
        }
    }
}

}  // namespace flash::node::bitcoin
