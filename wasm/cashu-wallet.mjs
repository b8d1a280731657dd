// The host of the core's Cashu wallet: the wasm CashuWallet decides and stores (SQLite), this
// class only moves bytes — it makes each HTTP call the wallet asks for with `fetch` and hands the
// answer back, until the operation is over. Works in the browser and in Node (inject `fetch`).
//
//   const wallet = new CashuWalletHost(core, { path: '/wallet/cashu.db', seed });  // seed: 64-byte Uint8Array
//   await wallet.addMint('https://mint.example');
//   const quote = await wallet.createMintQuote('https://mint.example', 100);      // pay quote.request
//   await wallet.mint('https://mint.example', quote.quote);                       // polls until paid
//   const { token } = await wallet.send('https://mint.example', 21, { p2pk: { pubkey } });
//
// Offline payments: while online the sender prepares (prepareOffline: handy denominations, DLEQ
// kept, optionally pre-locked to a contact) and later pays without any network (sendOffline);
// the receiver judges a token with the keysets it cached (offlineVerdict), queues it
// (receiveOffline), and redeems the queue when back online (redeemQueued).
//
// Amounts go in as numbers, strings or BigInts and come out as decimal strings (u64-exact), as do
// the other integers of the JSON results (times, counts, codes). Times (`now`) are unix seconds.
// A failed operation rejects with a CashuWalletError { operation, kind, code, detail }: kind
// 'refused' (the mint's error code), 'bad-answer' (e.g. a missing or wrong DLEQ) or 'no-answer'
// (network down or 5xx: the operation stays pending; recover() resumes it later).

