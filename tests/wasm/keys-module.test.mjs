// Keys through the flash-core ES module, checked against independent JS implementations:
// @scure/bip39, @scure/bip32, nostr-tools (NIP-06, NIP-49) and @noble/hashes + @scure/base.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateMnemonic, mnemonicToSeedSync, validateMnemonic } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { HDKey } from '@scure/bip32';
import { bech32 } from '@scure/base';
import { sha256 } from '@noble/hashes/sha2.js';
import { ripemd160 } from '@noble/hashes/legacy.js';
import { privateKeyFromSeedWords } from 'nostr-tools/nip06';
import * as nip49 from 'nostr-tools/nip49';
import { loadCore } from '../../wasm/load-node.mjs';

const core = await loadCore();
const hex = (u8) => Buffer.from(u8).toString('hex');
const vectors = process.env.FLASH_VECTORS_DIR ?? new URL('../../../shared/vectors/', import.meta.url).pathname;
const readVector = async (name) => JSON.parse(await readFile(join(vectors, name), 'utf8'));

test('generated mnemonics are valid BIP-39 for @scure/bip39 and seeds agree', () => {
  for (const words of [12, 15, 18, 21, 24]) {
    const mnemonic = core.generateMnemonic(words);
    assert.equal(mnemonic.split(' ').length, words);
    assert.ok(validateMnemonic(mnemonic, wordlist));
    // Passphrases in both Unicode forms: BIP-39 normalises them to NFKD first.
    for (const passphrase of ['', 'TREZOR', 'pässwörd'.normalize('NFC'), 'pässwörd'.normalize('NFD'), 'ﬁ①']) {
      assert.equal(hex(core.mnemonicToSeed(mnemonic, passphrase)), hex(mnemonicToSeedSync(mnemonic, passphrase)));
    }
  }
});

test('mnemonics from @scure/bip39 pass the core check; broken ones fail with the reason', () => {
  const mnemonic = generateMnemonic(wordlist, 128);
  core.checkMnemonic(mnemonic);
  const words = mnemonic.split(' ');
  assert.throws(() => core.checkMnemonic(words.slice(0, 11).join(' ')), { code: 'bad_mnemonic' });
  assert.throws(() => core.checkMnemonic([...words.slice(0, 11), 'flashy'].join(' ')), { code: 'bad_mnemonic' });
  const swapped = [...words.slice(0, 11), words[11] === 'zoo' ? 'zone' : 'zoo'].join(' ');
  if (!validateMnemonic(swapped, wordlist)) assert.throws(() => core.checkMnemonic(swapped), { code: 'bad_checksum' });
  assert.deepEqual(core.mnemonicWordsWithPrefix('zo', 10), wordlist.filter((w) => w.startsWith('zo')));
});

test('BIP-32 derivation agrees with @scure/bip32', () => {
  const seed = mnemonicToSeedSync(generateMnemonic(wordlist, 256));
  for (const path of ['m', "m/0'", "m/84'/0'/0'", "m/84'/0'/0'/0/0", "m/86'/1'/2'/1/7", 'm/1/2/3']) {
    const ours = core.bip32Derive(seed, path);
    const theirs = HDKey.fromMasterSeed(seed).derive(path);
    assert.equal(ours.xprv, theirs.privateExtendedKey, path);
    assert.equal(ours.xpub, theirs.publicExtendedKey, path);
  }
  assert.throws(() => core.bip32Derive(seed, "m/84''"), { code: 'bad_derivation_path' });
});

