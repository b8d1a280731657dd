// Flash's own Cashu wallet (the wasm core through wasm/cashu-wallet.mjs, with real fetch) against
// a running flash-node mint, and tokens crossing between it and @cashu/cashu-ts in both
// directions: each side decodes the other's token and the decoded tokens must agree.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { Wallet, MintQuoteState, getDecodedToken, getEncodedToken, hasValidDleq } from '@cashu/cashu-ts';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex, randomBytes } from '@noble/hashes/utils.js';
import { loadCore } from '../../wasm/load-node.mjs';
import { CashuWalletError, CashuWalletHost } from '../../wasm/cashu-wallet.mjs';
import { startNode, stopAll } from './support/flash-node.mjs';

const core = await loadCore();
let node, mintUrl;
let walletCount = 0;

before(async () => {
  node = await startNode({ config: { mint: { input_fee_ppk: 100 }, lightning: { fake_settle_ms: 200 } } });
  mintUrl = node.httpUrl.replace(/\/$/, '');
});
after(stopAll);

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const sats = (amount) => Number(amount.toString());

/** A wallet of ours in its own SQLite file (in the wasm module's memory file system). */
function ourWallet(seed = randomBytes(64)) {
  return new CashuWalletHost(core, { path: `/interop-wallet-${walletCount++}.db`, seed, pollIntervalMs: 100, pollTimeoutMs: 10_000 });
}

async function fundOurs(wallet, amount) {
  await wallet.addMint(mintUrl);
  const quote = await wallet.createMintQuote(mintUrl, amount);
  assert.match(quote.request, /^lnbcrt/);
  return wallet.mint(mintUrl, quote.quote);
}

async function cashuTsWallet() {
  const wallet = new Wallet(mintUrl, { unit: 'sat', requireSigDleq: true });
  await wallet.loadMint();
  return wallet;
}

async function fundCashuTs(wallet, amount) {
  const quote = await wallet.createMintQuoteBolt11(amount);
  for (let i = 0; i < 50 && (await wallet.checkMintQuoteBolt11(quote.quote)).state !== MintQuoteState.PAID; i++) await sleep(100);
  return wallet.mintProofsBolt11(amount, quote.quote);
}

/**
 * A decoded token in one shape for both decoders: amounts as numbers, hex lower case, keyset ids
 * as their short form (a cashuB token carries 8 bytes of a v2 id; cashu-ts expands them with the
 * mint's keysets, our decoder keeps them as written and the wallet resolves them on receive).
 */
function normalised({ mint, unit, proofs }) {
  return {
    mint: mint.replace(/\/$/, ''),
    unit,
    proofs: proofs.map((p) => ({
      id: p.id.toLowerCase().slice(0, 16), amount: sats(p.amount), secret: p.secret, C: p.C.toLowerCase(),
      dleq: p.dleq ? { e: p.dleq.e, s: p.dleq.s, r: p.dleq.r } : undefined,
      witness: typeof p.witness === 'string' ? p.witness : p.witness ? JSON.stringify(p.witness) : undefined,
    })),
  };
}

const ourDecode = (token) => JSON.parse(core.decodeCashuToken(token));

test('our wallet mints, sends and receives at flash-node, and its balance follows', async () => {
  const alice = ourWallet();
  const minted = await fundOurs(alice, 500);
  assert.equal(minted.amount, '500');
  assert.deepEqual(alice.balances().map((b) => [b.unit, b.balance]), [['sat', '500']]);

  const sent = await alice.send(mintUrl, 120);
  assert.match(sent.token, /^cashuB/);
  const bob = ourWallet();
  const received = await bob.receive(sent.token);
  assert.ok(Number(received.fee) > 0, 'the mint charges its input fee on the receiving swap');
  assert.equal(sats(received.amount) + sats(received.fee), 120, 'amount is what is kept after the fee');
  assert.equal(bob.balances()[0].balance, received.amount);
  assert.equal(sats(alice.balances()[0].balance), 500 - 120 - Number(sent.fee));

  // The same token again is spent: refused with the mint's code, and nothing changes.
  const before = bob.balances();
  await assert.rejects(bob.receive(sent.token), (e) => e instanceof CashuWalletError && e.code === 11001);
  assert.deepEqual(bob.balances(), before);
  alice.close();
  bob.close();
});

