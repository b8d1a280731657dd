// @cashu/cashu-ts 4.x, an independent Cashu wallet, against flash-node's mint: mint, send and
// receive, check state, melt with fee return, P2PK, restore from a seed, the NUT-17 WebSocket
// quote subscription, the Cashu error format, and 50 clients racing to spend the same proofs.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import {
  Wallet, Mint, MintQuoteState, MeltQuoteState, CheckStateEnum, OutputData,
  getEncodedToken, getDecodedToken, hasValidDleq, sumProofs, injectWebSocketImpl,
} from '@cashu/cashu-ts';
import WebSocket from 'ws';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex, randomBytes } from '@noble/hashes/utils.js';
import { startNode, stopAll } from './support/flash-node.mjs';

// Node 20 has no global WebSocket: cashu-ts' NUT-17 client takes the `ws` package.
injectWebSocketImpl(WebSocket);

let node, mintUrl;
const seed = randomBytes(64);

before(async () => {
  node = await startNode({ config: { mint: { input_fee_ppk: 100 }, lightning: { fake_settle_ms: 300 } } });
  mintUrl = node.httpUrl.replace(/\/$/, '');
});
after(stopAll);

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const total = (proofs) => Number(sumProofs(proofs).toString());

async function walletFor(options = {}) {
  const wallet = new Wallet(mintUrl, { unit: 'sat', requireSigDleq: true, ...options });
  await wallet.loadMint();
  return wallet;
}

/** Mints `amount` sats into `wallet` (the fake backend pays the invoice after 300 ms). */
async function fund(wallet, amount) {
  const quote = await wallet.createMintQuoteBolt11(amount);
  assert.equal(quote.state, MintQuoteState.UNPAID);
  assert.match(quote.request, /^lnbcrt/);
  for (let i = 0; i < 50 && (await wallet.checkMintQuoteBolt11(quote.quote)).state !== MintQuoteState.PAID; i++) {
    await sleep(100);
  }
  return wallet.mintProofsBolt11(amount, quote.quote);
}

// cashu-ts v4 amounts are Amount objects that serialise as strings; the wire wants integers.
const wire = (items) => items.map((item) => ({ ...item, amount: Number(item.amount.toString()) }));

