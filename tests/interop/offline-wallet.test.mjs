// Offline eCash between two of our wasm wallets (wasm/cashu-wallet.mjs) and a running flash-node
// mint: A prepares while online and pays B with no network on either side; B judges the token
// with the keysets it cached (offline verdict), queues it, and redeems it once back online.
// @cashu/cashu-ts checks the offline token's DLEQ independently, and plays the double-spending
// sender who redeems the same proofs elsewhere before B is back online.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { Wallet, getDecodedToken, hasValidDleq } from '@cashu/cashu-ts';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex, randomBytes } from '@noble/hashes/utils.js';
import { loadCore } from '../../wasm/load-node.mjs';
import { CashuWalletHost } from '../../wasm/cashu-wallet.mjs';
import { startNode, stopAll } from './support/flash-node.mjs';

const core = await loadCore();
let mintUrl;
let walletCount = 0;

before(async () => {
  const node = await startNode({ config: { mint: { input_fee_ppk: 100 }, lightning: { fake_settle_ms: 200 } } });
  mintUrl = node.httpUrl.replace(/\/$/, '');
});
after(stopAll);

const sats = (amount) => Number(amount.toString());
const nowSeconds = () => Math.floor(Date.now() / 1000);

/**
 * One of our wallets whose network can be cut: while `net.online` is false every fetch fails as
 * a dead connection would, and `net.offlineCalls` counts the attempts (an offline step must make none).
 */
function wallet() {
  const net = { online: true, offlineCalls: 0 };
  const fetchSwitch = async (url, init) => {
    if (!net.online) {
      net.offlineCalls++;
      throw new TypeError('network unreachable');
    }
    return fetch(url, init);
  };
  const host = new CashuWalletHost(core, {
    path: `/offline-wallet-${walletCount++}.db`, seed: randomBytes(64), fetch: fetchSwitch, pollIntervalMs: 100, pollTimeoutMs: 10_000,
  });
  return { host, net };
}

function keyPair() {
  const secret = secp256k1.utils.randomSecretKey();
  return { privkey: bytesToHex(secret), pubkey: bytesToHex(secp256k1.getPublicKey(secret, true)) };
}

async function fund(host, amount) {
  await host.addMint(mintUrl);
  const quote = await host.createMintQuote(mintUrl, amount);
  await host.mint(mintUrl, quote.quote);
}

const balanceOf = (host) => host.balances().reduce((sum, b) => sum + sats(b.balance), 0);

async function cashuTs() {
  const ts = new Wallet(mintUrl, { unit: 'sat' });
  await ts.loadMint();
  return ts;
}

test('A prepares a P2PK lock to B while online, pays B with both offline; B sees locked_to_me and redeems later', async () => {
  const a = wallet();
  const b = wallet();
  const aKey = keyPair();
  const bKey = keyPair();
  await fund(a.host, 500);
  await b.host.addMint(mintUrl);  // B cached the mint's keysets while online

  const locktime = nowSeconds() + 3600;
  const prepared = await a.host.prepareOffline(mintUrl, 64, { p2pk: { pubkey: bKey.pubkey, locktime, refundKeys: [aKey.pubkey] } });
  assert.equal(prepared.amount, '64');
  assert.equal(prepared.locked_to, bKey.pubkey);
  const prepareFee = sats(prepared.fee);
  assert.equal(balanceOf(a.host), 500 - prepareFee);
  assert.equal(sats(a.host.balances()[0].offline), 64);
  assert.ok(a.host.offlineProofs().every((group) => group.locked_to === bKey.pubkey));

  // Both offline from here.
  a.net.online = false;
  b.net.online = false;
  const { token } = a.host.sendOffline(mintUrl, 21, { to: bKey.pubkey });
  assert.match(token, /^cashuB/);

  const verdict = b.host.offlineVerdict(token, { pubkeys: [bKey.pubkey] });
  assert.equal(verdict.verdict, 'locked_to_me');
  assert.deepEqual(verdict.reasons, []);
  assert.equal(verdict.amount, '21');
  assert.ok(sats(verdict.seconds_left) > 3500 && sats(verdict.seconds_left) <= 3600);
  for (const proof of verdict.proofs) {
    assert.equal(proof.dleq_valid, true);
    assert.equal(proof.lock.kind, 'p2pk');
  }
  // Someone else holding the token cannot take it.
  assert.equal(b.host.offlineVerdict(token, { pubkeys: [keyPair().pubkey] }).verdict, 'locked_to_someone_else');

  const receipt = b.host.receiveOffline(token, { pubkeys: [bKey.pubkey] });
  assert.equal(receipt.queued, true);
  assert.equal(b.host.offlineQueue()[0].state, 'queued');
  assert.equal(a.net.offlineCalls + b.net.offlineCalls, 0, 'nothing tried the network');
  assert.equal(balanceOf(b.host), 0);

  // An independent implementation agrees that the mint signed every proof (DLEQ with r).
  a.net.online = true;
  b.net.online = true;
  const ts = await cashuTs();
  const theirs = getDecodedToken(token, [ts.getKeyset().id]);
  for (const proof of theirs.proofs) assert.ok(hasValidDleq(proof, ts.getKeyset(proof.id)), 'cashu-ts verifies our DLEQ');

  // B back online: redeemed with B's key, the mint's input fee paid.
  const redeemed = await b.host.redeemQueued({ privkey: bKey.privkey });
  assert.equal(redeemed.outcomes.length, 1);
  assert.ok(redeemed.outcomes[0].result, String(redeemed.outcomes[0].error));
  assert.equal(redeemed.queue[0].state, 'redeemed');
  assert.equal(balanceOf(b.host), 21 - sats(verdict.fee));
  assert.equal(sats(redeemed.outcomes[0].result.amount), 21 - sats(verdict.fee));

  // A: 21 went out; the mint confirms it was redeemed.
  const checked = await a.host.checkStates(mintUrl);
  assert.ok(sats(checked.spent) >= 1);
  assert.equal(balanceOf(a.host), 500 - prepareFee - 21);
  assert.equal(sats(a.host.balances()[0].pending), 0);

  // Calling again changes nothing.
  const again = await b.host.redeemQueued({ privkey: bKey.privkey });
  assert.equal(again.outcomes.length, 0);
  assert.equal(balanceOf(b.host), 21 - sats(verdict.fee));
  a.host.close();
  b.host.close();
});

