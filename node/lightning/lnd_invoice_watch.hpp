// LndInvoiceWatch: what LND's invoices are known to be, kept current by a background thread that
// follows GET /v1/invoices/subscribe, so that LightningBackend::invoice_state() rarely has to ask.
//
// The thread reconnects after a failure, waiting `initial_backoff`, then twice as long each time
// up to `max_backoff` (back to the start once a connection delivered something or lasted
// `max_backoff`), and resumes from the highest settle_index it has seen: LND then replays every
// settlement it missed.
//
// When a cached "open" can be trusted: the subscription is up, and it was up (or resumed without a
// gap) since that state was learned. A connection that cannot resume (the first one, or before any
// settlement was seen) starts a new generation: open states learned before it must be asked again.
// Settled and canceled are final and always trusted. (LND registers a subscription a moment after it
// receives the request; a settlement inside that moment, before any other, is only found by a
// lookup after a reconnect. Small, and on the safe side: the quote stays unpaid.)
//
// Thread-safe; the destructor stops and joins the thread.
#pragma once
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include "core/bytes.hpp"
#include "node/lightning/lightning_backend.hpp"
#include "node/lightning/lnd_rest.hpp"

namespace flash::node::lightning {

struct WatchBackoff {
    std::chrono::milliseconds initial{500};
    std::chrono::milliseconds max{30'000};
};

class LndInvoiceWatch {
public:
    /// Starts following the subscription on `rest`, which must outlive the watch.
    LndInvoiceWatch(const LndRest& rest, WatchBackoff backoff);
    ~LndInvoiceWatch();
    LndInvoiceWatch(const LndInvoiceWatch&) = delete;
    LndInvoiceWatch& operator=(const LndInvoiceWatch&) = delete;

    /// The state of `payment_hash` when it can be trusted (see above), else nullopt: look it up.
    std::optional<InvoiceState> known(const ByteArray<32>& payment_hash) const;

    /// Pass to remember() with a state looked up after this call.
    std::uint64_t generation() const;

    /// Records `state` learned by a lookup (or a creation) that started at `generation`. Never
    /// replaces a final state by open.
    void remember(const ByteArray<32>& payment_hash, InvoiceState state, std::uint64_t generation);

    /// The subscription is connected (the request reached LND and has not failed since).
    bool live() const;
    /// The highest settle_index seen (where the next connection resumes).
    std::uint64_t settle_index() const;
    /// Connections made so far (each failure and reconnect adds one).
    std::uint64_t connections() const;

private:
    struct Entry {
        InvoiceState state = InvoiceState::open;
        std::uint64_t generation = 0;
    };

    void run(std::stop_token stop);
    /// Applies one subscription message (an Invoice).
    void apply(const nlohmann::json& invoice);
    void store(const ByteArray<32>& payment_hash, InvoiceState state, std::uint64_t generation);

    const LndRest& rest_;
    WatchBackoff backoff_;
    mutable std::mutex mutex_;
    std::condition_variable_any wake_;
    std::map<ByteArray<32>, Entry> entries_;
    std::uint64_t generation_ = 0;
    std::uint64_t settle_index_ = 0;
    std::uint64_t connections_ = 0;
    bool live_ = false;
    std::jthread thread_;  ///< last: starts after everything it uses exists
};

}  // namespace flash::node::lightning
