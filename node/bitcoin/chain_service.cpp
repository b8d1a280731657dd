#include "node/bitcoin/chain_service.hpp"

#include <algorithm>
#include <utility>

#include "node/bitcoin/chain_account.hpp"
#include "node/bitcoin/make_chain_backend.hpp"
#include "node/server/log.hpp"

namespace flash::node::bitcoin {
namespace {

/// How long one round waits for the backend before checking whether to stop.
constexpr auto round_wait = std::chrono::milliseconds(250);
constexpr auto max_retry_pause = std::chrono::seconds(60);

std::int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::vector<Bytes> scripts_of(std::span<const DepositAddress> addresses) {
    std::vector<Bytes> scripts;
    scripts.reserve(addresses.size());
    for (const DepositAddress& address : addresses) scripts.push_back(address.script);
    return scripts;
}

}  // namespace

ChainService::ChainService(const Config& config)
    : ChainService(make_chain_backend(config.chain, chain_network(config.chain), config.data_dir), config.data_dir,
                   chain_account(config.chain, chain_network(config.chain), config.data_dir), config.chain.gap_limit,
                   config.chain.required_confirmations()) {}

ChainService::ChainService(std::unique_ptr<ChainBackend> backend, const std::string& data_dir, keys::Account account,
                           std::uint32_t gap_limit, std::uint32_t confirmations)
    : backend_(std::move(backend)),
      fake_(dynamic_cast<FakeChain*>(backend_.get())),
      network_(account.network()),
      confirmations_(confirmations),
      reader_(open_sqlite_store(data_dir)) {
    ChainBackend& chain = *backend_;
    index_ = std::make_unique<AddressIndex>(open_sqlite_store(data_dir), std::move(account), gap_limit,
                                            [&chain](std::span<const DepositAddress> derived) {
                                                chain.watch(scripts_of(derived));
                                            });
    backend_->watch(scripts_of(index_->all()));
    watcher_ = std::make_unique<DepositWatcher>(
        *backend_, *index_, open_sqlite_store(data_dir), confirmations_,
        [this](const Deposit& deposit) {
            if (on_credit_) on_credit_(deposit);
        },
        unix_now);
    if (fake_) {
        log::warn("chain backend is FAKE: deposits are simulated, no bitcoin moves",
                  {{"backend", "fake"}, {"confirmations", confirmations_}, {"account", index_->account_id()}});
    } else {
        log::info("chain backend", {{"backend", backend_->name()},
                                    {"confirmations", confirmations_},
                                    {"account", index_->account_id()}});
    }
}

ChainService::~ChainService() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    backend_->shutdown();  // a call in flight ends now rather than at its timeout
    stop();
}

DepositAddress ChainService::deposit_address(const std::string& user) { return index_->address_for(user, unix_now()); }

std::vector<DepositStatus> ChainService::deposits(const std::string& user) {
    std::lock_guard lock(mutex_);
    std::vector<DepositStatus> out;
    for (Deposit& deposit : reader_->chain().deposits_of(user)) {
        const std::int64_t confs = tip_ ? confirmations(deposit.height, tip_->height) : 0;
        out.push_back({std::move(deposit), confs});
    }
    return out;
}

std::uint64_t ChainService::credited_sat(const std::string& user) {
    std::lock_guard lock(mutex_);
    return reader_->chain().credited_total(user);
}

std::optional<ChainTip> ChainService::tip() const {
    std::lock_guard lock(mutex_);
    return tip_;
}

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