test('a token from our wallet is received by cashu-ts; both decode it the same', async () => {
  const alice = ourWallet();
  await fundOurs(alice, 300);
  const { token } = await alice.send(mintUrl, 64);
  const receiver = await cashuTsWallet();
  const theirs = getDecodedToken(token, [receiver.getKeyset().id]);
  assert.deepEqual(normalised(theirs), normalised(ourDecode(token)));
  for (const proof of theirs.proofs) assert.ok(hasValidDleq(proof, receiver.getKeyset(proof.id)), 'our token keeps DLEQ with r');
  const proofs = await receiver.receive(token);
  assert.equal(proofs.reduce((sum, p) => sum + sats(p.amount), 0), 64 - 1);  // 100 ppk on <= 10 inputs: 1 sat
  alice.close();
});

test('a token from cashu-ts is received by our wallet; both decode it the same', async () => {
  const sender = await cashuTsWallet();
  const proofs = await fundCashuTs(sender, 200);
  const { send } = await sender.send(50, proofs, { includeFees: true });
  const token = getEncodedToken({ mint: mintUrl, proofs: send, unit: 'sat', memo: 'from cashu-ts' });
  const ours = ourDecode(token);
  assert.equal(ours.memo, 'from cashu-ts');
  assert.deepEqual(normalised(ours), normalised(getDecodedToken(token, [sender.getKeyset().id])));

  const bob = ourWallet();
  const received = await bob.receive(token);
  assert.equal(sats(received.amount) + sats(received.fee), send.reduce((sum, p) => sum + sats(p.amount), 0));
  assert.equal(bob.balances()[0].balance, received.amount);
  bob.close();
});

test('P2PK: our wallet locks to a cashu-ts user\'s key, and receives a token cashu-ts locked to ours', async () => {
  const alice = ourWallet();
  await fundOurs(alice, 200);
  const bobKey = secp256k1.utils.randomSecretKey();
  const bobPub = bytesToHex(secp256k1.getPublicKey(bobKey, true));
  const { token } = await alice.send(mintUrl, 32, { p2pk: { pubkey: bobPub } });
  const bob = await cashuTsWallet();
  await assert.rejects(bob.receive(token), 'without the key the mint refuses');
  const proofs = await bob.receive(token, { privkey: bytesToHex(bobKey) });
  assert.equal(proofs.reduce((sum, p) => sum + sats(p.amount), 0), 31);

  const carolKey = secp256k1.utils.randomSecretKey();
  const carolPub = bytesToHex(secp256k1.getPublicKey(carolKey, true));
  const { send } = await bob.ops.send(20, proofs).asP2PK({ pubkey: carolPub }).includeFees(true).run();
  const locked = getEncodedToken({ mint: mintUrl, proofs: send });
  const carol = ourWallet();
  await assert.rejects(carol.receive(locked), (e) => e instanceof CashuWalletError);
  assert.equal(carol.balances().reduce((sum, b) => sum + sats(b.balance), 0), 0, 'a refused receive adds nothing');
  const received = await carol.receive(locked, { privkey: bytesToHex(carolKey) });
  assert.equal(sats(received.amount) + sats(received.fee), send.reduce((sum, p) => sum + sats(p.amount), 0));
  assert.equal(received.amount, '20', 'cashu-ts included the receiver\'s fee');
  assert.equal(carol.balances()[0].balance, received.amount);
  alice.close();
  carol.close();
});

test('our wallet melts to an invoice and gets the unused fee reserve back', async () => {
  const alice = ourWallet();
  await fundOurs(alice, 400);
  const payee = await cashuTsWallet();
  const invoice = await payee.createMintQuoteBolt11(150);
  const quote = await alice.createMeltQuote(mintUrl, invoice.request);
  assert.equal(quote.amount, '150');
  const melted = await alice.melt(quote.quote);
  assert.equal(melted.paid, true);
  const spent = 400 - sats(alice.balances()[0].balance);
  assert.ok(spent >= 150 && spent < 150 + sats(quote.fee_reserve) + 2, `spent ${spent}: the reserve came back as change`);
  assert.equal((await payee.checkMintQuoteBolt11(invoice.quote)).state, MintQuoteState.PAID);
  alice.close();
});

test('restore from the seed finds our wallet\'s proofs again', async () => {
  const seed = randomBytes(64);
  const alice = ourWallet(seed);
  await fundOurs(alice, 77);
  const held = alice.balances()[0].balance;
  alice.close();
  const again = ourWallet(seed);
  await again.addMint(mintUrl);
  const restored = await again.restore(mintUrl);
  assert.equal(restored.amount, held);
  assert.equal(again.balances()[0].balance, held);
  again.close();
});
