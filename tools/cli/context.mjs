// What a command may need, made on first use: the wasm core, the wallet file, the unlocked keys
// (one passphrase prompt per run), the signed API client and the node's network.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadCore } from '../../wasm/load-node.mjs';
import { NodeApi } from './api.mjs';
import { CliError } from './errors.mjs';
import { Prompter } from './prompt.mjs';
import { openWallet, readWallet } from './wallet-file.mjs';
import { walletKeys } from './wallet-keys.mjs';

export const defaultWalletFile = () => join(homedir(), '.flash', 'wallet.json');
export const defaultNodeUrl = 'http://127.0.0.1:8080';

export class Context {
  /** `options`: the global options {wallet, node, json}; `io`: {stdin, stdout, stderr, env}. */
  constructor(options, io) {
    this.walletFile = resolve(options.wallet ?? defaultWalletFile());
    this.nodeUrl = options.node ?? defaultNodeUrl;
    this.json = Boolean(options.json);
    this.io = io;
    this.prompter = new Prompter(io);
    this.cache = new Map();
  }

  once(name, make) {
    if (!this.cache.has(name)) this.cache.set(name, make());
    return this.cache.get(name);
  }

  core() {
    return this.once('core', async () => {
      try {
        return await loadCore();
      } catch (error) {
        if (error.code === 'ENOENT' || error.code === 'ERR_MODULE_NOT_FOUND')
          throw new CliError('the wasm core is not built: run "cmake --preset wasm && cmake --build --preset wasm" ' +
                             '(or point FLASH_CORE_DIR at a directory with flash-core.mjs and flash-core.wasm)');
        throw error;
      }
    });
  }

  wallet() { return this.once('wallet', () => readWallet(this.walletFile)); }

  /** The keys of the wallet, after asking for its passphrase. */
  keys() {
    return this.once('keys', async () => {
      const [core, record] = [await this.core(), await this.wallet()];
      const keys = walletKeys(core, openWallet(core, record, await this.prompter.passphrase()));
      if (keys.nostrPubkey !== record.nostr_pubkey) throw new CliError(`${this.walletFile}: the stored public key does not match the words`);
      return keys;
    });
  }

  /** The API client; signing (the default) unlocks the wallet. */
  async api({ signed = true } = {}) {
    const core = await this.core();
    return new NodeApi({ baseUrl: this.nodeUrl, core, secretKey: signed ? (await this.keys()).nostrSecret : null });
  }

  /** GET /api/v1/info (unauthenticated). */
  info() { return this.once('info', async () => (await this.api({ signed: false })).get('/api/v1/info', { auth: false })); }

  async network() {
    const { network } = await this.info();
    if (!['mainnet', 'testnet', 'signet', 'regtest'].includes(network)) throw new CliError(`the node reports an unknown network "${network}"`);
    return network;
  }
}
