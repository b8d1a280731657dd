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
// Amounts go in as numbers, strings or BigInts and come out as decimal strings (u64-exact).
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

  /** Waits until the quote is paid, then mints it: { amount }. */
  async mint(mint, quote) {
    const deadline = Date.now() + this.#pollTimeoutMs;
    for (;;) {
      const { state } = await this.#drive(this.#wallet.checkMintQuote(quote));
      if (state === 'PAID') break;
      if (state === 'ISSUED') throw new CashuWalletError('', { kind: 'refused', code: 20002, detail: `quote ${quote} was issued already` });
      if (Date.now() > deadline) throw new CashuWalletError('', { kind: 'no-answer', code: 0, detail: `quote ${quote} not paid in time` });
      await sleep(this.#pollIntervalMs);
    }
    return this.#drive(this.#wallet.mint(quote));
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
    const info = JSON.parse(this.#wallet.tokenInfo(token));
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

  /** [{ mint, unit, balance, pending }] */
  balances() { return JSON.parse(this.#wallet.balances()); }
  /** [{ id, mint, kind, state, unit, amount, fee, token?, quote?, error? }], oldest first. */
  history() { return JSON.parse(this.#wallet.history()); }
  /** [{ id, mint, kind, state, quote }] waiting for an answer. */
  pendingOperations() { return JSON.parse(this.#wallet.pendingOperations()); }

  /** Frees the wasm object (closes the database). */
  close() { this.#wallet.delete(); }

  async #drive(stepJson) {
    let step = JSON.parse(stepJson);
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
    if (step.failure) throw new CashuWalletError(step.operation, step.failure);
    return step.result;
  }
}
