#include "node/lightning/fake_backend.hpp"

#include <algorithm>
#include <filesystem>
#include <optional>
#include <system_error>
#include <utility>

#include "core/bitcoin/transaction.hpp"
#include "core/crypto/hash.hpp"
#include "core/crypto/random.hpp"
#include "core/error.hpp"
#include "core/lightning/bolt11.hpp"
#include "node/lightning/fake_channels.hpp"

namespace flash::node::lightning {
namespace {

namespace bolt11 = flash::lightning::bolt11;

constexpr std::uint64_t fake_min_final_cltv = 18;
/// var_onion_optin and payment_secret, both required (as in the spec's examples).
const bolt11::Features fake_features{{8, 14}};

// `invoices`: what create_invoice() issued. paid_ms is set by an internal payment; without one the
// invoice settles by the clock (created_ms + settle_after). `payments`: every pay() attempt, one
// per payment hash.
constexpr store::Migration migrations[] = {
    {1, R"sql(
CREATE TABLE invoices (
    payment_hash BLOB PRIMARY KEY,
    preimage BLOB NOT NULL,
    bolt11 TEXT NOT NULL,
    amount_msat INTEGER NOT NULL,
    created_ms INTEGER NOT NULL,
    expiry_unix INTEGER NOT NULL,
    paid_ms INTEGER
);
CREATE TABLE payments (
    payment_hash BLOB PRIMARY KEY,
    bolt11 TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('in_flight', 'succeeded', 'failed')),
    fee_msat INTEGER NOT NULL,
    preimage BLOB,
    failure_reason TEXT NOT NULL
);
)sql"},
    // What each payment moved, for the fake channels' balances (0 for rows from before).
    {2, "ALTER TABLE payments ADD COLUMN amount_msat INTEGER NOT NULL DEFAULT 0"},
    // Rebalances that went through (failed ones move nothing, so they are not kept).
    {3, R"sql(
CREATE TABLE rebalances (
    id INTEGER PRIMARY KEY,
    out_channel TEXT NOT NULL,
    in_channel TEXT NOT NULL,
    amount_msat INTEGER NOT NULL,
    fee_msat INTEGER NOT NULL,
    created_ms INTEGER NOT NULL
);
)sql"},
};

/// Runs `f`, turning a database failure into LightningError (a failure of the backend itself).
template <class F>
auto storage_call(F&& f) -> decltype(f()) {
    try {
        return f();
    } catch (const Error& e) {
        if (e.code() != Errc::storage) throw;
        throw LightningError(std::string("fake Lightning backend: ") + e.what());
    }
}

store::Database open_database(const std::string& data_dir) {
    return storage_call([&] {
        std::error_code ec;
        std::filesystem::create_directories(data_dir, ec);
        if (ec) throw LightningError("fake Lightning backend: cannot create " + data_dir + ": " + ec.message());
        store::Database db = store::Database::open((std::filesystem::path(data_dir) / fake_backend_file).string(),
                                                   store::OpenMode::read_write);
        db.exec("PRAGMA busy_timeout = 5000; PRAGMA synchronous = FULL");
        store::migrate(db, migrations);
        return db;
    });
}

ByteArray<32> array32(ByteView bytes) {
    ByteArray<32> out{};
    std::copy_n(bytes.begin(), std::min<std::size_t>(bytes.size(), out.size()), out.begin());
    return out;
}

std::string_view status_text(PaymentStatus status) {
    switch (status) {
        case PaymentStatus::in_flight: return "in_flight";
        case PaymentStatus::succeeded: return "succeeded";
        case PaymentStatus::failed: return "failed";
        case PaymentStatus::unknown: break;
    }
    return "unknown";  // never stored: the CHECK constraint rejects it
}

PaymentStatus status_from(std::string_view text) {
    if (text == "in_flight") return PaymentStatus::in_flight;
    if (text == "succeeded") return PaymentStatus::succeeded;
    if (text == "failed") return PaymentStatus::failed;
    return PaymentStatus::unknown;
}

/// Decodes an invoice this backend may pay: valid BOLT 11, regtest.
bolt11::SignedInvoice decode_regtest(const std::string& text) {
    bolt11::SignedInvoice decoded;
    try {
        decoded = bolt11::decode(text);
    } catch (const Error& e) {
        throw Error(Errc::bad_argument, std::string("not a valid BOLT 11 invoice: ") + e.what());
    }
    if (decoded.invoice.network != bolt11::Network::regtest)
        throw Error(Errc::bad_argument, "the fake Lightning backend only handles regtest (lnbcrt) invoices");
    return decoded;
}

std::optional<PaymentResult> find_payment(store::Database& db, const ByteArray<32>& payment_hash) {
    store::Statement& select =
        db.cached("SELECT status, fee_msat, preimage, failure_reason FROM payments WHERE payment_hash = ?");
    store::ScopedReset reset(select);
    select.bind(1, payment_hash);
    if (!select.step()) return std::nullopt;
    PaymentResult result;
    result.status = status_from(select.column_text(0));
    result.fee_msat = static_cast<std::uint64_t>(select.column_int64(1));
    if (!select.column_is_null(2)) result.preimage = array32(select.column_blob(2));
    result.failure_reason = std::string(select.column_text(3));
    return result;
}

PaymentResult failed(std::string reason) {
    PaymentResult result;
    result.status = PaymentStatus::failed;
    result.failure_reason = std::move(reason);
    return result;
}

PaymentResult succeeded(std::uint64_t fee_msat, const ByteArray<32>& preimage) {
    PaymentResult result;
    result.status = PaymentStatus::succeeded;
    result.fee_msat = fee_msat;
    result.preimage = preimage;
    return result;
}

}  // namespace

