// core/lightning through the flash-core ES module, against independent implementations: LNURL
// bech32 from @scure/base, invoices written here with @scure/base + @noble/curves (a minimal
// BOLT 11 writer: p, s, h, 9 fields), metadata hashes from node:crypto. Walks the PWA's
// "pay a lightning address" flow with the fetches replaced by strings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bech32 } from '@scure/base';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { loadCore } from '../../wasm/load-node.mjs';

const core = await loadCore();
const vectors = process.env.FLASH_VECTORS_DIR ?? new URL('../../../shared/vectors/', import.meta.url).pathname;
const hex = (u8) => Buffer.from(u8).toString('hex');
const sha256 = (data) => createHash('sha256').update(data).digest();

/** 8-bit bytes to 5-bit words, zero-padded (BOLT 11's signing data and field data). */
function toWordsPadded(bytes) {
  const words = [];
  let acc = 0;
  let bits = 0;
  for (const b of bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) { bits -= 5; words.push((acc >> bits) & 31); }
  }
  if (bits > 0) words.push((acc << (5 - bits)) & 31);
  return words;
}
function wordsToBytesPadded(words) {
  const out = [];
  let acc = 0;
  let bits = 0;
  for (const w of words) {
    acc = ((acc << 5) | w) & 0xffff;
    bits += 5;
    if (bits >= 8) { bits -= 8; out.push((acc >> bits) & 255); }
  }
  if (bits > 0) out.push((acc << (8 - bits)) & 255);
  return Uint8Array.from(out);
}

/** A BOLT 11 invoice signed with `key`: hrp "lnbc<amount>", timestamp, p, s, h, features 8+14. */
function writeInvoice({ amount, descriptionHash, key }) {
  const field = (type, data) => [type, data.length >> 5, data.length & 31, ...data];
  let words = [];
  for (let i = 6, t = 1_700_000_000; i >= 0; i--) words[i] = Math.floor(t / 32 ** (6 - i)) % 32;
  words = [...words,
    ...field(1, toWordsPadded(sha256('preimage'))),
    ...field(16, toWordsPadded(sha256('secret'))),
    ...field(23, toWordsPadded(descriptionHash)),
    ...field(5, [16, 8, 0])];
  const hrp = `lnbc${amount}`;
  const digest = sha256(Buffer.concat([Buffer.from(hrp), wordsToBytesPadded(words)]));
  const recovered = secp256k1.sign(digest, key, { prehash: false, format: 'recovered' });  // recid || r || s
  const signature = Uint8Array.from([...recovered.subarray(1), recovered[0]]);
  return bech32.encode(hrp, [...words, ...toWordsPadded(signature)], false);
}

test('LNURL bech32 agrees with @scure/base both ways', () => {
  const url = 'https://service.com/api?q=3fc3645b439ce8e7f2553a69e5267081d96dcd340693afabe04be7b0ccd178df';
  const scure = bech32.encode('lnurl', bech32.toWords(new TextEncoder().encode(url)), false);
  assert.equal(core.lnurlEncode(url), scure.toUpperCase());
  assert.deepEqual(core.lnurlDecode(scure), { type: 'lnurl', url, host: 'service.com', tag: null });
  const { prefix, words } = bech32.decode(core.lnurlEncode(url).toLowerCase(), false);
  assert.equal(prefix, 'lnurl');
  assert.equal(new TextDecoder().decode(Uint8Array.from(bech32.fromWords(words))), url);
  assert.throws(() => core.lnurlDecode(scure.slice(0, 10) + scure.slice(10).toUpperCase()), { code: 'bad_bech32' });
  assert.throws(() => core.lnurlEncode('http://service.com/'), { code: 'bad_lnurl' });
});

test('decodeBolt11 reads every valid BOLT 11 example as the vector file states', async () => {
  const file = JSON.parse(await readFile(join(vectors, 'bolt11/bolt11-test-vectors.json'), 'utf8'));
  for (const v of file.valid) {
    const invoice = core.decodeBolt11(v.invoice);
    assert.equal(invoice.paymentHash, v.expected.payment_hash, v.title);
    assert.equal(invoice.amountMsat, v.expected.amount_msat, v.title);
    assert.equal(invoice.timestamp, v.expected.timestamp, v.title);
    assert.equal(invoice.payee, v.expected.payee_node_id ?? v.expected.recovered_with_transmitted_recid, v.title);
  }
  for (const v of file.invalid) assert.throws(() => core.decodeBolt11(v.invoice), (e) => typeof e.code === 'string', v.title);
});

test('an invoice written with @noble/curves decodes with its payee and hash', () => {
  const key = secp256k1.utils.randomSecretKey();
  const descriptionHash = sha256('anything');
  const text = writeInvoice({ amount: '210n', descriptionHash, key });
  const invoice = core.decodeBolt11(text);
  assert.equal(invoice.amountMsat, 21_000);
  assert.equal(invoice.payee, hex(secp256k1.getPublicKey(key, true)));
  assert.equal(invoice.descriptionHash, hex(descriptionHash));
  assert.deepEqual(invoice.features, [8, 14]);
});

