// The wallet's keys, in the core's worker. vault.json (on IDBFS) holds the BIP-39
// phrase sealed under the passphrase (wasm/sealed-secret.mjs) and the NOSTR key as NIP-49
// ncryptsec, next to public facts. Unlocking opens the phrase; locking wipes what was opened.
import { isSealedSecret, openSecret, sealSecret } from '@wasm/sealed-secret.mjs';
import { dir, fail, guarded, hex, loadCore, now, sync, wasm } from './runtime.ts';
import { vaultLogN, type Identity, type Network, type PaymentTarget, type PsbtSummary, type SignedPsbt } from './types.ts';

const vaultPath = `${dir}/vault.json`;
const vaultFormat = 'flash-web-vault';
const context = 'flash-web-vault v1';
/** NIP-49 key security byte 2: the client does not know whether the key was ever stored unencrypted. */
const ncryptsecKeySecurity = 2;

interface Vault {
  format: typeof vaultFormat;
  version: 1;
  created_at: number;
  words: number;
  nostr_pubkey: string;
  mnemonic: unknown;
  nostr_key: string;
}

interface Unlocked {
  mnemonic: string;
  seed: Uint8Array;
  secretKey: Uint8Array;
  identity: Identity;
}

let unlocked: Unlocked | null = null;
/** Called with no argument when the wallet locks (the parts that hold keys close then). */
const lockListeners: (() => void)[] = [];

export function onLock(listener: () => void): void {
  lockListeners.push(listener);
}

/** The opened wallet's keys; CoreError 'locked' when it is not open. */
export function keys(): Unlocked {
  if (!unlocked) throw fail('locked', 'the wallet is locked');
  return unlocked;
}

function readVault(): Vault | null {
  let text: string;
  try {
    text = wasm().FS.readFile(vaultPath, { encoding: 'utf8' });
  } catch {
    return null;
  }
  return parseVault(text);
}

function parseVault(text: string): Vault {
  let vault: Vault;
  try {
    vault = JSON.parse(text);
  } catch {
    throw fail('bad_backup', 'not JSON');
  }
  const valid = vault?.format === vaultFormat && vault.version === 1 && /^[0-9a-f]{64}$/.test(vault.nostr_pubkey) &&
    Number.isInteger(vault.words) && isSealedSecret(vault.mnemonic) && typeof vault.nostr_key === 'string' &&
    vault.nostr_key.startsWith('ncryptsec1');
  if (!valid) throw fail('bad_backup', `not a ${vaultFormat} version 1`);
  return vault;
}

/** The stored vault; CoreError 'no_wallet' when there is none. */
function storedVault(): Vault {
  const vault = readVault();
  if (!vault) throw fail('no_wallet', 'there is no wallet on this device');
  return vault;
}

/** The phrase sealed in `vault`; CoreError 'wrong_passphrase' when `passphrase` does not open it. */
function openPhrase(vault: Vault, passphrase: string): string {
  return guarded(() => {
    let plain: Uint8Array;
    try {
      plain = openSecret(wasm(), vault.mnemonic, passphrase, { context });
    } catch (error) {
      if ((error as { code?: string }).code === 'decrypt_failed') throw fail('wrong_passphrase', 'wrong passphrase');
      throw error;
    }
    try {
      return new TextDecoder().decode(plain);
    } finally {
      plain.fill(0);
    }
  });
}

/** Opens the phrase of `vault` and checks that the vault's NOSTR key is the phrase's. */
function openVault(vault: Vault, passphrase: string): Identity {
  const identity = guarded(() => open(vaultApi.checkMnemonic(openPhrase(vault, passphrase))));
  if (identity.nostrPubkey !== vault.nostr_pubkey) {
    vaultApi.lock();
    throw fail('bad_backup', 'the NOSTR key does not belong to the phrase');
  }
  return identity;
}

async function writeVault(vault: Vault): Promise<void> {
  wasm().FS.writeFile(`${vaultPath}.tmp`, JSON.stringify(vault));
  wasm().FS.rename(`${vaultPath}.tmp`, vaultPath);
  await sync(false);
}

/** Opens `mnemonic` (already checked) as the unlocked wallet. */
function open(mnemonic: string): Identity {
  const { secretKey, publicKey } = wasm().nip06Key(mnemonic, '', 0);
  const identity = { nostrPubkey: hex(publicKey), npub: wasm().nip19Encode(JSON.stringify({ type: 'npub', data: hex(publicKey) })), words: mnemonic.split(' ').length };
  unlocked = { mnemonic, seed: wasm().mnemonicToSeed(mnemonic, ''), secretKey, identity };
  return identity;
}

/** The phrase as the core wants it: NFKD, lower case, single spaces. */
const normalise = (mnemonic: string) => mnemonic.normalize('NFKD').trim().toLowerCase().split(/\s+/).join(' ');

