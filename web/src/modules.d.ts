// Modules without TypeScript declarations of their own.
declare module 'flash-core' {
  /** The Emscripten factory of the wasm core (embind: untyped). */
  const createFlashCore: () => Promise<any>;
  export default createFlashCore;
}

declare module '@wasm/sealed-secret.mjs' {
  export const defaultLogN: number;
  export function sealSecret(core: unknown, secret: Uint8Array, passphrase: string,
                             options: { context: string; logN?: number }): unknown;
  export function openSecret(core: unknown, sealed: unknown, passphrase: string, options: { context: string }): Uint8Array;
  export function isSealedSecret(value: unknown): boolean;
}

declare module '@wasm/cashu-wallet.mjs' {
  /** The JS host of the wasm CashuWallet (see wasm/cashu-wallet.mjs): results are parsed JSON. */
  export class CashuWalletHost {
    constructor(core: unknown, options: { path: string; seed: Uint8Array; pollIntervalMs?: number; pollTimeoutMs?: number });
    [operation: string]: any;
    close(): void;
  }
}