test('paying a lightning address: target, payRequest, callback, checked invoice', () => {
  const target = core.parsePaymentTarget(' Bob@Flash.Example ');
  assert.deepEqual(target, { type: 'lightningAddress', address: 'bob@flash.example', url: 'https://flash.example/.well-known/lnurlp/bob', host: 'flash.example' });

  // What GET target.url answers.
  const metadata = JSON.stringify([['text/plain', 'Pay bob ☕'], ['text/identifier', 'bob@flash.example']]);
  const payRequest = JSON.stringify({ tag: 'payRequest', callback: 'https://flash.example/lnurl/pay/bob?v=1',
                                      minSendable: 1000, maxSendable: 1e8, metadata, commentAllowed: 20 });
  const offer = core.parsePayRequest(payRequest, true);
  assert.equal(offer.text, 'Pay bob ☕');
  assert.equal(offer.identifier, 'bob@flash.example');
  assert.equal(offer.metadata, metadata);
  assert.equal(offer.minSendable, 1000);

  const callback = new URL(core.lnurlPayCallback(payRequest, 21_000, 'for coffee & cake'));
  assert.equal(callback.origin + callback.pathname, 'https://flash.example/lnurl/pay/bob');
  assert.equal(callback.searchParams.get('v'), '1');
  assert.equal(callback.searchParams.get('amount'), '21000');
  assert.equal(callback.searchParams.get('comment'), 'for coffee & cake');
  assert.throws(() => core.lnurlPayCallback(payRequest, 999, ''), { code: 'bad_argument' });
  assert.throws(() => core.lnurlPayCallback(payRequest, 21_000.5, ''), { code: 'bad_argument' });

  // What GET callback answers: an invoice committing to sha256(metadata), for 21000 msat.
  const key = secp256k1.utils.randomSecretKey();
  const pr = writeInvoice({ amount: '210n', descriptionHash: sha256(metadata), key });
  const paid = core.verifyLnurlPayInvoice(payRequest, 21_000, JSON.stringify({ pr, routes: [], successAction: { tag: 'message', message: 'Thanks!' } }));
  assert.equal(paid.pr, pr);
  assert.equal(paid.invoice.payee, hex(secp256k1.getPublicKey(key, true)));
  assert.deepEqual(paid.successAction, { tag: 'message', message: 'Thanks!' });

  // The two checks LUD-06 requires, and a service's refusal.
  const otherMetadata = writeInvoice({ amount: '210n', descriptionHash: sha256(metadata + ' '), key });
  assert.throws(() => core.verifyLnurlPayInvoice(payRequest, 21_000, JSON.stringify({ pr: otherMetadata, routes: [] })), { code: 'invoice_mismatch' });
  const otherAmount = writeInvoice({ amount: '220n', descriptionHash: sha256(metadata), key });
  assert.throws(() => core.verifyLnurlPayInvoice(payRequest, 21_000, JSON.stringify({ pr: otherAmount, routes: [] })), { code: 'invoice_mismatch' });
  assert.throws(() => core.verifyLnurlPayInvoice(payRequest, 21_000, JSON.stringify({ status: 'ERROR', reason: 'wallet offline' })),
                (e) => e.code === 'service_error' && e.message.includes('wallet offline'));
});

test('LUD-10 aes success action decrypts with the preimage', () => {
  const preimage = randomBytes(32);
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', preimage, iv);
  const ciphertext = Buffer.concat([cipher.update('PIN 4242'), cipher.final()]);
  const action = JSON.stringify({ tag: 'aes', description: 'Your code', ciphertext: ciphertext.toString('base64'), iv: iv.toString('base64') });
  assert.equal(core.decryptSuccessAction(action, hex(preimage)), 'PIN 4242');
  assert.throws(() => core.decryptSuccessAction(JSON.stringify({ tag: 'message', message: 'x' }), hex(preimage)), { code: 'bad_argument' });
});

test('parsePaymentTarget: unified QR, LUD-17 links, withdraw flow, unknown text', () => {
  const unified = core.parsePaymentTarget('bitcoin:BC1QCR8TE4KR609GCAWUTMRZA0J4XV80JY8Z306FYU?amount=0.0001&label=Coffee');
  assert.equal(unified.type, 'onchain');
  assert.equal(unified.address, 'bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu');
  assert.equal(unified.network, 'mainnet');
  assert.equal(unified.amountSat, 10_000);

  const link = core.parsePaymentTarget('lnurlw://card.example/ln?p=AB&c=CD');
  assert.deepEqual(link, { type: 'lnurl', url: 'https://card.example/ln?p=AB&c=CD', host: 'card.example', tag: 'withdrawRequest' });
  const withdraw = JSON.stringify({ tag: 'withdrawRequest', callback: 'https://card.example/cb', k1: 'k1-1',
                                    defaultDescription: 'Card', minWithdrawable: 1000, maxWithdrawable: 50_000 });
  assert.equal(core.parseWithdrawRequest(withdraw).k1, 'k1-1');
  const pr = writeInvoice({ amount: '210n', descriptionHash: sha256('x'), key: secp256k1.utils.randomSecretKey() });
  const url = new URL(core.lnurlWithdrawCallback(withdraw, pr));
  assert.equal(url.searchParams.get('k1'), 'k1-1');
  assert.equal(url.searchParams.get('pr'), pr);
  core.checkLnurlStatus('{"status":"OK"}');
  assert.throws(() => core.checkLnurlStatus('{"status":"ERROR","reason":"used"}'), { code: 'service_error' });

  assert.throws(() => core.parsePaymentTarget('hello'), { code: 'unknown_payment_target' });
});
