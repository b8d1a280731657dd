// What crosses between the page and the core's worker (structured-clone data only).

export type Network = 'mainnet' | 'testnet' | 'signet' | 'regtest';

/** scrypt and NIP-49 cost of the stored wallet: 2^16 (64 MiB, about 0.6 s in wasm). */
export const vaultLogN = 16;

export interface Identity {
  nostrPubkey: string;
  npub: string;
  words: number;
}

export interface PaymentTarget {
  type: string;
  address?: string;
  network?: string;
}

export interface PsbtOutput {
  address?: string;
  scriptPubKey: string;
  amount: number;
  change: boolean;
}

export interface PsbtSummary {
  outputs: PsbtOutput[];
  inputTotal: number;
  ownInputTotal: number;
  change: number;
  fee: number;
  feeRate: number;
}

export interface SignedPsbt {
  psbt: string;
  txid: string;
}

/** Amounts of the eCash wallet are decimal strings (u64-exact). */
export interface EcashBalance {
  mint: string;
  unit: string;
  balance: string;
  pending: string;
  /** The part set aside for paying offline. */
  offline: string;
}

export interface EcashOperation {
  id: string;
  mint: string;
  kind: string;
  state: string;
  unit: string;
  amount: string;
  fee: string;
  created_at?: string;
  /** A send: what its receiver has not been seen to claim (sat). */
  outstanding?: string;
  /** A locked send: until when (unix seconds) only its receiver may claim it. */
  locktime?: number;
  /** A receive that took back this send. */
  took_back?: string;
  /** A mint or melt: the mint's quote id. */
  quote?: string;
  /** A mint of a quote someone else paid for this wallet: a merchant's eCash reward. */
  adopted?: boolean;
}

export interface TokenInfo {
  mint: string;
  unit: string;
  amount: string;
  known: boolean;
  memo?: string;
}

export type Verdict = 'locked_to_me' | 'dleq_valid_unlocked' | 'unverifiable' | 'locked_to_someone_else' | 'expired_lock' | 'unsupported';

export interface OfflineVerdict {
  verdict: Verdict;
  mint: string;
  unit: string;
  amount: string;
  locktime?: string;
  seconds_left?: string;
  reasons: string[];
}

export interface OfflineEntry {
  id: string;
  mint: string;
  unit: string;
  amount: string;
  state: 'queued' | 'redeeming' | 'redeemed' | 'failed';
  verdict: Verdict;
  received_at: string;
  error?: { reason?: string; detail?: string };
}