export const vaultApi = {
  /** Loads the core and the stored files; says whether a wallet exists (locked) on this device. */
  async start(): Promise<{ hasWallet: boolean }> {
    await loadCore();
    return { hasWallet: readVault() !== null };
  },

  generateMnemonic(words: 12 | 24): string {
    return guarded(() => wasm().generateMnemonic(words));
  },

  /** The normalised phrase, or a CoreError (bad_mnemonic, bad_checksum, bad_utf8). */
  checkMnemonic(mnemonic: string): string {
    const phrase = normalise(mnemonic);
    guarded(() => wasm().checkMnemonic(phrase));
    return phrase;
  },

  /** Seals `mnemonic` under `passphrase`, stores it (replacing any wallet) and unlocks it. */
  async createWallet(mnemonic: string, passphrase: string): Promise<Identity> {
    const phrase = vaultApi.checkMnemonic(mnemonic);
    if (!passphrase) throw fail('empty_passphrase', 'the passphrase must not be empty');
    const identity = guarded(() => open(phrase));
    const vault: Vault = guarded(() => ({
      format: vaultFormat,
      version: 1,
      created_at: now(),
      words: identity.words,
      nostr_pubkey: identity.nostrPubkey,
      mnemonic: sealSecret(wasm(), new TextEncoder().encode(phrase), passphrase, { context, logN: vaultLogN }),
      nostr_key: wasm().ncryptsecEncrypt(keys().secretKey, passphrase.normalize('NFKC'), vaultLogN, ncryptsecKeySecurity),
    }));
    await writeVault(vault);
    return identity;
  },

  /** Opens the stored wallet; CoreError 'wrong_passphrase' or 'no_wallet'. */
  unlock(passphrase: string): Identity {
    return openVault(storedVault(), passphrase);
  },

  /** Forgets the opened keys (the stored, sealed wallet stays). */
  lock(): void {
    if (!unlocked) return;
    for (const listener of lockListeners) listener();
    unlocked.seed.fill(0);
    unlocked.secretKey.fill(0);
    unlocked = null;
  },

  isUnlocked(): boolean {
    return unlocked !== null;
  },

  /** The wallet's words, after the passphrase is given again (to write them down). */
  revealMnemonic(passphrase: string): string {
    return openPhrase(storedVault(), passphrase);
  },

  /** The encrypted backup file's text: the vault as stored (nothing in it is readable without the passphrase). */
  exportBackup(): string {
    return JSON.stringify(storedVault(), null, 2);
  },

  /** Replaces this device's wallet by the backup `text` if `passphrase` opens it; unlocks it. */
  async importBackup(text: string, passphrase: string): Promise<Identity> {
    const vault = parseVault(text);
    const identity = openVault(vault, passphrase);
    await writeVault(vault);
    return identity;
  },

  /** Deletes the wallet from this device (after the person confirmed; only a backup or the words bring it back). */
  async forgetWallet(): Promise<void> {
    vaultApi.lock();
    if (wasm().FS.analyzePath(vaultPath).exists) wasm().FS.unlink(vaultPath);
    await sync(false);
  },

  /** A NIP-98 Authorization header for a request to `url`, signed by the wallet's NOSTR key. */
  authHeader(url: string, method: string, body: Uint8Array | null): string {
    return guarded(() => wasm().httpAuthHeader(url, method, body, keys().secretKey, now()));
  },

  /** First receive addresses (for the keys view). */
  addresses(network: Network): { p2wpkh: string; p2tr: string } {
    const { seed } = keys();
    return guarded(() => ({
      p2wpkh: wasm().accountAddress(seed, 'p2wpkh', network, 0, false, 0).address,
      p2tr: wasm().accountAddress(seed, 'p2tr', network, 0, false, 0).address,
    }));
  },

  /** The BIP-84 account key the node watches: {accountKey, fingerprint, path}. */
  accountKey(network: Network, account: number): { accountKey: string; fingerprint: string; path: string } {
    return guarded(() => wasm().accountKey(keys().seed, 'p2wpkh', network, account));
  },

  /** The BIP-84 address at (account, change, index), to check the node's. */
  accountAddress(network: Network, account: number, change: boolean, index: number): string {
    return guarded(() => wasm().accountAddress(keys().seed, 'p2wpkh', network, account, change, index).address);
  },

  psbtSummary(psbt: string, network: Network): PsbtSummary {
    return guarded(() => wasm().psbtSummary(psbt, keys().seed, network));
  },

  signPsbt(psbt: string, network: Network): SignedPsbt {
    return guarded(() => wasm().signPsbt(psbt, keys().seed, network));
  },

  decodeBolt11(text: string): { network: string; amountMsat: number | null; description: string; expiresAt: number } {
    return guarded(() => wasm().decodeBolt11(text));
  },

  parsePaymentTarget(text: string): PaymentTarget {
    return guarded(() => wasm().parsePaymentTarget(text));
  },
};
