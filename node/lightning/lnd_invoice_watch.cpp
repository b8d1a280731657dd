#include "node/lightning/lnd_invoice_watch.hpp"

#include <algorithm>

#include "node/lightning/lnd_json.hpp"
#include "node/server/log.hpp"

namespace flash::node::lightning {
namespace {

/// Past this many remembered invoices the cache starts over (everything can be looked up again).
constexpr std::size_t max_entries = 100'000;

bool final_state(InvoiceState state) { return state != InvoiceState::open; }

}  // namespace

LndInvoiceWatch::LndInvoiceWatch(const LndRest& rest, WatchBackoff backoff)
    : rest_(rest), backoff_(backoff), thread_([this](std::stop_token stop) { run(stop); }) {}

LndInvoiceWatch::~LndInvoiceWatch() = default;  // the jthread asks the thread to stop and joins it

std::optional<InvoiceState> LndInvoiceWatch::known(const ByteArray<32>& payment_hash) const {
    std::lock_guard lock(mutex_);
    const auto it = entries_.find(payment_hash);
    if (it == entries_.end()) return std::nullopt;
    if (final_state(it->second.state)) return it->second.state;
    if (live_ && it->second.generation == generation_) return it->second.state;
    return std::nullopt;
}

std::uint64_t LndInvoiceWatch::generation() const {
    std::lock_guard lock(mutex_);
    return generation_;
}

void LndInvoiceWatch::remember(const ByteArray<32>& payment_hash, InvoiceState state, std::uint64_t generation) {
    std::lock_guard lock(mutex_);
    store(payment_hash, state, generation);
}

bool LndInvoiceWatch::live() const {
    std::lock_guard lock(mutex_);
    return live_;
}

std::uint64_t LndInvoiceWatch::settle_index() const {
    std::lock_guard lock(mutex_);
    return settle_index_;
}

std::uint64_t LndInvoiceWatch::connections() const {
    std::lock_guard lock(mutex_);
    return connections_;
}

void LndInvoiceWatch::store(const ByteArray<32>& payment_hash, InvoiceState state, std::uint64_t generation) {
    const auto it = entries_.find(payment_hash);
    if (it != entries_.end()) {
        if (!final_state(it->second.state) || final_state(state)) it->second = {state, generation};
        return;
    }
    if (entries_.size() >= max_entries) entries_.clear();
    entries_.emplace(payment_hash, Entry{state, generation});
}

void LndInvoiceWatch::apply(const nlohmann::json& invoice) {
    const lnd_json::InvoiceUpdate update = lnd_json::read_invoice(invoice);
    std::lock_guard lock(mutex_);
    settle_index_ = std::max(settle_index_, update.settle_index);
    // New open invoices of other users of this LND are none of our business.
    if (!final_state(update.state) && !entries_.contains(update.payment_hash)) return;
    store(update.payment_hash, update.state, generation_);
}

void LndInvoiceWatch::run(std::stop_token stop) {
    std::chrono::milliseconds wait = backoff_.initial;
    while (!stop.stop_requested()) {
        std::uint64_t resume = 0;
        {
            std::lock_guard lock(mutex_);
            resume = settle_index_;
            ++connections_;
        }
        const auto started = std::chrono::steady_clock::now();
        bool heard = false;
        std::string failure = "LND ended the subscription";
        try {
            const std::string target =
                "/v1/invoices/subscribe" + (resume != 0 ? "?settle_index=" + std::to_string(resume) : std::string());
            rest_.stream(
                "GET", target, nullptr,
                [&](const nlohmann::json& invoice) {
                    apply(invoice);
                    heard = true;
                    return true;
                },
                std::nullopt, stop,
                [&] {
                    std::lock_guard lock(mutex_);
                    live_ = true;
                    if (resume == 0) ++generation_;  // no replay of what was missed: open states are stale
                });
        } catch (const std::exception& e) {
            failure = e.what();
        }
        {
            std::lock_guard lock(mutex_);
            live_ = false;
        }
        if (stop.stop_requested()) break;
        if (heard || std::chrono::steady_clock::now() - started >= backoff_.max) wait = backoff_.initial;
        log::warn("LND invoice subscription down; reconnecting", {{"error", failure}, {"retry_ms", wait.count()}});
        std::unique_lock lock(mutex_);
        wake_.wait_for(lock, stop, wait, [] { return false; });
        wait = std::min(wait * 2, backoff_.max);
    }
}

}  // namespace flash::node::lightning