test('an unlocked offline token that A double-spends before B is online ends failed in B\'s queue', async () => {
  const a = wallet();
  const b = wallet();
  await fund(a.host, 300);
  await b.host.addMint(mintUrl);
  const prepared = await a.host.prepareOffline(mintUrl, 40);
  assert.deepEqual(prepared.denominations, ['1', '1', '2', '2', '2', '4', '4', '8', '8', '8']);

  a.net.online = false;
  b.net.online = false;
  const paid = a.host.sendOffline(mintUrl, 13);
  const kept = a.host.sendOffline(mintUrl, 6);
  const first = b.host.receiveOffline(paid.token);
  assert.equal(first.verdict.verdict, 'dleq_valid_unlocked');
  assert.deepEqual(first.verdict.reasons, ['unlocked']);
  assert.equal(first.queued, true);
  assert.equal(b.host.receiveOffline(kept.token).queued, true);
  assert.equal(b.host.receiveOffline(paid.token).duplicate, true, 'the same token twice is one entry');
  assert.equal(a.net.offlineCalls + b.net.offlineCalls, 0);

  // A gives the same proofs to someone else, who redeems them at once (cashu-ts, online).
  const other = await cashuTs();
  await other.receive(paid.token);

  b.net.online = true;
  const redeemed = await b.host.redeemQueued();
  const byEntry = Object.fromEntries(redeemed.queue.map((entry) => [entry.id, entry]));
  assert.equal(byEntry[first.entry].state, 'failed');
  assert.equal(byEntry[first.entry].error.reason, 'double_spent');
  assert.equal(byEntry[first.entry].error.code, '11001');
  const keptEntry = redeemed.queue.find((entry) => entry.id !== first.entry);
  assert.equal(keptEntry.state, 'redeemed');
  assert.equal(balanceOf(b.host), 6 - 1, 'only the honest token, less the input fee');
  const history = b.host.history().filter((entry) => entry.kind === 'receive');
  assert.deepEqual(history.map((entry) => entry.state).sort(), ['done', 'failed']);
  a.host.close();
  b.host.close();
});

test('a receiver who never met the mint sees unverifiable, and redeems once online', async () => {
  const a = wallet();
  const b = wallet();
  await fund(a.host, 100);
  await a.host.prepareOffline(mintUrl, 8);
  a.net.online = false;
  b.net.online = false;
  const { token } = a.host.sendOffline(mintUrl, 8);
  const receipt = b.host.receiveOffline(token);
  assert.equal(receipt.verdict.verdict, 'unverifiable');
  assert.deepEqual(receipt.verdict.reasons, ['unknown_keyset', 'unlocked']);
  assert.equal(receipt.queued, true);

  // Still offline: the attempt leaves the token queued.
  let attempt = await b.host.redeemQueued();
  assert.equal(attempt.queue[0].state, 'queued');
  assert.deepEqual(attempt.skipped.map((s) => s.reason), ['refresh_mint']);

  b.net.online = true;
  attempt = await b.host.redeemQueued();
  assert.equal(attempt.queue[0].state, 'redeemed');
  assert.equal(balanceOf(b.host), 8 - 1);
  a.host.close();
  b.host.close();
});