export class CashuWalletError extends Error {
  constructor(operation, { kind, code, detail }) {
    super(`${kind}${code ? ` (${code})` : ''}: ${detail}`);
    this.name = 'CashuWalletError';
    Object.assign(this, { operation, kind, code, detail });
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const nowSeconds = () => Math.floor(Date.now() / 1000);

export class CashuWalletHost {
  #wallet;
  #fetch;
  #pollIntervalMs;
  #pollTimeoutMs;

  /**
   * `core` is the loaded flash-core module. Options: path (the SQLite file, e.g. on IDBFS),
   * seed (the 64-byte BIP-39 seed), fetch, pollIntervalMs / pollTimeoutMs (mint quote polling).
   */
  constructor(core, { path, seed, fetch = globalThis.fetch.bind(globalThis), pollIntervalMs = 2000, pollTimeoutMs = 600_000 }) {
    this.#wallet = new core.CashuWallet(path, seed);
    this.#fetch = fetch;
    this.#pollIntervalMs = pollIntervalMs;
    this.#pollTimeoutMs = pollTimeoutMs;
  }

  /** Adds or refreshes a mint (info, keysets, keys). */
  addMint(url) { return this.#drive(this.#wallet.addMint(url)); }

  /** A bolt11 mint quote: { quote, request (the invoice to pay), amount, unit, state, expiry }. */
  createMintQuote(mint, amount, unit = 'sat') { return this.#drive(this.#wallet.mintQuote(mint, String(amount), unit)); }

  /**
   * Takes over a quote someone else paid for this wallet (an eCash reward): { quote, amount, unit,
   * state, ... } as the mint reports it; then mint() mints it.
   */
  adoptMintQuote(mint, quote, amount, unit = 'sat') {
    return this.#drive(this.#wallet.adoptMintQuote(mint, quote, String(amount), unit));
  }

  /**
   * Waits until the quote is paid, then mints it: { amount }. `privkey` (hex) signs the request of
   * a quote locked to its key (NUT-20).
   */
  async mint(mint, quote, { privkey } = {}) {
    const deadline = Date.now() + this.#pollTimeoutMs;
    for (;;) {
      const { state } = await this.#drive(this.#wallet.checkMintQuote(quote));
      if (state === 'PAID') break;
      if (state === 'ISSUED') throw new CashuWalletError('', { kind: 'refused', code: 20002, detail: `quote ${quote} was issued already` });
      if (Date.now() > deadline) throw new CashuWalletError('', { kind: 'no-answer', code: 0, detail: `quote ${quote} not paid in time` });
      await sleep(this.#pollIntervalMs);
    }
    return this.#drive(this.#wallet.mint(quote, privkey ?? ''));
  }

  /**
   * Sends `amount` from `mint`: { token, amount, fee }. Options: unit, memo, and
   * p2pk: { pubkey, locktime?, refundKeys? } to lock the token to a receiver's key (hex).
   */
  send(mint, amount, { unit, memo, p2pk } = {}) {
    const options = {};
    if (unit) options.unit = unit;
    if (memo) options.memo = memo;
    if (p2pk) {
      options.pubkey = p2pk.pubkey;
      if (p2pk.locktime !== undefined) options.locktime = Number(p2pk.locktime);
      if (p2pk.refundKeys) options.refund = p2pk.refundKeys;
    }
    return this.#drive(this.#wallet.send(mint, String(amount), JSON.stringify(options)));
  }

  /**
   * Receives a cashuA/cashuB token: { mint, unit, amount, fee }. A new mint is added first, and a
   * known one refreshed once when the token uses a keyset the wallet has not seen (a rotation).
   */
  async receive(token, { privkey } = {}) {
    const info = this.tokenInfo(token);
    if (!info.known) await this.addMint(info.mint);
    let begun;
    try {
      begun = this.#wallet.receive(token, privkey ?? '');
    } catch (error) {
      if (error.code !== 'bad_keyset' || !info.known) throw error;
      await this.addMint(info.mint);
      begun = this.#wallet.receive(token, privkey ?? '');
    }
    return this.#drive(begun);
  }

  /**
   * Takes back what the receiver of the send `operation` (a history id) has not claimed:
   * { mint, unit, amount, fee }, then marks what the mint saw spent. `privkey`: the refund key of a
   * locked token (usable after its locktime).
   */
  async takeBack(operation, { privkey, now = nowSeconds() } = {}) {
    const { mint } = this.history().find((op) => op.id === operation) ?? {};
    try {
      return await this.#drive(this.#wallet.takeBack(operation, privkey ?? '', now));
    } finally {
      // Offline, the next check marks them instead.
      if (mint) await this.checkStates(mint).catch(() => {});
    }
  }

  /** A bolt11 melt quote: { quote, amount, fee_reserve, unit, state, expiry }. */
  createMeltQuote(mint, bolt11, unit = 'sat') { return this.#drive(this.#wallet.meltQuote(mint, bolt11, unit)); }

  /** Pays a melt quote: { paid, amount, fee, change, preimage? } (paid false while PENDING). */
  melt(quote) { return this.#drive(this.#wallet.melt(quote)); }

  /** Marks the proofs the mint has seen spent: { checked, spent }. */
  checkStates(mint) { return this.#drive(this.#wallet.checkStates(mint)); }

  /** Restores the seed's proofs at `mint` (NUT-13/09): { restored, amount }. */
  restore(mint) { return this.#drive(this.#wallet.restore(mint)); }

  /** Resumes every pending operation; one entry per operation: { operation, kind, result | error }. */
  async recover() {
    const outcomes = [];
    for (const op of JSON.parse(this.#wallet.pendingOperations())) {
      try {
        outcomes.push({ operation: op.id, kind: op.kind, result: await this.#drive(this.#wallet.recover(op.id)) });
      } catch (error) {
        outcomes.push({ operation: op.id, kind: op.kind, error });
      }
    }
    return outcomes;
  }

  // ---- offline payments ----

  /**
   * While online, sets `amount` aside for offline sending: { amount, fee, denominations, locked_to?,
   * locktime? }. Options: unit; copies and smallUpTo (how many proofs of each power of two up to
   * smallUpTo, default 2 and 16); p2pk: { pubkey, locktime?, refundKeys? } to pre-lock them to a
   * contact (refundKeys: your own key, to take them back after the locktime).
   */
  prepareOffline(mint, amount, { unit, copies, smallUpTo, p2pk } = {}) {
    const options = {};
    if (unit) options.unit = unit;
    if (copies !== undefined) options.copies = Number(copies);
    if (smallUpTo !== undefined) options.small_up_to = Number(smallUpTo);
    if (p2pk) {
      options.pubkey = p2pk.pubkey;
      if (p2pk.locktime !== undefined) options.locktime = Number(p2pk.locktime);
      if (p2pk.refundKeys) options.refund = p2pk.refundKeys;
    }
    return this.#drive(this.#wallet.prepareOffline(mint, String(amount), JSON.stringify(options)));
  }

  /**
   * Offline, no network: a token of prepared proofs worth exactly `amount` ({ token, amount, fee }),
   * those pre-locked to `to` (a contact's key, hex) or else the unlocked ones. Throws an Error with
   * code 'insufficient_funds' (not that much prepared) or 'bad_argument' (no exact combination).
   */
  sendOffline(mint, amount, { unit, to, memo } = {}) {
    const options = {};
    if (unit) options.unit = unit;
    if (to) options.to = to;
    if (memo) options.memo = memo;
    return this.#settle(JSON.parse(this.#wallet.sendOffline(mint, String(amount), JSON.stringify(options))));
  }

  /** [{ mint, unit, amount, count, locked_to?, locktime? }]: what is prepared for offline sending. */
  offlineProofs() { return JSON.parse(this.#wallet.offlineProofs()); }

  /**
   * What an offline receiver can know about a token, without any network: { verdict
   * ('locked_to_me' | 'dleq_valid_unlocked' | 'unverifiable' | 'locked_to_someone_else' |
   * 'expired_lock' | 'unsupported'), mint, unit, amount, fee?, locktime?, seconds_left?, reasons,
   * proofs }. `pubkeys`: the receiver's public keys (hex); `now`: unix seconds.
   */
  offlineVerdict(token, { pubkeys = [], now = nowSeconds() } = {}) {
    return JSON.parse(this.#wallet.offlineVerdict(token, JSON.stringify(pubkeys), now));
  }

  /**
   * Judges and queues a token received offline: { entry, queued, duplicate, conflict, verdict }.
   * Refusals (locked to someone else, expired lock, unsupported) are not queued.
   */
  receiveOffline(token, { pubkeys = [], now = nowSeconds() } = {}) {
    return JSON.parse(this.#wallet.receiveOffline(token, JSON.stringify(pubkeys), now));
  }

  /** [{ id, mint, unit, amount, token, state ('queued' | 'redeeming' | 'redeemed' | 'failed'), received_at, verdict, locktime?, seconds_left?, operation?, error? }] */
  offlineQueue() { return JSON.parse(this.#wallet.offlineQueue()); }

  /**
   * Back online: refreshes the mints of waiting entries (keysets may have rotated), then redeems
   * every queued token (and resumes those interrupted) through the mint's swap, signing P2PK
   * proofs with `privkey`. Returns { outcomes: [{ entry, result | error }], skipped: [{ entry,
   * reason, detail }], queue }. A token the sender spent first ends 'failed' with error.reason
   * 'double_spent'. Safe to call again: finished entries are left alone.
   */
  async redeemQueued({ privkey, now = nowSeconds(), refreshMints = true } = {}) {
    const waiting = this.offlineQueue().filter((entry) => entry.state === 'queued' || entry.state === 'redeeming');
    if (refreshMints) {
      for (const mint of new Set(waiting.map((entry) => entry.mint))) {
        try {
          await this.addMint(mint);
        } catch {
          // unreachable now: its entries either redeem with the cached keysets or stay queued
        }
      }
    }
    const batch = JSON.parse(this.#wallet.redeemQueued(privkey ?? '', now));
    const outcomes = [];
    for (const { entry, step } of batch.started) {
      try {
        outcomes.push({ entry, result: await this.#drive(step) });
      } catch (error) {
        outcomes.push({ entry, error });
      }
    }
    return { outcomes, skipped: batch.skipped, queue: this.offlineQueue() };
  }

  /** What a cashuA/cashuB token holds, without redeeming it: { mint, unit, amount, known, memo? }. */
  tokenInfo(token) { return JSON.parse(this.#wallet.tokenInfo(token)); }

  /** [{ mint, unit, balance, pending, offline }]: offline is the part prepared for offline sending. */
  balances() { return JSON.parse(this.#wallet.balances()); }
  /** [{ id, mint, kind, state, unit, amount, fee, token?, quote?, error?, offline?, locked_to? }], oldest first. */
  history() { return JSON.parse(this.#wallet.history()); }
  /** [{ id, mint, kind, state, quote }] waiting for an answer. */
  pendingOperations() { return JSON.parse(this.#wallet.pendingOperations()); }

  /** Frees the wasm object (closes the database). */
  close() { this.#wallet.delete(); }

  /** Drives a step (JSON text, or an object already parsed) until its operation is over. */
  async #drive(stepJson) {
    let step = typeof stepJson === 'string' ? JSON.parse(stepJson) : stepJson;
    while (step.request) {
      const { method, url, body } = step.request;
      let status = 0;
      let text = '';
      try {
        const response = await this.#fetch(url, {
          method,
          headers: body ? { 'content-type': 'application/json', accept: 'application/json' } : { accept: 'application/json' },
          body: body || undefined,
        });
        status = response.status;
        text = await response.text();
      } catch {
        status = 0;  // no answer: the wallet keeps the operation pending
      }
      step = JSON.parse(this.#wallet.finish(step.operation, status, text));
    }
    return this.#settle(step);
  }

  #settle(step) {
    if (step.failure) throw new CashuWalletError(step.operation, step.failure);
    return step.result;
  }
}
