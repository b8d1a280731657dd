// The Cashu wallet through the flash-core ES module and its JS host (wasm/cashu-wallet.mjs),
// against a small mint written here with @cashu/cashu-ts's mint-side crypto (an independent
// implementation of BDHKE and NUT-12), reached through an injected fetch: no network.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { schnorr } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import {
  createBlindSignature, createDLEQProof, createNewMintKeys, getDecodedToken, getPubKeyFromPrivKey, hashToCurve,
  hasValidDleq, pointFromHex,
} from '@cashu/cashu-ts';
import { loadCore } from '../../wasm/load-node.mjs';
import { CashuWalletError, CashuWalletHost } from '../../wasm/cashu-wallet.mjs';

const core = await loadCore();
const hex = (u8) => Buffer.from(u8).toString('hex');
const MINT = 'https://mint.test';

/** A mint over @cashu/cashu-ts crypto: one sat keyset, auto-paid quotes, swap, P2PK, checkstate, restore. */
function fakeMint({ feePpk = 0 } = {}) {
  const keyset = createNewMintKeys(12, randomBytes(32), { input_fee_ppk: feePpk, unit: 'sat' });
  const id = keyset.keysetId;
  const keys = Object.fromEntries(Object.entries(keyset.pubKeys).map(([amount, key]) => [amount, hex(key)]));
  const quotes = new Map();
  const spent = new Set();
  const signed = new Map();
  const calls = [];
  let next = 1;
  const Y = (secret) => hashToCurve(new TextEncoder().encode(secret)).toHex(true);
  const refuse = (code, detail) => ({ status: 400, json: { detail, code } });
  const sign = (output, amount = output.amount) => {
    const B_ = pointFromHex(output.B_);
    const privkey = keyset.privKeys[amount];
    const dleq = createDLEQProof(B_, privkey);
    const signature = { amount, id, C_: createBlindSignature(B_, privkey, id).C_.toHex(true),
                        dleq: { e: hex(dleq.e), s: hex(dleq.s) } };
    signed.set(output.B_, signature);
    return signature;
  };
  const witnessOk = (proof) => {
    if (!proof.secret.startsWith('["P2PK"')) return true;
    const [, { data }] = JSON.parse(proof.secret);
    const signatures = proof.witness ? JSON.parse(proof.witness).signatures : [];
    const digest = sha256(new TextEncoder().encode(proof.secret));
    return signatures.some((sig) => schnorr.verify(Buffer.from(sig, 'hex'), digest, Buffer.from(data, 'hex').subarray(1)));
  };
  const routes = {
    'GET /v1/info': () => ({ json: { name: 'js fake', nuts: {} } }),
    'GET /v1/keysets': () => ({ json: { keysets: [{ id, unit: 'sat', active: true, input_fee_ppk: feePpk }] } }),
    [`GET /v1/keys/${id}`]: () => ({ json: { keysets: [{ id, unit: 'sat', active: true, input_fee_ppk: feePpk, keys }] } }),
    'POST /v1/mint/quote/bolt11': ({ amount, unit }) => {
      const quote = `q${next++}`;
      quotes.set(quote, { amount, state: 'PAID' });
      return { json: { quote, request: `lnfake${amount}`, amount, unit, state: 'PAID', expiry: null } };
    },
    'POST /v1/mint/bolt11': ({ quote, outputs }) => {
      const q = quotes.get(quote);
      if (q.state === 'ISSUED') return refuse(20002, 'already issued');
      q.state = 'ISSUED';
      return { json: { signatures: outputs.map((output) => sign(output)) } };
    },
    'POST /v1/swap': ({ inputs, outputs }) => {
      for (const proof of inputs) {
        if (spent.has(Y(proof.secret))) return refuse(11001, 'already spent');
        if (!witnessOk(proof)) return refuse(20008, 'witness missing or invalid');
        if (proof.dleq) return refuse(10000, 'the wallet sent r to the mint');
      }
      const fee = Math.ceil((inputs.length * feePpk) / 1000);
      const sum = (list) => list.reduce((total, { amount }) => total + amount, 0);
      if (sum(inputs) - fee !== sum(outputs)) return refuse(11005, 'unbalanced');
      for (const proof of inputs) spent.add(Y(proof.secret));
      return { json: { signatures: outputs.map((output) => sign(output)) } };
    },
    'POST /v1/melt/quote/bolt11': ({ request, unit }) => {
      const quote = `m${next++}`;
      const amount = Number(request.slice('lnfake'.length));
      quotes.set(quote, { amount, state: 'UNPAID' });
      return { json: { quote, request, amount, unit, fee_reserve: 2, state: 'UNPAID', expiry: null } };
    },
    'POST /v1/melt/bolt11': ({ quote, inputs, outputs }) => {
      const q = quotes.get(quote);
      if (inputs.some((proof) => spent.has(Y(proof.secret)))) return refuse(11001, 'already spent');
      const paid = inputs.reduce((total, { amount }) => total + amount, 0) - Math.ceil((inputs.length * feePpk) / 1000);
      if (paid < q.amount + 2) return refuse(11005, 'not enough');
      for (const proof of inputs) spent.add(Y(proof.secret));
      const change = [];
      for (let over = paid - q.amount - 1, bit = 2 ** 20; bit >= 1 && change.length < outputs.length; bit /= 2)
        if (over >= bit) { change.push(sign(outputs[change.length], bit)); over -= bit; }
      q.state = 'PAID';
      return { json: { quote, request: `lnfake${q.amount}`, amount: q.amount, unit: 'sat', fee_reserve: 2, state: 'PAID',
                       expiry: null, payment_preimage: '00'.repeat(32), change } };
    },
    'POST /v1/checkstate': ({ Ys }) => ({ json: { states: Ys.map((y) => ({ Y: y, state: spent.has(y) ? 'SPENT' : 'UNSPENT', witness: null })) } }),
    'POST /v1/restore': ({ outputs }) => {
      const found = outputs.filter((o) => signed.has(o.B_));
      return { json: { outputs: found, signatures: found.map((o) => signed.get(o.B_)) } };
    },
  };
  const fetch = async (url, { method, body }) => {
    const path = url.slice(MINT.length);
    const quoteCheck = method === 'GET' && path.startsWith('/v1/mint/quote/bolt11/');
    calls.push(`${method} ${path}`);
    let answer;
    if (quoteCheck) {
      const quote = path.split('/').pop();
      answer = { json: { quote, request: 'lnfake', amount: quotes.get(quote).amount, unit: 'sat', state: quotes.get(quote).state } };
    } else {
      const route = routes[`${method} ${path}`];
      answer = route ? route(body ? JSON.parse(body) : undefined) : refuse(10000, 'not found');
    }
    return new Response(JSON.stringify(answer.json), { status: answer.status ?? 200 });
  };
  return { fetch, id, keys, calls };
}

