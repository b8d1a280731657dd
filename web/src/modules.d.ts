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

declare module '@wasm/relay-pool.mjs' {
  /** The JS host of the wasm RelayPool (see wasm/relay-pool.mjs): events and filters are plain objects. */
  export class RelayPoolHost {
    constructor(core: unknown, options?: {
      WebSocket?: unknown;
      timeouts?: { connectTimeoutMs?: number; eoseTimeoutMs?: number; publishTimeoutMs?: number };
      onAuthChallenge?: (event: { relay: string; challenge: string }) => void;
      onAuthResult?: (event: { relay: string; accepted: boolean; message: string }) => void;
      onRelayState?: (event: { relay: string; state: string }) => void;
      [handler: string]: unknown;
    });
    addRelay(url: string): void;
    subscribe(filters: object[], relays: string[], handlers: {
      onevent?: (event: any, relay: string) => void;
      oneose?: () => void;
      onclose?: (event: { relay: string; reason: string; willRetry: boolean }) => void;
    }): { id: string; close(): void };
    publish(event: object, relays: string[]): Promise<{
      succeeded: boolean; accepted: number; rejected: number; timedOut: number;
      relays: { relay: string; status: 'accepted' | 'rejected' | 'timed-out'; message: string }[];
    }>;
    authenticate(relay: string, authEvent: object): boolean;
    close(): void;
  }
}