std::int64_t system_now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

FakeLightningBackend::FakeLightningBackend(std::string data_dir, crypto::SecretKey node_key,
                                           std::chrono::milliseconds settle_after,
                                           std::function<std::int64_t()> now_ms)
    : db_(open_database(data_dir)),
      node_key_(std::move(node_key)),
      node_id_(crypto::public_key(node_key_)),
      settle_after_(settle_after),
      now_ms_(std::move(now_ms)) {}

Invoice FakeLightningBackend::create_invoice(std::uint64_t amount_msat, const std::string& description,
                                             std::uint32_t expiry_s) {
    return issue(amount_msat, description, expiry_s);
}

Invoice FakeLightningBackend::create_invoice_with_hash(std::uint64_t amount_msat, const ByteArray<32>& description_hash,
                                                       std::uint32_t expiry_s) {
    return issue(amount_msat, description_hash, expiry_s);
}

Invoice FakeLightningBackend::issue(std::uint64_t amount_msat, const std::variant<std::string, ByteArray<32>>& description,
                                    std::uint32_t expiry_s) {
    const std::int64_t now = now_ms_();
    const ByteArray<32> preimage = crypto::random_array<32>();
    bolt11::Invoice invoice;
    invoice.network = bolt11::Network::regtest;
    invoice.amount_msat = amount_msat;
    invoice.timestamp = static_cast<std::uint64_t>(now / 1000);
    invoice.fields = {bolt11::PaymentHash{crypto::sha256(preimage)},
                      bolt11::PaymentSecret{crypto::random_array<32>()},
                      std::holds_alternative<std::string>(description)
                          ? bolt11::TaggedField{bolt11::Description{std::get<std::string>(description)}}
                          : bolt11::TaggedField{bolt11::DescriptionHash{std::get<ByteArray<32>>(description)}},
                      bolt11::Expiry{expiry_s},
                      bolt11::MinFinalCltvExpiry{fake_min_final_cltv},
                      fake_features};

    Invoice out;
    out.bolt11 = bolt11::encode(invoice, node_key_);
    out.payment_hash = invoice.payment_hash();
    out.amount_msat = amount_msat;
    out.expiry_unix = invoice.expires_at();
    storage_call([&] {
        store::Statement& insert = db_.cached(
            "INSERT INTO invoices (payment_hash, preimage, bolt11, amount_msat, created_ms, expiry_unix) "
            "VALUES (?, ?, ?, ?, ?, ?)");
        store::ScopedReset reset(insert);
        insert.bind(1, out.payment_hash)
            .bind(2, preimage)
            .bind(3, out.bolt11)
            .bind(4, static_cast<std::int64_t>(amount_msat))
            .bind(5, now)
            .bind(6, static_cast<std::int64_t>(out.expiry_unix));
        insert.step();
    });
    return out;
}

InvoiceState FakeLightningBackend::invoice_state(const ByteArray<32>& payment_hash) {
    return storage_call([&] {
        store::Statement& select =
            db_.cached("SELECT created_ms, expiry_unix, paid_ms FROM invoices WHERE payment_hash = ?");
        store::ScopedReset reset(select);
        select.bind(1, payment_hash);
        if (!select.step()) throw Error(Errc::bad_argument, "no invoice with this payment hash");
        // An internal payment settled it (pay() refuses expired invoices, so it came in time).
        if (!select.column_is_null(2)) return InvoiceState::settled;
        const std::int64_t settles_at = select.column_int64(0) + settle_after_.count();
        const std::int64_t expires_at = select.column_int64(1) * 1000;
        const std::int64_t now = now_ms_();
        if (now >= settles_at && settles_at < expires_at) return InvoiceState::settled;
        if (now >= expires_at) return InvoiceState::canceled;
        return InvoiceState::open;
    });
}