let files = 0;
const newWallet = (mint, seed, options = {}) =>
  new CashuWalletHost(core, { path: `/wallet-${files++}.db`, seed, fetch: mint.fetch, pollIntervalMs: 1, ...options });
const balance = (wallet) => wallet.balances().reduce((total, b) => total + BigInt(b.balance), 0n);

test('mint, send with a swap, receive in a second wallet; tokens verify with cashu-ts', async () => {
  const mint = fakeMint({ feePpk: 100 });
  const alice = newWallet(mint, randomBytes(64));
  await alice.addMint(MINT);
  const quote = await alice.createMintQuote(MINT, 100);
  assert.equal(quote.request, 'lnfake100');
  assert.deepEqual(await alice.mint(MINT, quote.quote), { amount: '100' });
  assert.equal(balance(alice), 100n);

  const sent = await alice.send(MINT, 10);
  assert.equal(sent.amount, '10');
  assert.equal(sent.fee, '1');
  assert.equal(balance(alice), 89n);
  const decoded = getDecodedToken(sent.token, [mint.id]);
  assert.equal(decoded.mint, MINT);
  for (const proof of decoded.proofs) assert.ok(hasValidDleq(proof, { id: mint.id, keys: mint.keys }));

  const bob = newWallet(mint, randomBytes(64));
  assert.deepEqual(await bob.receive(sent.token), { mint: MINT, unit: 'sat', amount: '9', fee: '1' });
  assert.equal(balance(bob), 9n);
  await assert.rejects(bob.receive(sent.token), (e) => e instanceof CashuWalletError && e.code === 11001);
  assert.deepEqual(await alice.checkStates(MINT), { checked: '7', spent: '2' });
  assert.deepEqual(alice.history().map((h) => [h.kind, h.state]), [['mint', 'done'], ['send', 'done']]);
  alice.close();
  bob.close();
});

