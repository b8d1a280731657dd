#include "node/bitcoin/withdrawals.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "core/bitcoin/script.hpp"
#include "core/bitcoin/withdrawal.hpp"
#include "core/codec/hex.hpp"
#include "core/crypto/random.hpp"
#include "core/error.hpp"
#include "node/bitcoin/chain_service_error.hpp"
#include "node/server/log.hpp"

namespace flash::node::bitcoin {
namespace {

namespace btc = flash::bitcoin;

/// How often a build is tried again when its coins were taken between reading and recording them.
constexpr int build_attempts = 3;

void check_destination(const std::string& destination, keys::Network network) {
    try {
        btc::address_to_script_pubkey(destination, network);
    } catch (const Error& e) {
        throw Error(Errc::bad_address, std::string("destination: ") + e.what());
    }
}

WithdrawalRecord record_of(const btc::Withdrawal& built, const std::string& user, const std::string& destination,
                           btc::FeeRate rate, std::int64_t now_s) {
    WithdrawalRecord record;
    record.id = codec::hex_encode(crypto::random_array<16>());
    record.user = user;
    record.destination = destination;
    record.amount_sat = built.amount;
    record.fee_sat = built.fee;
    record.change_sat = built.change;
    record.vsize = built.vsize;
    record.fee_rate_sat_per_kvb = rate.sat_per_kvb;
    record.psbt = btc::serialize_psbt(built.psbt);
    for (const btc::TxIn& input : built.psbt.tx.inputs)
        record.inputs.push_back({btc::txid_hex(input.prevout.txid), input.prevout.vout});
    record.created_at = now_s;
    record.expires_at = now_s + withdrawal_lifetime_s;
    return record;
}

}  // namespace

Withdrawals::Withdrawals(ChainBackend& backend, AccountRegistry& accounts, std::unique_ptr<NodeStore> store,
                         keys::Network network, std::uint32_t required_confirmations,
                         std::function<std::int64_t()> now_s)
    : backend_(backend),
      accounts_(accounts),
      network_(network),
      required_confirmations_(required_confirmations),
      now_s_(std::move(now_s)),
      store_(std::move(store)) {}

btc::FeeRate Withdrawals::estimated_fee_rate() {
    const std::optional<double> estimate = backend_.fee_rate(withdrawal_target_blocks);
    // No estimate (too little data) or a broken one: the relay floor, or the sanity ceiling.
    if (!estimate || !std::isfinite(*estimate) || *estimate <= btc::min_relay_fee_rate.sat_per_vb())
        return btc::min_relay_fee_rate;
    if (*estimate >= btc::max_fee_rate.sat_per_vb()) return btc::max_fee_rate;
    return btc::FeeRate::from_sat_per_vb(*estimate);
}

WithdrawalRecord Withdrawals::build(const std::string& user, const std::string& destination,
                                    std::optional<std::uint64_t> amount_sat, std::optional<double> fee_rate_sat_per_vb,
                                    const ChainTip& tip) {
    if (!accounts_.account_of(user))
        throw ChainServiceError(ChainServiceErrc::no_account, "no account key is registered for this user");
    check_destination(destination, network_);
    if (amount_sat && *amount_sat == 0) throw Error(Errc::bad_argument, "amount must be above 0");
    const btc::FeeRate rate = fee_rate_sat_per_vb ? btc::FeeRate::from_sat_per_vb(*fee_rate_sat_per_vb) : estimated_fee_rate();
    const std::int64_t max_height = tip.height - static_cast<std::int64_t>(required_confirmations_) + 1;

    std::lock_guard lock(mutex_);
    ChainStore& store = store_->chain();
    for (int attempt = 0; attempt < build_attempts; ++attempt) {
        const std::int64_t now = now_s_();
        store.expire_withdrawals(now);
        const std::vector<Deposit> coins = store.spendable_coins(user, max_height);
        SpendingKeys keys = accounts_.spending_keys(user, coins);
        const btc::Withdrawal built = btc::build_withdrawal(btc::WithdrawalRequest{
            std::move(keys.utxos), destination, amount_sat, rate, keys.change, network_,
            static_cast<std::uint32_t>(std::max<std::int64_t>(tip.height, 0))});
        WithdrawalRecord record = record_of(built, user, destination, rate, now);
        if (built.change > 0) record.change_script_hash = keys.change_address.script_hash;
        if (!store.add_withdrawal(record)) continue;  // a coin or the change address was taken meanwhile
        accounts_.extend(user);                       // the change address was given out
        log::info("withdrawal built", {{"id", record.id}, {"user", user}, {"amount_sat", record.amount_sat},
                                       {"fee_sat", record.fee_sat}, {"inputs", record.inputs.size()}});
        return record;
    }
    throw ChainServiceError(ChainServiceErrc::busy, "the coins changed while the withdrawal was built; try again");
}

void Withdrawals::cancel(const std::string& user, const std::string& id) {
    std::lock_guard lock(mutex_);
    if (submitting_.contains(id)) throw ChainServiceError(ChainServiceErrc::busy, "the withdrawal is being submitted");
    if (!store_->chain().cancel_withdrawal(id, user, now_s_()))
        throw ChainServiceError(ChainServiceErrc::not_found, "no such withdrawal waiting for a signature");
    log::info("withdrawal canceled", {{"id", id}, {"user", user}});
}

std::string Withdrawals::submit(const std::string& user, const std::string& id, const btc::Psbt& signed_psbt) {
    WithdrawalRecord record;
    {
        std::lock_guard lock(mutex_);
        std::optional<WithdrawalRecord> found = store_->chain().withdrawal(id);
        if (!found || found->user != user) throw ChainServiceError(ChainServiceErrc::not_found, "no such withdrawal");
        record = std::move(*found);
        if (record.state == WithdrawalState::broadcast || record.state == WithdrawalState::confirmed) {
            btc::accept_signed_withdrawal(btc::parse_psbt(record.psbt), signed_psbt);  // the same, validly signed
            return *record.txid;
        }
        if (record.state == WithdrawalState::expired || record.expires_at <= now_s_())
            throw ChainServiceError(ChainServiceErrc::expired, "the withdrawal expired unsigned; build a new one");
        if (!submitting_.insert(id).second)
            throw ChainServiceError(ChainServiceErrc::busy, "the withdrawal is being submitted");
    }
    struct InFlight {
        Withdrawals& self;
        const std::string& id;
        ~InFlight() {
            std::lock_guard lock(self.mutex_);
            self.submitting_.erase(id);
        }
    } in_flight{*this, id};

    const btc::Transaction tx = btc::accept_signed_withdrawal(btc::parse_psbt(record.psbt), signed_psbt);
    const std::string txid = btc::txid_hex(btc::txid(tx));
    backend_.broadcast(btc::serialize_transaction(tx));  // ChainError leaves it built
    {
        std::lock_guard lock(mutex_);
        store_->chain().mark_withdrawal_broadcast(id, txid);
    }
    log::info("withdrawal broadcast", {{"id", id}, {"user", user}, {"txid", txid}});
    return txid;
}

std::vector<WithdrawalRecord> Withdrawals::list(const std::string& user) {
    std::lock_guard lock(mutex_);
    std::vector<WithdrawalRecord> out = store_->chain().withdrawals_of(user);
    const std::int64_t now = now_s_();
    for (WithdrawalRecord& w : out)
        if (w.state == WithdrawalState::built && w.expires_at <= now) w.state = WithdrawalState::expired;
    return out;
}

}  // namespace flash::node::bitcoin