DecodedInvoice FakeLightningBackend::decode(const std::string& bolt11) {
    const bolt11::SignedInvoice decoded = decode_regtest(bolt11);
    DecodedInvoice out;
    out.payment_hash = decoded.invoice.payment_hash();
    out.amount_msat = decoded.invoice.amount_msat;
    out.expiry_unix = decoded.invoice.expires_at();
    out.description = decoded.invoice.description().value_or("");
    return out;
}

PaymentResult FakeLightningBackend::pay(const std::string& bolt11, std::uint64_t max_fee_msat) {
    const bolt11::SignedInvoice decoded = decode_regtest(bolt11);
    const std::optional<std::uint64_t> amount_msat = decoded.invoice.amount_msat;
    if (!amount_msat) throw Error(Errc::bad_argument, "amountless invoices are not supported");
    const ByteArray<32>& payment_hash = decoded.invoice.payment_hash();
    const std::string description = decoded.invoice.description().value_or("");

    return storage_call([&] {
        store::Transaction transaction(db_);
        if (std::optional<PaymentResult> earlier = find_payment(db_, payment_hash)) return *earlier;

        const std::int64_t now = now_ms_();
        std::optional<ByteArray<32>> own_preimage;
        {
            store::Statement& select = db_.cached("SELECT preimage FROM invoices WHERE payment_hash = ?");
            store::ScopedReset reset(select);
            select.bind(1, payment_hash);
            if (select.step()) own_preimage = array32(select.column_blob(0));
        }

        PaymentResult result;
        if (description == fake_fail_description) {
            result = failed("scripted failure (" + description + ")");
        } else if (description == fake_pending_description) {
            result.status = PaymentStatus::in_flight;
        } else if (static_cast<std::uint64_t>(std::max<std::int64_t>(now, 0)) / 1000 >= decoded.invoice.expires_at()) {
            result = failed("invoice expired");
        } else if (own_preimage) {
            result = succeeded(0, *own_preimage);
            store::Statement& settle =
                db_.cached("UPDATE invoices SET paid_ms = ? WHERE payment_hash = ? AND paid_ms IS NULL");
            store::ScopedReset reset(settle);
            settle.bind(1, now).bind(2, payment_hash);
            settle.step();
        } else {
            const std::uint64_t fee_msat = *amount_msat / 100 / 1000 * 1000;  // 1%, whole sats, rounded down
            if (fee_msat > max_fee_msat)
                result = failed("routing fee " + std::to_string(fee_msat) + " msat exceeds the limit of " +
                                std::to_string(max_fee_msat) + " msat");
            else if (fake_local_msat(fake_payment_channel, flows(now)) < *amount_msat + fee_msat)
                result = failed("insufficient local balance in the fake channels");
            else
                result = succeeded(fee_msat, crypto::random_array<32>());  // not the real preimage: unknowable
        }

        store::Statement& insert = db_.cached(
            "INSERT INTO payments (payment_hash, bolt11, status, fee_msat, preimage, failure_reason, amount_msat) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)");
        store::ScopedReset reset(insert);
        insert.bind(1, payment_hash)
            .bind(2, bolt11)
            .bind(3, status_text(result.status))
            .bind(4, static_cast<std::int64_t>(result.fee_msat));
        if (result.preimage)
            insert.bind(5, *result.preimage);
        else
            insert.bind(5, std::nullopt);
        insert.bind(6, result.failure_reason).bind(7, static_cast<std::int64_t>(*amount_msat));
        insert.step();
        transaction.commit();
        return result;
    });
}

PaymentResult FakeLightningBackend::payment(const ByteArray<32>& payment_hash) {
    return storage_call([&] { return find_payment(db_, payment_hash).value_or(PaymentResult{}); });
}

std::uint64_t FakeLightningBackend::received_msat(std::int64_t now) {
    // Settled as invoice_state() decides: paid internally, or by the clock before expiring.
    store::Statement& sum = db_.cached(
        "SELECT COALESCE(SUM(amount_msat), 0) FROM invoices WHERE paid_ms IS NOT NULL OR "
        "(created_ms + ?1 <= ?2 AND created_ms + ?1 < expiry_unix * 1000)");
    store::ScopedReset reset(sum);
    sum.bind(1, static_cast<std::int64_t>(settle_after_.count())).bind(2, now);
    sum.step();
    return static_cast<std::uint64_t>(sum.column_int64(0));
}