test('P2PK: a locked token needs the receiver key', async () => {
  const mint = fakeMint();
  const alice = newWallet(mint, randomBytes(64));
  await alice.addMint(MINT);
  await alice.mint(MINT, (await alice.createMintQuote(MINT, 64)).quote);
  const privkey = randomBytes(32);
  const { token } = await alice.send(MINT, 16, { p2pk: { pubkey: hex(getPubKeyFromPrivKey(privkey)) } });
  const bob = newWallet(mint, randomBytes(64));
  await assert.rejects(bob.receive(token), (e) => e.kind === 'refused' && e.code === 20008);
  assert.equal((await bob.receive(token, { privkey: hex(privkey) })).amount, '16');
  assert.equal(balance(bob), 16n);
});

test('a lost answer leaves the operation pending; recover() finishes it', async () => {
  const mint = fakeMint();
  let down = false;
  const alice = newWallet(mint, randomBytes(64), {
    fetch: async (url, init) => {
      const answer = await mint.fetch(url, init);  // the mint processes the request ...
      if (down) throw new TypeError('network down');  // ... but the answer is lost
      return answer;
    },
  });
  await alice.addMint(MINT);
  await alice.mint(MINT, (await alice.createMintQuote(MINT, 50)).quote);
  down = true;
  await assert.rejects(alice.send(MINT, 5), (e) => e.kind === 'no-answer');
  assert.equal(alice.pendingOperations().length, 1);
  down = false;
  const [outcome] = await alice.recover();
  assert.equal(outcome.kind, 'send');
  assert.equal(outcome.result.amount, '5');
  assert.ok(mint.calls.includes('POST /v1/restore'));
  assert.equal(balance(alice), 45n);
  assert.equal(alice.pendingOperations().length, 0);
});

test('melt: pay an invoice, get the change back (NUT-08)', async () => {
  const mint = fakeMint();
  const alice = newWallet(mint, randomBytes(64));
  await alice.addMint(MINT);
  await alice.mint(MINT, (await alice.createMintQuote(MINT, 100)).quote);  // 4 + 32 + 64
  const quote = await alice.createMeltQuote(MINT, 'lnfake40');
  assert.equal(quote.amount, '40');
  assert.equal(quote.fee_reserve, '2');
  const melted = await alice.melt(quote.quote);
  assert.equal(melted.paid, true);
  assert.equal(melted.change, '23');  // 64 in, 40 paid, 1 Lightning fee
  assert.equal(balance(alice), 59n);
  assert.deepEqual(alice.history().map((h) => h.kind), ['mint', 'melt']);
});

test('restore from the seed into an empty database', async () => {
  const mint = fakeMint();
  const seed = randomBytes(64);
  const alice = newWallet(mint, seed);
  await alice.addMint(MINT);
  await alice.mint(MINT, (await alice.createMintQuote(MINT, 77)).quote);
  const { token } = await alice.send(MINT, 7);
  await newWallet(mint, randomBytes(64)).receive(token);
  const restored = newWallet(mint, seed);
  await restored.addMint(MINT);
  assert.deepEqual(await restored.restore(MINT), { restored: '4', amount: '70' });  // 1 + 4 + 64 + the change 1
  assert.equal(balance(restored), 70n);
});
