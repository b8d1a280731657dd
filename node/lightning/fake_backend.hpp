// FakeLightningBackend: the embedded default Lightning backend. FAKE: it moves no money. It exists so
// that the mint (and the demo) run on a laptop without a Lightning node, and so that tests can drive
// every outcome of a payment.
//
// What is real: the invoices. They are BOLT 11 invoices on regtest ("lnbcrt", never mistaken for
// mainnet), signed with the node key given to the constructor, with a payment secret, the
// description, the expiry and min_final_cltv_expiry 18; payment_hash = SHA-256(preimage) of a random
// 32-byte preimage.
//
// What is simulated:
//   - its own invoices count as paid by someone `settle_after` after they were created (0: at once),
//     unless they expire first (then canceled); invoice_state() compares the injected clock;
//   - pay() of one of its own invoices settles it at once (an internal payment, fee 0) and returns
//     its preimage;
//   - pay() of any other regtest invoice "succeeds" with a fee of 1% of the amount rounded down to
//     whole sats, and fails when that is more than max_fee_msat; the preimage it returns is 32
//     random bytes (the fake cannot know the real one, so it does not hash to the payment hash);
//   - an invoice whose description is exactly "flash-fake:fail" fails, and one whose description is
//     "flash-fake:pending" stays in_flight forever; these scripts take precedence over the rules
//     above, so that a test can make such invoices with this backend's own create_invoice();
//   - an expired invoice fails, and so does a payment (amount + fee) above what the fake channels
//     can send;
//   - the channels and the on-chain wallet are a fixed, labelled set (fake_channels.hpp) whose
//     balances the fake payments move;
//   - rebalance() moves local balance between two active fake channels at once, for a fee of
//     fake_rebalance_fee_ppm of the amount; it fails (moving nothing) when that fee is above the
//     limit, a channel is inactive, or the out channel cannot send (or the in channel receive) it.
// A payment hash is paid at most once: pay() of a hash already attempted returns the first result.
//
// State (created invoices and their preimages, payments) lives in `<data_dir>/fake-lightning.sqlite`,
// so a restarted node still knows what it paid. A failing database throws LightningError.
// Not thread-safe: one thread at a time (the server's I/O thread).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <variant>

#include "core/crypto/secp256k1.hpp"
#include "core/store/sqlite.hpp"
#include "node/lightning/fake_channels.hpp"
#include "node/lightning/lightning_backend.hpp"

namespace flash::node::lightning {

/// The database file inside the data directory.
inline constexpr const char* fake_backend_file = "fake-lightning.sqlite";

/// Descriptions that script the outcome of paying an invoice.
inline constexpr const char* fake_fail_description = "flash-fake:fail";
inline constexpr const char* fake_pending_description = "flash-fake:pending";

/// The fee of a fake rebalance, in parts per million of its amount (rounded down to whole msat).
inline constexpr std::uint64_t fake_rebalance_fee_ppm = 500;

/// Milliseconds since the Unix epoch from the system clock.
std::int64_t system_now_ms();

class FakeLightningBackend final : public LightningBackend {
public:
    /// Opens (creating it and `data_dir` if needed) the backend's database in `data_dir`. `node_key`
    /// signs the invoices; `settle_after` is how long after creation an invoice counts as paid;
    /// `now_ms` is the clock (milliseconds since the epoch), replaceable by tests.
    /// Throws LightningError when the directory or the database cannot be opened.
    FakeLightningBackend(std::string data_dir, crypto::SecretKey node_key,
                         std::chrono::milliseconds settle_after = std::chrono::milliseconds(1000),
                         std::function<std::int64_t()> now_ms = system_now_ms);

    std::string name() const override { return "fake"; }

    /// Error(bad_argument) for an amount of 0, a description that is not UTF-8 or longer than 639
    /// bytes, or an expiry that would not fit the invoice.
    Invoice create_invoice(std::uint64_t amount_msat, const std::string& description,
                           std::uint32_t expiry_s) override;
    /// Error(bad_argument) for an amount of 0 or an expiry that would not fit the invoice.
    Invoice create_invoice_with_hash(std::uint64_t amount_msat, const ByteArray<32>& description_hash,
                                     std::uint32_t expiry_s) override;
    InvoiceState invoice_state(const ByteArray<32>& payment_hash) override;
    /// Error(bad_argument) unless `bolt11` is a valid regtest invoice.
    DecodedInvoice decode(const std::string& bolt11) override;
    /// Error(bad_argument) unless `bolt11` is a valid regtest invoice with an amount.
    PaymentResult pay(const std::string& bolt11, std::uint64_t max_fee_msat) override;
    PaymentResult payment(const ByteArray<32>& payment_hash) override;
    ChannelBalances channel_balances() override;
    WalletBalance wallet_balance() override;
    /// Error(bad_argument) for an amount of 0 or above 21,000,000 BTC, an id that is no fake
    /// channel, or a peer of none.
    PaymentResult rebalance(const std::string& out_channel_id, const std::string& in_channel_peer,
                            std::uint64_t amount_sat, std::uint64_t max_fee_msat) override;

    /// The node key's public key (the payee of every invoice this backend issues).
    const crypto::PublicKey& node_id() const noexcept { return node_id_; }

private:
    /// Signs and records an invoice with a description (BOLT 11 `d`) or a description hash (`h`).
    Invoice issue(std::uint64_t amount_msat, const std::variant<std::string, ByteArray<32>>& description,
                  std::uint32_t expiry_s);
    std::uint64_t received_msat(std::int64_t now);
    std::uint64_t sent_msat();
    FakeFlows flows(std::int64_t now);

    store::Database db_;
    crypto::SecretKey node_key_;
    crypto::PublicKey node_id_;
    std::chrono::milliseconds settle_after_;
    std::function<std::int64_t()> now_ms_;
};

}  // namespace flash::node::lightning
