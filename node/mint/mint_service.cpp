#include "node/mint/mint_service.hpp"

#include <chrono>

#include "core/codec/hex.hpp"
#include "node/server/key_file.hpp"
#include "node/server/log.hpp"

namespace flash::node::mint {
namespace {

/// How often in-flight melts are asked after and subscribed quotes checked.
constexpr auto tick_interval = std::chrono::milliseconds(500);

std::int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string seed_passphrase(const Config& config) {
    if (config.mint.passphrase) return *config.mint.passphrase;
    log::warn("the mint's seed is encrypted with a generated passphrase kept next to it; set "
              "FLASH_MINT_PASSPHRASE for a production mint",
              {{"file", "mint.passphrase"}});
    crypto::SecretKey generated = load_or_create_key_file(config.data_dir, "mint.passphrase");
    return codec::hex_encode(generated.view());
}

}  // namespace

MintService::MintService(const Config& config, asio::io_context& io, Metrics& metrics,
                         lightning::LightningBackend& lightning)
    : store_(open_sqlite_store(config.data_dir, sqlite_mint_file)),
      keyring_(store_->mint(), seed_passphrase(config), "sat", config.mint.input_fee_ppk, unix_now()),
      mint_(config.mint, store_->mint(), keyring_, lightning, unix_now),
      committer_(io, store_->mint()),
      routes_(mint_, committer_, metrics),
      websocket_(mint_, metrics),
      timer_(io) {
    // The audit figures: what the mint signed and what it took back; the difference is the eCash
    // in circulation, which must equal what wallets hold.
    const auto total_of = [this](cashu::Amount MintTotals::*member) {
        return [this, member] {
            double sum = 0;
            for (const MintTotals& totals : store_->mint().totals()) sum += static_cast<double>(totals.*member);
            return sum;
        };
    };
    metrics.gauge_function("flash_mint_issued_sat", "Sum of the blind signatures the mint has given",
                           total_of(&MintTotals::issued));
    metrics.gauge_function("flash_mint_redeemed_sat", "Sum of the proofs the mint has taken back (swapped or melted)",
                           total_of(&MintTotals::redeemed));
    if (const std::size_t in_flight = mint_.reconcile()) {
        log::warn("melts still in flight after restart", {{"count", in_flight}});
    }
    committer_.commit_now();
}

void MintService::start() {
    stopped_ = false;
    tick();
}

void MintService::stop() {
    stopped_ = true;
    timer_.cancel();
}

void MintService::tick() {
    timer_.expires_after(tick_interval);
    timer_.async_wait([this](const boost::system::error_code& ec) {
        if (ec || stopped_) return;
        try {
            mint_.reconcile();
            committer_.commit_now();  // before subscribers hear of a paid quote
            websocket_.poll();
        } catch (const std::exception& e) {
            log::warn("mint maintenance failed", {{"error", e.what()}});
        }
        tick();
    });
}

}  // namespace flash::node::mint
