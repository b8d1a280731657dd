// SIGKILL in the middle of a stream of swaps and melts, then a restart: every swap is all or
// nothing (inputs spent exactly when the outputs were signed), every melt quote is PAID exactly
// when its inputs are spent and is never paid twice, and the mint's totals (issued - redeemed)
// equal the value of the unspent proofs the clients hold.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Wallet, OutputData, MintQuoteState, sumProofs } from '@cashu/cashu-ts';
import { startNode, stopAll } from './support/flash-node.mjs';

after(stopAll);

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const total = (proofs) => Number(sumProofs(proofs).toString());

// cashu-ts v4 amounts are Amount objects that serialise as strings; the wire wants integers.
const wire = (items) => items.map((item) => ({ ...item, amount: Number(item.amount.toString()) }));

async function post(mintUrl, path, body) {
  const response = await fetch(mintUrl + path, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

async function metric(httpUrl, name) {
  const text = await (await fetch(new URL('/metrics', httpUrl))).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return Number(line.split(' ')[1]);
}

test('SIGKILL during swaps and melts leaves the mint consistent after restart', { timeout: 120_000 }, async () => {
  const config = { mint: { input_fee_ppk: 0 }, lightning: { fake_settle_ms: 0 } };
  let node = await startNode({ config });
  let mintUrl = node.httpUrl.replace(/\/$/, '');
  const wallet = new Wallet(mintUrl, { unit: 'sat' });
  await wallet.loadMint();
  const keyset = wallet.getKeyset();

  // 1000 sats as 1-sat and 2-sat proofs.
  const funding = await wallet.createMintQuoteBolt11(1000);
  while ((await wallet.checkMintQuoteBolt11(funding.quote)).state !== MintQuoteState.PAID) await sleep(20);
  const split = [...Array(300).fill(1), ...Array(350).fill(2)];
  let pool = await wallet.mintProofsBolt11(1000, funding.quote, undefined, { type: 'random', denominations: split });
  const issuedAtStart = total(pool);

  const swaps = [];  // { inputs, outputs: OutputData[] }
  const melts = [];  // { quote, inputs, blanks: OutputData[] }
  let killed = false;
  let swapped = 0, melted = 0;  // answered with 200 before the kill
  const take = (amount) => {
    const picked = [];
    while (total(picked) < amount && pool.length) picked.push(pool.pop());
    return picked;
  };

  const swapper = async () => {
    while (!killed) {
      const inputs = take(3);
      if (!inputs.length) return;
      const outputs = OutputData.createRandomData(total(inputs), keyset);
      const op = { inputs, outputs };
      swaps.push(op);
      try {
        const answer = await post(mintUrl, '/v1/swap', { inputs: wire(inputs), outputs: wire(outputs.map((o) => o.blindedMessage)) });
        if (answer.status !== 200) continue;
        swapped++;
        pool.push(...answer.body.signatures.map((s, i) => outputs[i].toProof(s, keyset)));
      } catch { return; }  // the node is gone
    }
  };
  const melter = async () => {
    while (!killed) {
      try {
        const invoice = (await wallet.createMintQuoteBolt11(5)).request;  // settled by the melt itself
        const quote = (await post(mintUrl, '/v1/melt/quote/bolt11', { request: invoice, unit: 'sat' })).body;
        const inputs = take(quote.amount + quote.fee_reserve);
        const blanks = [OutputData.createSingleRandomData(0, keyset.id)];
        melts.push({ quote: quote.quote, inputs, blanks });
        const answer = await post(mintUrl, '/v1/melt/bolt11', { quote: quote.quote, inputs: wire(inputs), outputs: wire(blanks.map((b) => b.blindedMessage)) });
        if (answer.status === 200) melted++;
      } catch { return; }
    }
  };

  const workers = [swapper(), swapper(), swapper(), melter()];
  // Kill once enough has happened (a loaded machine is slower), with requests still in flight.
  const deadline = Date.now() + 60_000;
  while ((swapped <= 20 || melted <= 2) && Date.now() < deadline) await sleep(50);
  await sleep(100);
  killed = true;
  await node.kill();
  await Promise.allSettled(workers);
  assert.ok(swapped > 20, `only ${swapped} swaps before the kill`);
  assert.ok(melted > 2, `only ${melted} melts before the kill`);

  node = await startNode({ config, dataDir: node.dataDir });
  mintUrl = node.httpUrl.replace(/\/$/, '');
  const restarted = new Wallet(mintUrl, { unit: 'sat' });
  await restarted.loadMint();
  const states = async (proofs) => (await restarted.checkProofsStates(proofs)).map((s) => s.state);
  const restore = async (outputs) => (await post(mintUrl, '/v1/restore', { outputs: wire(outputs.map((o) => o.blindedMessage)) })).body;

  // Every proof the clients can hold after the crash: the pool minus what went into requests,
  // plus the outputs and change the mint signed (recovered with NUT-09 where the answer was lost).
  const held = new Map();  // secret -> proof
  for (const proof of pool) held.set(proof.secret, proof);
  for (const swap of swaps) {
    const spent = await states(swap.inputs);
    const restored = await restore(swap.outputs);
    const signed = restored.signatures.length;
    assert.ok(spent.every((s) => s === spent[0]), 'a swap spent only some of its inputs');
    assert.ok(signed === 0 || signed === swap.outputs.length, 'a swap signed only some of its outputs');
    assert.equal(spent[0] === 'SPENT', signed > 0, 'inputs spent without outputs signed, or the reverse');
    for (const proof of swap.inputs) held.set(proof.secret, proof);
    restored.signatures.forEach((s, i) => {
      const output = swap.outputs.find((o) => o.blindedMessage.B_ === restored.outputs[i].B_);
      const proof = output.toProof(s, restarted.getKeyset(s.id));
      held.set(proof.secret, proof);
    });
  }
  for (const melt of melts) {
    const quote = (await fetch(`${mintUrl}/v1/melt/quote/bolt11/${melt.quote}`).then((r) => r.json()));
    assert.notEqual(quote.state, 'PENDING', 'a melt left pending after reconciliation');
    if (!melt.inputs.length) continue;
    const spent = await states(melt.inputs);
    assert.ok(spent.every((s) => s === (quote.state === 'PAID' ? 'SPENT' : 'UNSPENT')),
              `melt ${quote.state} but inputs ${spent}`);
    for (const proof of melt.inputs) held.set(proof.secret, proof);
    const restored = await restore(melt.blanks);
    restored.signatures.forEach((s) => {
      const proof = melt.blanks[0].toProof(s, restarted.getKeyset(s.id));
      held.set(proof.secret, proof);
    });
    if (quote.state === 'PAID') {
      // Paying again is refused: the invoice is never paid twice.
      const again = await post(mintUrl, '/v1/melt/bolt11', { quote: melt.quote, inputs: [], outputs: [] });
      assert.equal(again.status, 400);
    }
  }

  const all = [...held.values()];
  const allStates = [];
  for (let i = 0; i < all.length; i += 500) allStates.push(...await states(all.slice(i, i + 500)));
  const unspent = total(all.filter((_, i) => allStates[i] === 'UNSPENT'));
  const issued = await metric(node.httpUrl, 'flash_mint_issued_sat');
  const redeemed = await metric(node.httpUrl, 'flash_mint_redeemed_sat');
  assert.equal(issued - redeemed, unspent, `issued ${issued} - redeemed ${redeemed} != unspent ${unspent}`);
  assert.ok(issued >= issuedAtStart);
});
