// flash-node's SQLite schema, one migration per version.
#include "node/storage/migrations.hpp"

namespace flash::node {
namespace {

// Version 1: NOSTR events with their single-letter tags, and NIP-09 tombstones.
constexpr std::string_view v1_events = R"sql(
CREATE TABLE events (
    rowid      INTEGER PRIMARY KEY,
    id         BLOB    NOT NULL UNIQUE,  -- 32 bytes
    pubkey     BLOB    NOT NULL,         -- 32 bytes, x-only
    created_at INTEGER NOT NULL,
    kind       INTEGER NOT NULL,
    d_tag      TEXT,                     -- replaceable: '', addressable: the d tag ('' if none), else NULL
    expiration INTEGER,                  -- NIP-40 unix seconds, NULL if none
    raw        TEXT    NOT NULL          -- the event as JSON
);
CREATE INDEX events_created_at ON events (created_at);
CREATE INDEX events_pubkey_kind ON events (pubkey, kind, created_at);
CREATE INDEX events_kind ON events (kind, created_at);
-- One current version per replaceable (pubkey, kind) and addressable (pubkey, kind, d) coordinate.
CREATE UNIQUE INDEX events_coordinate ON events (pubkey, kind, d_tag) WHERE d_tag IS NOT NULL;
CREATE INDEX events_expiration ON events (expiration) WHERE expiration IS NOT NULL;

-- Tags whose name is one letter (the only ones NIP-01 filters can name): ["p", value, ...].
CREATE TABLE tags (
    name        TEXT    NOT NULL,
    value       TEXT    NOT NULL,
    event_rowid INTEGER NOT NULL REFERENCES events (rowid) ON DELETE CASCADE,
    PRIMARY KEY (name, value, event_rowid)
) WITHOUT ROWID;
CREATE INDEX tags_event ON tags (event_rowid);

-- NIP-09 "e" deletions: the event `id` is deleted if (and only if) it is by `pubkey`, the
-- deletion's author. Kept after the event is gone so that it is refused if it comes again.
CREATE TABLE deleted_ids (
    id     BLOB NOT NULL,
    pubkey BLOB NOT NULL,
    PRIMARY KEY (id, pubkey)
) WITHOUT ROWID;

-- NIP-09 "a" deletions: versions of the coordinate with created_at <= until are deleted.
CREATE TABLE deleted_coordinates (
    kind   INTEGER NOT NULL,
    pubkey BLOB    NOT NULL,
    d_tag  TEXT    NOT NULL,
    until  INTEGER NOT NULL,
    PRIMARY KEY (kind, pubkey, d_tag)
) WITHOUT ROWID;
)sql";

// Version 2: the Cashu mint (see mint_store.hpp). Amounts, fees and expiries are u64 kept as the
// bit pattern of a signed 64-bit integer (SQLite's integers are signed and an amount may be 2^63);
// totals are summed per 32-bit half and put together in C++ with overflow checks. States are
// small integers (sqlite_mint_store.cpp maps them). Points (Y, B_, C_) are 33-byte blobs.
constexpr std::string_view v2_mint = R"sql(
-- The master seed, encrypted by the mint: at most one row.
CREATE TABLE mint_seed (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    encrypted BLOB    NOT NULL
);

CREATE TABLE mint_keysets (
    rowid            INTEGER PRIMARY KEY,  -- creation order
    id               BLOB    NOT NULL UNIQUE,
    unit             TEXT    NOT NULL,
    derivation_index INTEGER NOT NULL,
    input_fee_ppk    INTEGER NOT NULL,      -- u64 bit pattern
    max_order        INTEGER NOT NULL,
    active           INTEGER NOT NULL CHECK (active IN (0, 1)),
    final_expiry     INTEGER,               -- u64 bit pattern, NULL if none
    created_at       INTEGER NOT NULL
);

-- The spent set: a proof is spent once because Y is the key.
CREATE TABLE mint_spent_proofs (
    y        BLOB    PRIMARY KEY,
    amount   INTEGER NOT NULL,              -- u64 bit pattern
    keyset   BLOB    NOT NULL REFERENCES mint_keysets (id),
    secret   TEXT    NOT NULL,
    witness  TEXT,
    spent_at INTEGER NOT NULL
) WITHOUT ROWID;

-- Blind signatures given, one per B_ (NUT-09 restore reads them back).
CREATE TABLE mint_signatures (
    b_         BLOB    PRIMARY KEY,
    amount     INTEGER NOT NULL,            -- u64 bit pattern
    keyset     BLOB    NOT NULL REFERENCES mint_keysets (id),
    c_         BLOB    NOT NULL,
    dleq_e     BLOB,
    dleq_s     BLOB,
    created_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE mint_quotes (
    id           TEXT    PRIMARY KEY,
    request      TEXT    NOT NULL,          -- bolt11
    amount       INTEGER NOT NULL,          -- u64 bit pattern
    unit         TEXT    NOT NULL,
    state        INTEGER NOT NULL CHECK (state IN (0, 1, 2)),  -- UNPAID, PAID, ISSUED
    expiry       INTEGER,                   -- u64 bit pattern, NULL if none
    pubkey       BLOB,                      -- NUT-20, NULL if none
    payment_hash BLOB    NOT NULL,
    created_at   INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE melt_quotes (
    id               TEXT    PRIMARY KEY,
    request          TEXT    NOT NULL,      -- bolt11
    amount           INTEGER NOT NULL,      -- u64 bit pattern, like every amount below
    unit             TEXT    NOT NULL,
    fee_reserve      INTEGER NOT NULL,
    state            INTEGER NOT NULL CHECK (state IN (0, 1, 2)),  -- UNPAID, PENDING, PAID
    expiry           INTEGER,
    payment_preimage TEXT,                  -- hex, once paid
    payment_hash     BLOB    NOT NULL,
    fee_paid         INTEGER NOT NULL,
    input_fee        INTEGER NOT NULL,      -- of the melt in progress or done
    created_at       INTEGER NOT NULL
) WITHOUT ROWID;

-- Inputs reserved by a PENDING melt: spent when it is paid, released when it fails.
CREATE TABLE melt_reserved_proofs (
    y           BLOB    PRIMARY KEY,
    quote       TEXT    NOT NULL REFERENCES melt_quotes (id),
    amount      INTEGER NOT NULL,           -- u64 bit pattern
    keyset      BLOB    NOT NULL REFERENCES mint_keysets (id),
    secret      TEXT    NOT NULL,
    witness     TEXT,
    reserved_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX melt_reserved_proofs_quote ON melt_reserved_proofs (quote);

-- NUT-08 blank outputs of a melt, in the wallet's order. While the melt is PENDING they are all
-- here (for reconciliation); once it is PAID only those that got change remain, so that the
-- quote's change is these rows joined with mint_signatures.
CREATE TABLE melt_blank_outputs (
    quote    TEXT    NOT NULL REFERENCES melt_quotes (id),
    position INTEGER NOT NULL,
    b_       BLOB    NOT NULL,
    keyset   BLOB    NOT NULL REFERENCES mint_keysets (id),
    PRIMARY KEY (quote, position)
) WITHOUT ROWID;
CREATE INDEX melt_blank_outputs_b_ ON melt_blank_outputs (b_);
)sql";

// Version 3: on-chain deposits (see chain_store.hpp). Amounts are satoshis (at most 21e14, so
// plain integers). A deposit's height is 0 while it is unconfirmed.
constexpr std::string_view v3_chain = R"sql(
-- Receive addresses m/84'/c'/a'/0/idx of the operator's watch-only account key.
CREATE TABLE chain_addresses (
    account     TEXT    NOT NULL,          -- the account key as configured: one series per key
    idx         INTEGER NOT NULL,
    address     TEXT    NOT NULL,
    script      BLOB    NOT NULL,          -- scriptPubKey
    script_hash TEXT    NOT NULL UNIQUE,   -- Electrum script hash (hex)
    user_id     TEXT,                      -- NULL: derived ahead (gap limit), not given out
    used        INTEGER NOT NULL DEFAULT 0 CHECK (used IN (0, 1)),
    assigned_at INTEGER,
    PRIMARY KEY (account, idx)
) WITHOUT ROWID;
CREATE INDEX chain_addresses_user ON chain_addresses (user_id, account, idx) WHERE user_id IS NOT NULL;

-- Outputs paying to those addresses, as the chain shows them now.
CREATE TABLE chain_deposits (
    txid        TEXT    NOT NULL,
    vout        INTEGER NOT NULL,
    script_hash TEXT    NOT NULL REFERENCES chain_addresses (script_hash),
    user_id     TEXT,
    amount      INTEGER NOT NULL CHECK (amount > 0),
    height      INTEGER NOT NULL CHECK (height >= 0),
    first_seen  INTEGER NOT NULL,
    credited_at INTEGER,
    orphaned    INTEGER NOT NULL DEFAULT 0 CHECK (orphaned IN (0, 1)),
    PRIMARY KEY (txid, vout)
) WITHOUT ROWID;
CREATE INDEX chain_deposits_script ON chain_deposits (script_hash);
CREATE INDEX chain_deposits_user ON chain_deposits (user_id, first_seen) WHERE user_id IS NOT NULL;

-- The credit ledger: one row per credited deposit, never updated or deleted.
CREATE TABLE chain_credits (
    txid        TEXT    NOT NULL,
    vout        INTEGER NOT NULL,
    user_id     TEXT    NOT NULL,
    amount      INTEGER NOT NULL,
    credited_at INTEGER NOT NULL,
    PRIMARY KEY (txid, vout)
) WITHOUT ROWID;
CREATE INDEX chain_credits_user ON chain_credits (user_id);
)sql";

// Version 4: self-custodial on-chain accounts (see chain_store.hpp). Version 3 derived every user's
// addresses from one operator key; nothing in its rows belongs to a user's own key, so its tables
// are dropped and made again with every address under a user's registered account, plus the
// withdrawals built from the users' coins.
constexpr std::string_view v4_chain_accounts = R"sql(
DELETE FROM chain_credits;  -- its shape stays
DROP TABLE chain_deposits;
DROP TABLE chain_addresses;

-- One watch-only BIP-84 account key per user; a key belongs to one user.
CREATE TABLE chain_accounts (
    user_id       TEXT    PRIMARY KEY,
    account_key   TEXT    NOT NULL UNIQUE,  -- SLIP-132 form (zpub / vpub): the address series' id
    fingerprint   TEXT    NOT NULL,         -- the master key's, 8 hex digits
    path          TEXT    NOT NULL,         -- m/84'/coin'/account'
    registered_at INTEGER NOT NULL
) WITHOUT ROWID;

-- m/84'/coin'/account'/chain/idx of each account: chain 0 receives, chain 1 takes change.
CREATE TABLE chain_addresses (
    account     TEXT    NOT NULL REFERENCES chain_accounts (account_key),
    chain       INTEGER NOT NULL CHECK (chain IN (0, 1)),
    idx         INTEGER NOT NULL,
    address     TEXT    NOT NULL,
    script      BLOB    NOT NULL,          -- scriptPubKey
    script_hash TEXT    NOT NULL UNIQUE,   -- Electrum script hash (hex)
    user_id     TEXT    NOT NULL,          -- the account's user
    used        INTEGER NOT NULL DEFAULT 0 CHECK (used IN (0, 1)),
    assigned_at INTEGER,                   -- given out (deposit address shown, change of a built withdrawal)
    PRIMARY KEY (account, chain, idx)
) WITHOUT ROWID;

-- Outputs paying to those addresses (the users' coins), as the chain shows them now.
CREATE TABLE chain_deposits (
    txid        TEXT    NOT NULL,
    vout        INTEGER NOT NULL,
    script_hash TEXT    NOT NULL REFERENCES chain_addresses (script_hash),
    user_id     TEXT    NOT NULL,
    amount      INTEGER NOT NULL CHECK (amount > 0),
    height      INTEGER NOT NULL CHECK (height >= 0),
    first_seen  INTEGER NOT NULL,
    credited_at INTEGER,
    orphaned    INTEGER NOT NULL DEFAULT 0 CHECK (orphaned IN (0, 1)),
    spent_by    TEXT,                      -- NULL: unspent; '': spent by a transaction not built here
    PRIMARY KEY (txid, vout)
) WITHOUT ROWID;
CREATE INDEX chain_deposits_script ON chain_deposits (script_hash);
CREATE INDEX chain_deposits_user ON chain_deposits (user_id, first_seen);

-- Withdrawals built for the users to sign. fee_rate is sat per 1000 vB.
CREATE TABLE chain_withdrawals (
    id                 TEXT    PRIMARY KEY,
    user_id            TEXT    NOT NULL,
    destination        TEXT    NOT NULL,
    amount             INTEGER NOT NULL CHECK (amount > 0),
    fee                INTEGER NOT NULL CHECK (fee >= 0),
    change_amount      INTEGER NOT NULL CHECK (change_amount >= 0),
    vsize              INTEGER NOT NULL CHECK (vsize > 0),
    fee_rate           INTEGER NOT NULL CHECK (fee_rate > 0),
    psbt               BLOB    NOT NULL,   -- unsigned, as built
    change_script_hash TEXT    REFERENCES chain_addresses (script_hash),
    state              TEXT    NOT NULL CHECK (state IN ('built', 'broadcast', 'confirmed', 'expired')),
    txid               TEXT,               -- once broadcast
    height             INTEGER NOT NULL DEFAULT 0,
    created_at         INTEGER NOT NULL,
    expires_at         INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX chain_withdrawals_user ON chain_withdrawals (user_id, created_at);
CREATE INDEX chain_withdrawals_txid ON chain_withdrawals (txid) WHERE txid IS NOT NULL;
CREATE INDEX chain_withdrawals_built ON chain_withdrawals (expires_at) WHERE state = 'built';

-- The coins each withdrawal spends; live while the withdrawal is built and unexpired. A coin has at
-- most one live reservation.
CREATE TABLE chain_reservations (
    withdrawal TEXT    NOT NULL REFERENCES chain_withdrawals (id),
    position   INTEGER NOT NULL,           -- the input's index in the transaction
    txid       TEXT    NOT NULL,
    vout       INTEGER NOT NULL,
    live       INTEGER NOT NULL CHECK (live IN (0, 1)),
    PRIMARY KEY (withdrawal, position)
) WITHOUT ROWID;
CREATE UNIQUE INDEX chain_reservations_live ON chain_reservations (txid, vout) WHERE live = 1;
CREATE INDEX chain_reservations_coin ON chain_reservations (txid, vout);
)sql";

// Version 5: the custodial Lightning accounts (see ledger_store.hpp). Amounts are millisatoshis.
constexpr std::string_view v5_ledger = R"sql(
CREATE TABLE ln_invoices (
    payment_hash BLOB    PRIMARY KEY,
    user_id      TEXT    NOT NULL,
    bolt11       TEXT    NOT NULL,
    amount_msat  INTEGER NOT NULL CHECK (amount_msat > 0),
    description  TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    settled_at   INTEGER,                  -- credited to user_id, once
    internal     INTEGER NOT NULL DEFAULT 0 CHECK (internal IN (0, 1))
) WITHOUT ROWID;
CREATE INDEX ln_invoices_user ON ln_invoices (user_id, created_at);
CREATE INDEX ln_invoices_open ON ln_invoices (expires_at) WHERE settled_at IS NULL;

CREATE TABLE ln_payments (
    id               INTEGER PRIMARY KEY,
    payment_hash     BLOB    NOT NULL,
    user_id          TEXT    NOT NULL,
    bolt11           TEXT    NOT NULL,
    amount_msat      INTEGER NOT NULL CHECK (amount_msat > 0),
    fee_reserve_msat INTEGER NOT NULL CHECK (fee_reserve_msat >= 0),
    fee_msat         INTEGER NOT NULL DEFAULT 0 CHECK (fee_msat >= 0 AND fee_msat <= fee_reserve_msat),
    state            TEXT    NOT NULL CHECK (state IN ('pending', 'succeeded', 'failed')),
    preimage         BLOB,
    failure_reason   TEXT    NOT NULL DEFAULT '',
    internal         INTEGER NOT NULL DEFAULT 0 CHECK (internal IN (0, 1)),
    created_at       INTEGER NOT NULL,
    finished_at      INTEGER
);
-- A hash is paid at most once: failed attempts may be retried, live ones block a second payment.
CREATE UNIQUE INDEX ln_payments_live ON ln_payments (payment_hash) WHERE state != 'failed';
CREATE INDEX ln_payments_user ON ln_payments (user_id, created_at);
CREATE INDEX ln_payments_pending ON ln_payments (state) WHERE state = 'pending';
)sql";

// Version 6: merchants' BTCPay Server stores (see merchant_store.hpp). Credentials are sealed with
// XChaCha20-Poly1305 under a key derived from the node's merchant.key (never in clear here).
// Amounts are the decimal strings BTCPay uses, in the invoice's currency; times are unix seconds.
constexpr std::string_view v6_btcpay = R"sql(
CREATE TABLE btcpay_merchants (
    id                    TEXT    PRIMARY KEY,
    user_id               TEXT    NOT NULL,  -- NIP-98 public key (hex)
    server_url            TEXT    NOT NULL,
    store_id              TEXT    NOT NULL,
    api_key_sealed        BLOB    NOT NULL,
    webhook_secret_sealed BLOB    NOT NULL,
    registered_at         INTEGER NOT NULL,
    UNIQUE (user_id, server_url, store_id)
) WITHOUT ROWID;

-- Invoices created through the node; status follows the webhook deliveries.
CREATE TABLE btcpay_invoices (
    merchant_id   TEXT    NOT NULL REFERENCES btcpay_merchants (id),
    invoice_id    TEXT    NOT NULL,
    amount        TEXT    NOT NULL,
    currency      TEXT    NOT NULL,
    order_id      TEXT    NOT NULL DEFAULT '',
    checkout_link TEXT    NOT NULL,
    status        TEXT    NOT NULL CHECK (status IN ('New', 'Processing', 'Expired', 'Invalid', 'Settled')),
    status_at     INTEGER NOT NULL,         -- BTCPay's time of the event that set status
    created_at    INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,         -- the node's clock
    PRIMARY KEY (merchant_id, invoice_id)
) WITHOUT ROWID;
CREATE INDEX btcpay_invoices_created ON btcpay_invoices (merchant_id, created_at);

-- Every webhook delivery processed. A redelivery names the first delivery of its event
-- (originalDeliveryId): one row per event, so that an event is processed once.
CREATE TABLE btcpay_deliveries (
    id          INTEGER PRIMARY KEY,
    merchant_id TEXT    NOT NULL REFERENCES btcpay_merchants (id),
    delivery_id TEXT    NOT NULL,
    event_id    TEXT    NOT NULL,
    webhook_id  TEXT    NOT NULL,
    type        TEXT    NOT NULL,
    invoice_id  TEXT    NOT NULL DEFAULT '',
    timestamp   INTEGER NOT NULL,
    received_at INTEGER NOT NULL,
    UNIQUE (merchant_id, delivery_id),
    UNIQUE (merchant_id, event_id)
);
CREATE INDEX btcpay_deliveries_invoice ON btcpay_deliveries (merchant_id, invoice_id);
)sql";

// Version 7: Flash Cards (Bolt Cards) and merchants' rewards (see card_store.hpp, reward_store.hpp).
// No card key is stored: K0..K4 derive from the node's issuer key, the UID and the version.
constexpr std::string_view v7_cards = R"sql(
CREATE TABLE cards (
    id               TEXT    PRIMARY KEY,      -- the card's ID (Bolt Card deterministic spec), hex
    user_id          TEXT    NOT NULL,         -- the holder, whose Lightning account pays
    uid              BLOB    NOT NULL UNIQUE CHECK (length(uid) = 7),
    version          INTEGER NOT NULL CHECK (version >= 1),
    counter          INTEGER NOT NULL DEFAULT 0 CHECK (counter >= 0),  -- the last one paid with
    state            TEXT    NOT NULL CHECK (state IN ('active', 'disabled', 'wiped')),
    name             TEXT    NOT NULL DEFAULT '',
    max_payment_msat INTEGER NOT NULL CHECK (max_payment_msat > 0),
    max_day_msat     INTEGER NOT NULL CHECK (max_day_msat > 0),
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX cards_user ON cards (user_id, created_at);

-- Taps read and answered: the k1 (as its SHA-256) pays once, for this card, version and counter.
CREATE TABLE card_taps (
    id         INTEGER PRIMARY KEY,            -- the order taps were read in
    k1_hash    BLOB    NOT NULL UNIQUE,
    card_id    TEXT    NOT NULL REFERENCES cards (id),
    version    INTEGER NOT NULL,
    counter    INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
);
CREATE INDEX card_taps_expiry ON card_taps (expires_at);
CREATE INDEX card_taps_unused ON card_taps (card_id, id) WHERE used_at IS NULL;

-- Payments made with a card: each is a ledger payment of the holder, recorded in its transaction.
CREATE TABLE card_payments (
    id         INTEGER PRIMARY KEY,
    card_id    TEXT    NOT NULL REFERENCES cards (id),
    payment_id INTEGER NOT NULL UNIQUE REFERENCES ln_payments (id),
    counter    INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX card_payments_card ON card_payments (card_id, created_at);

CREATE TABLE reward_rules (
    merchant_id           TEXT    PRIMARY KEY,
    per_tap_msat          INTEGER NOT NULL CHECK (per_tap_msat >= 0),
    percent_bp            INTEGER NOT NULL CHECK (percent_bp BETWEEN 0 AND 10000),
    cap_card_day_msat     INTEGER NOT NULL CHECK (cap_card_day_msat >= 0),
    cap_merchant_day_msat INTEGER NOT NULL CHECK (cap_merchant_day_msat >= 0),
    active                INTEGER NOT NULL CHECK (active IN (0, 1)),
    active_after_payment  INTEGER NOT NULL,  -- card payments up to this id came before the rule
    updated_at            INTEGER NOT NULL
) WITHOUT ROWID;

-- One entry per card payment at most: the reward credited (a ledger transfer named by
-- transfer_ref) or why none was.
CREATE TABLE rewards (
    id              INTEGER PRIMARY KEY,
    card_payment_id INTEGER NOT NULL UNIQUE REFERENCES card_payments (id),
    merchant_id     TEXT    NOT NULL,
    card_id         TEXT    NOT NULL,
    holder_id       TEXT    NOT NULL,
    purchase_msat   INTEGER NOT NULL CHECK (purchase_msat > 0),
    amount_msat     INTEGER NOT NULL CHECK (amount_msat >= 0),
    state           TEXT    NOT NULL CHECK (state IN ('credited', 'refused')),
    reason          TEXT    NOT NULL DEFAULT '',
    transfer_ref    BLOB,
    created_at      INTEGER NOT NULL
);
CREATE INDEX rewards_merchant ON rewards (merchant_id, created_at);
CREATE INDEX rewards_card ON rewards (merchant_id, card_id, created_at);
)sql";

// Version 8: lightning addresses (LUD-16) of the node's users (see lightning_address_store.hpp):
// one name per user, one user per name.
constexpr std::string_view v8_lightning_addresses = R"sql(
CREATE TABLE lightning_addresses (
    name       TEXT    PRIMARY KEY,          -- the user part of name@host: a-z 0-9 - _ .
    user_id    TEXT    NOT NULL UNIQUE,      -- NIP-98 public key (hex)
    created_at INTEGER NOT NULL
) WITHOUT ROWID;
)sql";

// Version 9: rewards paid as eCash (see reward_store.hpp): the rule says how, and an eCash
// reward names the quote of the node's mint (mint.sqlite) that holds it for the holder.
constexpr std::string_view v9_ecash_rewards = R"sql(
ALTER TABLE reward_rules ADD COLUMN payout TEXT NOT NULL DEFAULT 'lightning'
    CHECK (payout IN ('lightning', 'ecash'));
ALTER TABLE rewards ADD COLUMN mint_quote TEXT;
ALTER TABLE rewards ADD COLUMN ecash TEXT CHECK (ecash IN ('owed', 'paid', 'minted'));
CREATE INDEX rewards_ecash ON rewards (ecash, holder_id, id) WHERE ecash IS NOT NULL;
)sql";

// Version 10: what the history shows. A point-of-sale invoice is marked as a sale (the shop's
// "today's sales" counts only those), and a payment keeps its invoice's description.
constexpr std::string_view v10_history = R"sql(
ALTER TABLE ln_invoices ADD COLUMN sale INTEGER NOT NULL DEFAULT 0 CHECK (sale IN (0, 1));
ALTER TABLE ln_payments ADD COLUMN description TEXT NOT NULL DEFAULT '';
)sql";

constexpr store::Migration migrations[] = {
    {1, v1_events},
    {2, v2_mint},
    {3, v3_chain},
    {4, v4_chain_accounts},
    {5, v5_ledger},
    {6, v6_btcpay},
    {7, v7_cards},
    {8, v8_lightning_addresses},
    {9, v9_ecash_rewards},
    {10, v10_history},
};

}  // namespace

std::span<const store::Migration> node_migrations() noexcept { return migrations; }

}  // namespace flash::node
