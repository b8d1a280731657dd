// The eCash wallet (Cashu) in the core's worker: the wasm CashuWallet keeps its proofs and
// operations in SQLite at /flash/cashu.db (IDBFS), flushed to IndexedDB after every operation, and
// wasm/cashu-wallet.mjs makes the HTTP calls it asks for. It opens with the unlocked seed and
// closes when the wallet locks. P2PK locks (NUT-11) use the NOSTR key ("02" + its x coordinate).
import { CashuWalletHost } from '@wasm/cashu-wallet.mjs';
import { asCoreError, dir, fail, hex, now, sync, wasm } from './runtime.ts';
import type { EcashBalance, EcashOperation, OfflineEntry, OfflineVerdict, TokenInfo } from './types.ts';
import { keys, onLock } from './vault.ts';

const walletPath = `${dir}/cashu.db`;
/** How often a mint quote is asked whether it was paid, and for how long. */
const quotePoll = { pollIntervalMs: 1000, pollTimeoutMs: 120_000 };
/** How long a token locked to a contact is theirs alone. */
const lockedTokenLifetimeS = 7 * 24 * 3600;

let host: CashuWalletHost | null = null;
onLock(() => {
  host?.close();
  host = null;
});

function wallet(): CashuWalletHost {
  host ??= new CashuWalletHost(wasm(), { path: walletPath, seed: keys().seed, ...quotePoll });
  return host;
}

/**
 * The P2PK key of this wallet: the NOSTR key, as a contact locks to it ("02" + x; NUT-11 signatures
 * are BIP-340, so either parity is the same key), and its secret, hex.
 */
function lockKey(): { pubkeys: string[]; privkey: string } {
  const { identity, secretKey } = keys();
  return { pubkeys: [`02${identity.nostrPubkey}`, `03${identity.nostrPubkey}`], privkey: hex(secretKey) };
}

/** A CashuWalletError or core error as the CoreError the page can show (see operation()). */
function walletError(error: unknown) {
  const e = error as { name?: string; kind?: string; code?: number; detail?: string };
  if (e?.name === 'CashuWalletError') return fail(e.kind === 'refused' ? `mint_${e.code}` : String(e.kind).replace('-', '_'), e.detail ?? '');
  return asCoreError(error);
}

/** Reads from the wallet (balances, lists, a verdict): nothing to flush. */
async function read<T>(body: (w: CashuWalletHost) => T | Promise<T>): Promise<T> {
  try {
    return await body(wallet());
  } catch (error) {
    throw walletError(error);
  }
}

/**
 * Runs an operation of the wallet, then flushes the database to IndexedDB (also after a failure: an
 * operation left pending must survive a reload). Errors cross as CoreErrors: the mint's refusals
 * as `mint_<NUT error code>`, no answer as `no_answer`, an untrustworthy answer as `bad_answer`.
 */
async function operation<T>(body: (w: CashuWalletHost) => T | Promise<T>): Promise<T> {
  try {
    return await read(body);
  } finally {
    await sync(false).catch(() => {});
  }
}

