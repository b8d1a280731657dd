// ChainService: construction, accounts, deposits and withdrawals (the worker is in
// chain_service_worker.cpp).
#include "node/bitcoin/chain_service.hpp"

#include <utility>

#include "node/bitcoin/chain_network.hpp"
#include "node/bitcoin/make_chain_backend.hpp"
#include "node/server/log.hpp"

namespace flash::node::bitcoin {
namespace {

std::int64_t system_now_s() {
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
                   chain_network(config.chain), config.chain.gap_limit, config.chain.required_confirmations()) {}

ChainService::ChainService(std::unique_ptr<ChainBackend> backend, const std::string& data_dir, keys::Network network,
                           std::uint32_t gap_limit, std::uint32_t confirmations, std::function<std::int64_t()> now_s)
    : backend_(std::move(backend)),
      fake_(dynamic_cast<FakeChain*>(backend_.get())),
      network_(network),
      confirmations_(confirmations),
      now_s_(now_s ? std::move(now_s) : system_now_s),
      reader_(open_sqlite_store(data_dir)) {
    ChainBackend& chain = *backend_;
    accounts_ = std::make_unique<AccountRegistry>(open_sqlite_store(data_dir), network_, gap_limit,
                                                  [&chain](std::span<const DepositAddress> derived) {
                                                      chain.watch(scripts_of(derived));
                                                  });
    backend_->watch(accounts_->scripts());
    withdrawals_ = std::make_unique<Withdrawals>(*backend_, *accounts_, open_sqlite_store(data_dir), network_,
                                                 confirmations_, now_s_);
    watcher_ = std::make_unique<DepositWatcher>(
        *backend_, *accounts_, open_sqlite_store(data_dir), confirmations_,
        [this](const Deposit& deposit) {
            if (on_credit_) on_credit_(deposit);
        },
        now_s_);
    const std::string network_text(network_name(network_));
    if (fake_) {
        log::warn("chain backend is FAKE: payments are simulated, no bitcoin moves",
                  {{"backend", "fake"}, {"network", network_text}, {"confirmations", confirmations_}});
    } else {
        log::info("chain backend", {{"backend", backend_->name()},
                                    {"network", network_text},
                                    {"confirmations", confirmations_}});
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

ChainAccount ChainService::register_account(const std::string& user, const std::string& account_key,
                                            const std::string& fingerprint, const std::string& path) {
    return accounts_->register_account(user, account_key, fingerprint, path, now_s_());
}

std::optional<ChainAccount> ChainService::account_of(const std::string& user) { return accounts_->account_of(user); }

DepositAddress ChainService::deposit_address(const std::string& user) {
    return accounts_->receive_address(user, now_s_());
}

std::vector<DepositStatus> ChainService::deposits(const std::string& user) {
    std::lock_guard lock(mutex_);
    const std::int64_t tip_height = tip_ ? tip_->height : 0;
    std::vector<DepositStatus> out;
    for (Deposit& deposit : reader_->chain().deposits_of(user)) {
        const std::optional<DepositAddress> address = reader_->chain().address_by_script_hash(deposit.script_hash);
        DepositStatus status = deposit_status(std::move(deposit), tip_height, confirmations_);
        if (address) {
            status.address = address->address;
            status.index = address->index;
            status.change = address->chain == change_chain;
        }
        out.push_back(std::move(status));
    }
    return out;
}

OnchainBalance ChainService::balance(const std::string& user) {
    const std::vector<DepositStatus> coins = deposits(user);
    return balance_of(coins);
}

std::optional<ChainTip> ChainService::tip() const {
    std::lock_guard lock(mutex_);
    return tip_;
}

ChainTip ChainService::current_tip() {
    if (std::optional<ChainTip> seen = tip()) return *seen;
    return backend_->tip();
}

WithdrawalRecord ChainService::build_withdrawal(const std::string& user, const std::string& destination,
                                                std::optional<std::uint64_t> amount_sat,
                                                std::optional<double> fee_rate_sat_per_vb) {
    return withdrawals_->build(user, destination, amount_sat, fee_rate_sat_per_vb, current_tip());
}

std::string ChainService::submit_withdrawal(const std::string& user, const std::string& id,
                                            const flash::bitcoin::Psbt& signed_psbt) {
    return withdrawals_->submit(user, id, signed_psbt);
}

void ChainService::cancel_withdrawal(const std::string& user, const std::string& id) { withdrawals_->cancel(user, id); }

std::vector<WithdrawalRecord> ChainService::withdrawals(const std::string& user) { return withdrawals_->list(user); }

}  // namespace flash::node::bitcoin
