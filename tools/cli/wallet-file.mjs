// The wallet file (default ~/.flash/wallet.json): the BIP-39 mnemonic sealed under a passphrase,
// plus public facts (word count, NOSTR public key) that commands can show without it.
//
// The mnemonic's UTF-8 bytes are sealed as wasm/sealed-secret.mjs says (scrypt, XChaCha20-Poly1305)
// with the context "flash-cli-wallet v1".
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { defaultLogN, isSealedSecret, maxLogN, minLogN, openSecret, sealSecret } from '../../wasm/sealed-secret.mjs';
import { CliError } from './errors.mjs';

export { defaultLogN };
export const walletFormat = 'flash-cli-wallet';
const context = 'flash-cli-wallet v1';

/**
 * A new wallet record for `mnemonic` (already checked) sealed under `passphrase`.
 * `nostrPubkey` is the hex NIP-06 public key; `now` unix seconds.
 */
export function sealWallet(core, { mnemonic, passphrase, nostrPubkey, logN = defaultLogN, now }) {
  if (!passphrase) throw new CliError('the passphrase must not be empty');
  if (!Number.isInteger(logN) || logN < minLogN || logN > maxLogN)
    throw new CliError(`--kdf-log-n must be an integer from ${minLogN} to ${maxLogN}`);
  return {
    format: walletFormat,
    version: 1,
    created_at: now,
    words: mnemonic.split(' ').length,
    nostr_pubkey: nostrPubkey,
    mnemonic: sealSecret(core, new TextEncoder().encode(mnemonic), passphrase, { context, logN }),
  };
}

/** The mnemonic of `record`; CliError for a wrong passphrase or a changed file. */
export function openWallet(core, record, passphrase) {
  let plain;
  try {
    plain = openSecret(core, record.mnemonic, passphrase, { context });
    return new TextDecoder().decode(plain);
  } catch (error) {
    if (error.code === 'decrypt_failed') throw new CliError('wrong passphrase (or the wallet file was changed)');
    throw error;
  } finally {
    plain?.fill(0);
  }
}

/** Reads and checks the shape of a wallet file; CliError when it is missing or not one. */
export async function readWallet(file) {
  let text;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (error.code === 'ENOENT') throw new CliError(`no wallet at ${file} (run "flash-cli init" or "flash-cli restore")`);
    throw new CliError(`cannot read ${file}: ${error.message}`);
  }
  let record;
  try {
    record = JSON.parse(text);
  } catch {
    throw new CliError(`${file} is not JSON`);
  }
  const valid = record?.format === walletFormat && record.version === 1 && /^[0-9a-f]{64}$/.test(record.nostr_pubkey) &&
    isSealedSecret(record.mnemonic);
  if (!valid) throw new CliError(`${file} is not a flash-cli wallet (format ${walletFormat} version 1)`);
  return record;
}

/** Writes a new wallet file readable by its owner only; never replaces an existing one. */
export async function createWallet(file, record) {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(record, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
  try {
    await link(temp, file);  // atomic, and fails when the file exists
  } catch (error) {
    if (error.code === 'EEXIST') throw new CliError(`${file} exists already; choose another with --wallet FILE`);
    throw new CliError(`cannot write ${file}: ${error.message}`);
  } finally {
    await unlink(temp);
  }
}