export const ecashApi = {
  /** Balances per mint and unit, as decimal strings: what is spendable, pending and set aside for offline. */
  ecashBalances(): Promise<EcashBalance[]> {
    return read((w) => w.balances());
  },

  /** The wallet's operations, oldest first. */
  ecashHistory(): Promise<EcashOperation[]> {
    return read((w) => w.history());
  },

  /** Adds (or refreshes) a mint: its info and keysets. */
  addMint(url: string): Promise<void> {
    return operation(async (w) => { await w.addMint(url); });
  },

  /** A mint quote: the invoice to pay so that `amount` sat of eCash can be minted. */
  mintQuote(mint: string, amount: number): Promise<{ quote: string; request: string }> {
    return operation((w) => w.createMintQuote(mint, amount));
  },

  /** Waits until the quote is paid, then mints it: { amount }. */
  mintPaid(mint: string, quote: string): Promise<{ amount: string }> {
    return operation((w) => w.mint(mint, quote));
  },

  /**
   * Mints the eCash rewards the node holds for this wallet: each a paid quote of `mint` locked to the
   * NOSTR key (NUT-20). A quote adopted before and not minted yet is minted now; one whose mint
   * request is in flight is left to recoverEcash(). Returns the sats minted.
   */
  claimRewards(mint: string, rewards: { quote: string; amount_sat: number }[]): Promise<number> {
    return operation(async (w) => {
      const known = new Map((w.history() as EcashOperation[]).map((op) => [op.quote, op.state]));
      let minted = 0;
      for (const { quote, amount_sat } of rewards) {
        const state = known.get(quote);
        if (state === undefined) await w.adoptMintQuote(mint, quote, amount_sat);
        else if (state !== 'paid') continue;
        await w.mint(mint, quote, { privkey: lockKey().privkey });
        minted += amount_sat;
      }
      return minted;
    });
  },

  /**
   * A token worth `amount` sat from `mint`. `lockTo`: a NOSTR public key (hex) that alone may redeem
   * it for a week; after that this wallet may take it back (a message that never arrived).
   */
  sendToken(mint: string, amount: number, { memo, lockTo }: { memo?: string; lockTo?: string } = {}): Promise<{ token: string; amount: string; fee: string }> {
    const p2pk = lockTo ? { pubkey: `02${lockTo}`, locktime: now() + lockedTokenLifetimeS, refundKeys: [lockKey().pubkeys[0]] } : undefined;
    return operation((w) => w.send(mint, amount, { memo, p2pk }));
  },

  /** What a token holds, without redeeming it. */
  tokenInfo(token: string): Promise<TokenInfo> {
    return read((w) => w.tokenInfo(token.trim()));
  },

  /** Redeems a token at its mint (adding the mint when new), signing P2PK proofs locked to this wallet. */
  receiveToken(token: string): Promise<{ mint: string; amount: string; fee: string }> {
    return operation((w) => w.receive(token.trim(), { privkey: lockKey().privkey }));
  },

  /** Asks the mints of sends not yet seen claimed whether they were (NUT-07), so that the history says so. */
  checkClaims(): Promise<void> {
    return operation(async (w) => {
      const history: EcashOperation[] = w.history();
      for (const mint of new Set(history.filter((op) => Number(op.outstanding)).map((op) => op.mint))) await w.checkStates(mint);
    });
  },

  /** Takes back what the receiver of the send `send` (a history id) has not claimed; a locked token only after its locktime. */
  takeBack(send: string): Promise<{ amount: string }> {
    return operation((w) => w.takeBack(send, { privkey: lockKey().privkey }));
  },

  /** Recovers the seed's proofs at `mint` (NUT-13, after a restore from the words). */
  restoreEcash(mint: string): Promise<{ restored: string; amount: string }> {
    return operation(async (w) => {
      await w.addMint(mint);
      return w.restore(mint);
    });
  },

  /** Resumes operations left pending (a reload or a lost connection in the middle). */
  recoverEcash(): Promise<unknown[]> {
    return operation((w) => w.recover());
  },

  /** While online: sets `amount` aside in handy denominations for paying offline (optionally locked to `lockTo`). */
  prepareOffline(mint: string, amount: number, { lockTo }: { lockTo?: string } = {}): Promise<unknown> {
    return operation((w) => w.prepareOffline(mint, amount, lockTo ? { p2pk: { pubkey: `02${lockTo}`, refundKeys: [lockKey().pubkeys[0]] } } : {}));
  },

  /** Offline: a token of prepared proofs worth exactly `amount`. */
  sendOffline(mint: string, amount: number, { to }: { to?: string } = {}): Promise<{ token: string; amount: string }> {
    return operation((w) => w.sendOffline(mint, amount, { to: to ? `02${to}` : undefined }));
  },

  /** How safe a token received offline is, judged without any network. */
  offlineVerdict(token: string): Promise<OfflineVerdict> {
    return read((w) => w.offlineVerdict(token.trim(), { pubkeys: lockKey().pubkeys }));
  },

  /** Judges and queues a token received offline (redeemed by redeemQueued once online). */
  receiveOffline(token: string): Promise<{ queued: boolean; duplicate: boolean; verdict: OfflineVerdict }> {
    return operation((w) => w.receiveOffline(token.trim(), { pubkeys: lockKey().pubkeys }));
  },

  offlineQueue(): Promise<OfflineEntry[]> {
    return read((w) => w.offlineQueue());
  },

  /** Back online: redeems every queued token. */
  redeemQueued(): Promise<{ queue: OfflineEntry[] }> {
    return operation((w) => w.redeemQueued({ privkey: lockKey().privkey }));
  },
};
