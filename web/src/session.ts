// An open wallet: what every screen is given. Closing it (lock, another wallet) aborts `signal`,
// which ends the screens' listeners and polls.
import type { NodeApi, NodeInfo } from './api.ts';
import type { Core } from './core/client.ts';
import type { Identity, Network } from './core/types.ts';

export interface Session {
  core: Core;
  identity: Identity;
  info: NodeInfo;
  network: Network;
  api: NodeApi;
  signal: AbortSignal;
  /** Refreshes balances and history at once (after an action). */
  refreshAccount: () => void;
}
