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