test('BIP-84 receive addresses agree with hash160 + bech32 from @noble and @scure', () => {
  const seed = mnemonicToSeedSync(generateMnemonic(wordlist, 128));
  const account = HDKey.fromMasterSeed(seed).derive("m/84'/0'/0'");
  for (let index = 0; index < 5; index++) {
    const key = account.deriveChild(0).deriveChild(index).publicKey;
    const program = ripemd160(sha256(key));
    const expected = bech32.encode('bc', [0, ...bech32.toWords(program)]);
    const ours = core.accountAddress(seed, 'p2wpkh', 'mainnet', 0, false, index);
    assert.equal(ours.address, expected);
    assert.equal(ours.path, `m/84'/0'/0'/0/${index}`);
  }
  assert.throws(() => core.accountAddress(seed, 'p2pkh', 'mainnet', 0, false, 0), { code: 'bad_argument' });
});

test('NIP-06 keys agree with nostr-tools', () => {
  for (let account = 0; account < 3; account++) {
    const mnemonic = generateMnemonic(wordlist, 128);
    const ours = core.nip06Key(mnemonic, 'pass', account);
    assert.equal(hex(ours.secretKey), hex(privateKeyFromSeedWords(mnemonic, 'pass', account)));
    assert.equal(hex(ours.publicKey), hex(core.xonlyPublicKey(ours.secretKey)));
  }
});

test('NIP-49 ncryptsec round-trips with nostr-tools in both directions', () => {
  const secret = core.randomBytes(32);
  const password = 'ÅΩẛ̣ correct horse';
  const ours = core.ncryptsecEncrypt(secret, password, 8, 1);
  assert.equal(hex(nip49.decrypt(ours, password)), hex(secret));
  const theirs = nip49.encrypt(secret, password, 8, 2);
  assert.equal(hex(core.ncryptsecDecrypt(theirs, password)), hex(secret));
  assert.throws(() => core.ncryptsecDecrypt(theirs, 'wrong'), { code: 'decrypt_failed' });
  // Another last character (one that differs from the current one, so the test cannot pass by luck).
  const corrupted = theirs.slice(0, -1) + (theirs.at(-1) === 'q' ? 'p' : 'q');
  assert.throws(() => core.ncryptsecDecrypt(corrupted, password), { code: 'bad_checksum' });
});

test('accountKey of the BIP-84 vector mnemonic is the spec zpub with the master fingerprint', async () => {
  const bip84 = await readVector('bitcoin/bip84-test-vectors.json');
  const seed = core.mnemonicToSeed(bip84.mnemonic, '');
  const spec = bip84.entries.find((e) => e.path === "m/84'/0'/0'");
  const ours = core.accountKey(seed, 'p2wpkh', 'mainnet', 0);
  assert.equal(ours.accountKey, spec.xpub);
  assert.equal(ours.path, "m/84'/0'/0'");
  assert.equal(ours.fingerprint, HDKey.fromMasterSeed(seed).fingerprint.toString(16).padStart(8, '0'));
});

test('accountKey on test networks: vpub (SLIP-132) for p2wpkh, tpub for p2tr, coin type 1', () => {
  const seed = mnemonicToSeedSync(generateMnemonic(wordlist, 128));
  const vpub = { private: 0x045f18bc, public: 0x045f1cf6 };
  const tpub = { private: 0x04358394, public: 0x043587cf };
  for (const network of ['regtest', 'testnet', 'signet']) {
    const ours = core.accountKey(seed, 'p2wpkh', network, 2);
    assert.equal(ours.path, "m/84'/1'/2'");
    assert.equal(ours.accountKey, HDKey.fromMasterSeed(seed, vpub).derive("m/84'/1'/2'").publicExtendedKey);
    assert.match(ours.accountKey, /^vpub/);
  }
  const taproot = core.accountKey(seed, 'p2tr', 'regtest', 0);
  assert.equal(taproot.path, "m/86'/1'/0'");
  assert.equal(taproot.accountKey, HDKey.fromMasterSeed(seed, tpub).derive("m/86'/1'/0'").publicExtendedKey);
  assert.throws(() => core.accountKey(seed, 'p2wpkh', 'moon', 0), { code: 'bad_argument' });
  assert.throws(() => core.accountKey(seed, 'p2wpkh', 'mainnet', 0x80000000), { code: 'bad_derivation_path' });
});
