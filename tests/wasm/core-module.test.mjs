// The flash-core ES module under Node, checked against independent implementations
// (node:crypto, @noble/curves) rather than against itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac, randomBytes, scryptSync } from 'node:crypto';
import { schnorr } from '@noble/curves/secp256k1.js';
import { bech32 } from '@scure/base';
import * as nip49 from 'nostr-tools/nip49';
import { loadCore } from '../../wasm/load-node.mjs';

const core = await loadCore();
const bytes = (hex) => Uint8Array.from(Buffer.from(hex, 'hex'));
const hex = (u8) => Buffer.from(u8).toString('hex');

test('hashes agree with node:crypto', () => {
  for (const size of [0, 1, 55, 64, 1024, 100_000]) {
    const data = randomBytes(size);
    assert.equal(hex(core.sha256(data)), createHash('sha256').update(data).digest('hex'));
    assert.equal(hex(core.sha512(data)), createHash('sha512').update(data).digest('hex'));
    assert.equal(hex(core.hmacSha256(data.subarray(0, 32), data)),
                 createHmac('sha256', data.subarray(0, 32)).update(data).digest('hex'));
  }
});

test('BIP-340 signatures are byte-identical to @noble/curves and cross-verify', () => {
  for (let i = 0; i < 20; i++) {
    const secret = schnorr.utils.randomSecretKey();
    const message = randomBytes(i * 7);
    const aux = randomBytes(32);
    const pub = core.xonlyPublicKey(secret);
    assert.equal(hex(pub), hex(schnorr.getPublicKey(secret)));
    const signature = core.schnorrSign(secret, message, aux);
    assert.equal(hex(signature), hex(schnorr.sign(message, secret, aux)));
    assert.ok(schnorr.verify(signature, message, pub));
    assert.ok(core.schnorrVerify(pub, message, signature));
    signature[5] ^= 1;
    assert.equal(core.schnorrVerify(pub, message, signature), false);
  }
});

test('random bytes differ between calls and have the requested length', () => {
  const a = core.randomBytes(32);
  const b = core.randomBytes(32);
  assert.equal(a.length, 32);
  assert.notEqual(hex(a), hex(b));
});

test('scrypt agrees with node:crypto', () => {
  for (const [logN, r, p, length] of [[1, 1, 1, 16], [10, 8, 1, 32], [14, 8, 2, 64]]) {
    const password = randomBytes(11);
    const salt = randomBytes(16);
    assert.equal(hex(core.scrypt(password, salt, logN, r, p, length)),
                 hex(scryptSync(password, salt, length, { N: 2 ** logN, r, p, maxmem: 256 * 2 ** 20 })));
  }
  assert.throws(() => core.scrypt(new Uint8Array(1), new Uint8Array(1), 0, 8, 1, 32), { code: 'bad_length' });
});

// NIP-49 is scrypt + XChaCha20-Poly1305 (key-security byte as associated data), so nostr-tools'
// ncryptsec checks both primitives: open theirs with ours, and seal one that they open.
test('XChaCha20-Poly1305 and scrypt open and make NIP-49 payloads of nostr-tools', () => {
  const secret = schnorr.utils.randomSecretKey();
  const password = 'correct horse';
  const payload = (ncryptsec) => Uint8Array.from(bech32.fromWords(bech32.decode(ncryptsec, 200).words));
  const passwordBytes = new TextEncoder().encode(password.normalize('NFKC'));

  const theirs = payload(nip49.encrypt(secret, password, 4, 1));
  const [logN, salt, nonce, aad, sealed] = [theirs[1], theirs.subarray(2, 18), theirs.subarray(18, 42),
                                            theirs.subarray(42, 43), theirs.subarray(43)];
  const key = core.scrypt(passwordBytes, salt, logN, 8, 1, 32);
  assert.equal(hex(core.xchacha20Poly1305Open(key, nonce, aad, sealed)), hex(secret));
  const tampered = Uint8Array.from(sealed);
  tampered[0] ^= 1;
  assert.throws(() => core.xchacha20Poly1305Open(key, nonce, aad, tampered), { code: 'decrypt_failed' });
  assert.throws(() => core.xchacha20Poly1305Open(key, nonce, Uint8Array.of(2), sealed), { code: 'decrypt_failed' });

  const ourNonce = randomBytes(24);
  const ours = core.xchacha20Poly1305Seal(key, ourNonce, aad, secret);
  assert.equal(ours.length, 32 + 16);
  const ncryptsec = bech32.encode('ncryptsec', bech32.toWords(Uint8Array.from([2, logN, ...salt, ...ourNonce, ...aad, ...ours])), 200);
  assert.equal(hex(nip49.decrypt(ncryptsec, password)), hex(secret));
  assert.throws(() => core.xchacha20Poly1305Seal(key, randomBytes(12), aad, secret), { code: 'bad_length' });
});

test('bad input surfaces as a JS Error with the core error code', () => {
  assert.throws(() => core.xonlyPublicKey(new Uint8Array(32)), { code: 'bad_secret_key' });
  assert.throws(() => core.xonlyPublicKey(new Uint8Array(31).fill(1)), { code: 'bad_length' });
  assert.throws(() => core.sha256('not bytes'), { code: 'bad_argument' });
  assert.throws(() => core.schnorrVerify([1, 2, 3], new Uint8Array(32), new Uint8Array(64)), { code: 'bad_argument' });
  const order = bytes('fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141');
  assert.throws(() => core.schnorrSign(order, new Uint8Array(32), new Uint8Array(32)), { code: 'bad_secret_key' });
  assert.throws(() => core.ecdhSharedX(bytes('01'.padStart(64, '0')), bytes('02' + '00'.repeat(32))),
                { code: 'bad_public_key' });
});
