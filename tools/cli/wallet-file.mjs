// The wallet file (default ~/.flash/wallet.json): the BIP-39 mnemonic sealed under a passphrase,
// plus public facts (word count, NOSTR public key) that commands can show without it.
//
// Encryption: key = scrypt(NFKC(passphrase), salt 16 bytes, N = 2^log_n, r = 8, p = 1, 32 bytes);
// the mnemonic's UTF-8 bytes are sealed with XChaCha20-Poly1305 (24-byte random nonce) with
// the associated data "flash-cli-wallet v1". The scrypt parameters live in the file; any change to
// them, the nonce or the ciphertext makes opening fail. Both primitives run in the wasm core.
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CliError } from './errors.mjs';

export const walletFormat = 'flash-cli-wallet';
/** scrypt cost: 2^16 needs 64 MiB and about 0.6 s in wasm. */
export const defaultLogN = 16;
export const minLogN = 10;
export const maxLogN = 20;
const associatedData = new TextEncoder().encode('flash-cli-wallet v1');
const hex = (bytes) => Buffer.from(bytes).toString('hex');
const fromHex = (text) => Uint8Array.from(Buffer.from(text, 'hex'));

function passphraseKey(core, passphrase, salt, { log_n: logN, r, p }) {
  const bytes = new TextEncoder().encode(passphrase.normalize('NFKC'));
  return core.scrypt(bytes, salt, logN, r, p, 32);
}

/**
 * A new wallet record for `mnemonic` (already checked) sealed under `passphrase`.
 * `nostrPubkey` is the hex NIP-06 public key; `now` unix seconds.
 */
export function sealWallet(core, { mnemonic, passphrase, nostrPubkey, logN = defaultLogN, now }) {
  if (!passphrase) throw new CliError('the passphrase must not be empty');
  if (!Number.isInteger(logN) || logN < minLogN || logN > maxLogN)
    throw new CliError(`--kdf-log-n must be an integer from ${minLogN} to ${maxLogN}`);
  const kdf = { name: 'scrypt', log_n: logN, r: 8, p: 1 };
  const salt = core.randomBytes(16);
  const nonce = core.randomBytes(24);
  const key = passphraseKey(core, passphrase, salt, kdf);
  const sealed = core.xchacha20Poly1305Seal(key, nonce, associatedData, new TextEncoder().encode(mnemonic));
  key.fill(0);
  return {
    format: walletFormat,
    version: 1,
    created_at: now,
    words: mnemonic.split(' ').length,
    nostr_pubkey: nostrPubkey,
    mnemonic: {
      kdf: { ...kdf, salt: hex(salt) },
      cipher: { name: 'xchacha20-poly1305', nonce: hex(nonce) },
      ciphertext: Buffer.from(sealed).toString('base64'),
    },
  };
}

/** The mnemonic of `record`; CliError for a wrong passphrase or a changed file. */
export function openWallet(core, record, passphrase) {
  const { kdf, cipher, ciphertext } = record.mnemonic;
  const key = passphraseKey(core, passphrase, fromHex(kdf.salt), kdf);
  try {
    const plain = core.xchacha20Poly1305Open(key, fromHex(cipher.nonce), associatedData, Buffer.from(ciphertext, 'base64'));
    const mnemonic = new TextDecoder().decode(plain);
    plain.fill(0);
    return mnemonic;
  } catch (error) {
    if (error.code === 'decrypt_failed') throw new CliError('wrong passphrase (or the wallet file was changed)');
    throw error;
  } finally {
    key.fill(0);
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
  const m = record?.mnemonic;
  const valid = record?.format === walletFormat && record.version === 1 && /^[0-9a-f]{64}$/.test(record.nostr_pubkey) &&
    m?.kdf?.name === 'scrypt' && Number.isInteger(m.kdf.log_n) && m.kdf.log_n >= 1 && m.kdf.log_n <= 22 &&
    Number.isInteger(m.kdf.r) && Number.isInteger(m.kdf.p) && /^[0-9a-f]{32}$/.test(m.kdf.salt) &&
    m.cipher?.name === 'xchacha20-poly1305' && /^[0-9a-f]{48}$/.test(m.cipher.nonce) && typeof m.ciphertext === 'string';
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