async function postJson(path, body) {
  const response = await fetch(mintUrl + path, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

test('info advertises the NUTs the mint implements', async () => {
  const info = await new Mint(mintUrl).getInfo();
  assert.equal(info.name, 'Flash mint');
  for (const nut of ['7', '8', '9', '10', '11', '12', '17', '20']) assert.ok(info.nuts[nut], `NUT-${nut}`);
  assert.equal(info.nuts['4'].disabled, false);
  assert.equal(info.nuts['4'].methods[0].method, 'bolt11');
});

test('mint, send, receive and check state, with DLEQ on every signature and input fees', async () => {
  const alice = await walletFor({ bip39seed: seed });
  const keyset = alice.getKeyset();
  assert.equal(keyset.input_fee_ppk ?? keyset.fee, 100);
  const proofs = await fund(alice, 1000);
  assert.equal(total(proofs), 1000);
  for (const proof of proofs) assert.ok(hasValidDleq(proof, alice.getKeyset(proof.id)), 'DLEQ with r');

  const { keep, send } = await alice.send(100, proofs, { includeFees: true });
  const token = getEncodedToken({ mint: mintUrl, proofs: send });
  assert.match(token, /^cashuB/);
  const decoded = getDecodedToken(token, [keyset.id]);
  assert.equal(total(decoded.proofs), total(send));

  const bob = await walletFor();
  const received = await bob.receive(token);
  assert.equal(total(received), 100);
  // Alice paid the fee of her swap, Bob the fee of his; nothing else is lost.
  assert.ok(total(keep) >= 1000 - 100 - 2 * Math.ceil((proofs.length * 100) / 1000) - 2);

  const states = await alice.checkProofsStates(send);
  assert.ok(states.every((s) => s.state === CheckStateEnum.SPENT));
  const keepStates = await alice.checkProofsStates(keep);
  assert.ok(keepStates.every((s) => s.state === CheckStateEnum.UNSPENT));

  // Spending again is refused in the Cashu error format.
  const outputs = OutputData.createRandomData(total(send) - 1, alice.getKeyset()).map((o) => o.blindedMessage);
  const again = await postJson('/v1/swap', { inputs: wire(send), outputs: wire(outputs) });
  assert.equal(again.status, 400);
  assert.equal(again.body.code, 11001);
  assert.equal(typeof again.body.detail, 'string');
});

test('melt pays an invoice and returns the unused fee reserve (NUT-08)', async () => {
  const alice = await walletFor();
  const proofs = await fund(alice, 500);
  const bob = await walletFor();
  const bobQuote = await bob.createMintQuoteBolt11(200);

  const meltQuote = await alice.createMeltQuoteBolt11(bobQuote.request);
  assert.equal(Number(meltQuote.amount), 200);
  assert.equal(Number(meltQuote.fee_reserve), 2);
  const needed = Number(meltQuote.amount) + Number(meltQuote.fee_reserve);
  const { keep, send } = await alice.send(needed, proofs, { includeFees: true });
  const result = await alice.meltProofsBolt11(meltQuote, send);
  assert.equal(result.quote.state, MeltQuoteState.PAID);
  // The fake backend settles its own invoices without routing fee: the whole reserve comes back.
  assert.equal(total(result.change), 2);
  assert.equal((await alice.checkMeltQuoteBolt11(meltQuote.quote)).state, MeltQuoteState.PAID);

  // Bob's invoice was paid by the melt, so Bob can mint.
  assert.equal((await bob.checkMintQuoteBolt11(bobQuote.quote)).state, MintQuoteState.PAID);
  assert.equal(total(await bob.mintProofsBolt11(200, bobQuote.quote)), 200);
  assert.ok(total(keep) > 0);
});

test('P2PK: a token locked to Bob needs Bob\'s key', async () => {
  const alice = await walletFor();
  const proofs = await fund(alice, 300);
  const bobKey = secp256k1.utils.randomSecretKey();
  const bobPub = bytesToHex(secp256k1.getPublicKey(bobKey, true));
  const { send } = await alice.ops.send(64, proofs).asP2PK({ pubkey: bobPub }).includeFees().run();
  const token = getEncodedToken({ mint: mintUrl, proofs: send });

  const eve = await walletFor();
  await assert.rejects(eve.receive(token));
  const bob = await walletFor();
  const received = await bob.receive(token, { privkey: bytesToHex(bobKey) });
  assert.equal(total(received), 64);
});

test('restore from the seed finds the unspent proofs again (NUT-09, NUT-13)', async () => {
  const restoredWallet = await walletFor({ bip39seed: seed });
  const { proofs } = await restoredWallet.batchRestore(50, 50);
  assert.ok(proofs.length > 0);
  const states = await restoredWallet.checkProofsStates(proofs);
  const unspent = proofs.filter((_, i) => states[i].state === CheckStateEnum.UNSPENT);
  assert.ok(total(unspent) > 0);
});

test('the NUT-17 WebSocket tells when a mint quote is paid', async () => {
  const wallet = await walletFor();
  const quote = await wallet.createMintQuoteBolt11(21);
  const paid = await wallet.on.onceMintPaid(quote.quote, { timeoutMs: 10_000 });
  assert.equal(paid.state, MintQuoteState.PAID);
  assert.equal(total(await wallet.mintProofsBolt11(21, quote.quote)), 21);
});

test('malformed requests get 400 with a Cashu error, unknown paths 404', async () => {
  for (const [path, body] of [
    ['/v1/swap', '{not json'],
    ['/v1/swap', { inputs: 'x', outputs: [] }],
    ['/v1/mint/quote/bolt11', { amount: -1, unit: 'sat' }],
    ['/v1/melt/quote/bolt11', { request: 'lnbc1garbage', unit: 'sat' }],
    ['/v1/checkstate', { Ys: ['zz'] }],
  ]) {
    const answer = await postJson(path, body);
    assert.equal(answer.status, 400, `${path} ${JSON.stringify(body)}`);
    assert.equal(typeof answer.body.code, 'number');
    assert.equal(typeof answer.body.detail, 'string');
  }
  const missing = await fetch(`${mintUrl}/v1/nothing`);
  assert.equal(missing.status, 404);
});

test('50 clients swapping the same proofs at once: exactly one succeeds', async () => {
  const wallet = await walletFor();
  const proofs = await fund(wallet, 64);
  const keyset = wallet.getKeyset();
  const fee = Math.ceil((proofs.length * 100) / 1000);
  const attempts = Array.from({ length: 50 }, () =>
    postJson('/v1/swap', {
      inputs: wire(proofs),
      outputs: wire(OutputData.createRandomData(64 - fee, keyset).map((o) => o.blindedMessage)),
    }));
  const answers = await Promise.all(attempts);
  const ok = answers.filter((a) => a.status === 200);
  assert.equal(ok.length, 1);
  for (const refused of answers.filter((a) => a.status !== 200)) {
    assert.equal(refused.status, 400);
    assert.equal(refused.body.code, 11001);
  }
  const states = await wallet.checkProofsStates(proofs);
  assert.ok(states.every((s) => s.state === CheckStateEnum.SPENT));
});
