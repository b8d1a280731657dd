// The flash-core ES module under Node, checked against independent implementations
// (node:crypto, @noble/curves) rather than against itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { schnorr } from '@noble/curves/secp256k1.js';
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