std::uint64_t FakeLightningBackend::sent_msat() {
    // An in-flight payment holds its amount in an HTLC, so it is gone from the local balance too.
    store::Statement& sum = db_.cached(
        "SELECT COALESCE(SUM(amount_msat + fee_msat), 0) FROM payments WHERE status IN ('succeeded', 'in_flight')");
    store::ScopedReset reset(sum);
    sum.step();
    return static_cast<std::uint64_t>(sum.column_int64(0));
}

FakeFlows FakeLightningBackend::flows(std::int64_t now) {
    FakeFlows out;
    out.received_msat = received_msat(now);
    out.sent_msat = sent_msat();
    store::Statement& sums = db_.cached(
        "SELECT out_channel, SUM(amount_msat + fee_msat), 0 FROM rebalances GROUP BY out_channel UNION ALL "
        "SELECT in_channel, 0, SUM(amount_msat) FROM rebalances GROUP BY in_channel");
    store::ScopedReset reset(sums);
    while (sums.step()) {
        const std::string channel(sums.column_text(0));
        out.rebalanced_out_msat[channel] += static_cast<std::uint64_t>(sums.column_int64(1));
        out.rebalanced_in_msat[channel] += static_cast<std::uint64_t>(sums.column_int64(2));
    }
    return out;
}

ChannelBalances FakeLightningBackend::channel_balances() {
    return storage_call([&] { return fake_channel_balances(flows(now_ms_())); });
}

PaymentResult FakeLightningBackend::rebalance(const std::string& out_channel_id, const std::string& in_channel_peer,
                                              std::uint64_t amount_sat, std::uint64_t max_fee_msat) {
    if (amount_sat == 0 || amount_sat > flash::bitcoin::max_money)
        throw Error(Errc::bad_argument, "a rebalance needs an amount of 1 sat to 21,000,000 BTC");
    return storage_call([&] {
        store::Transaction transaction(db_);
        const std::int64_t now = now_ms_();
        const ChannelBalances balances = fake_channel_balances(flows(now));
        const auto out = std::find_if(balances.channels.begin(), balances.channels.end(),
                                      [&](const Channel& c) { return c.id == out_channel_id; });
        if (out == balances.channels.end()) throw Error(Errc::bad_argument, "no fake channel " + out_channel_id);
        // The way back (every fake channel has a peer of its own).
        const auto in = std::find_if(balances.channels.begin(), balances.channels.end(),
                                     [&](const Channel& c) { return c.peer == in_channel_peer; });
        if (in == balances.channels.end())
            throw Error(Errc::bad_argument, "no fake channel with the peer " + in_channel_peer);

        const std::uint64_t amount_msat = amount_sat * 1000;
        const std::uint64_t fee_msat = amount_sat * fake_rebalance_fee_ppm / 1000;  // amount_msat * ppm / 10^6
        if (!out->active || !in->active) return failed("channel " + (out->active ? in->id : out->id) + " is inactive");
        if (in->id == out->id) return failed("the way out and the way back are the same channel " + in->id);
        if (fee_msat > max_fee_msat)
            return failed("routing fee " + std::to_string(fee_msat) + " msat exceeds the limit of " +
                          std::to_string(max_fee_msat) + " msat");
        if (out->local_sat * 1000 < amount_msat + fee_msat) return failed("insufficient local balance in " + out->id);
        if (in->remote_sat * 1000 < amount_msat) return failed("insufficient remote balance in " + in->id);

        store::Statement& insert = db_.cached(
            "INSERT INTO rebalances (out_channel, in_channel, amount_msat, fee_msat, created_ms) VALUES (?, ?, ?, ?, ?)");
        store::ScopedReset reset(insert);
        insert.bind(1, out->id)
            .bind(2, in->id)
            .bind(3, static_cast<std::int64_t>(amount_msat))
            .bind(4, static_cast<std::int64_t>(fee_msat))
            .bind(5, now);
        insert.step();
        transaction.commit();
        return succeeded(fee_msat, crypto::random_array<32>());  // the preimage of an invoice to ourselves
    });
}

WalletBalance FakeLightningBackend::wallet_balance() { return fake_wallet_balance; }

}  // namespace flash::node::lightning
