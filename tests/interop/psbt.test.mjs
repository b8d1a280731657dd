// On-chain withdrawals against @scure/btc-signer, an independent PSBT implementation: PSBTs our
// core builds and signs are parsed and finalized by scure into the same transaction; PSBTs scure
// makes are checked and signed by our core. Signatures are verified with @noble/curves over the
// sighashes scure computes, so neither side grades its own work.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Transaction, p2wpkh, p2tr, p2pkh, NETWORK } from '@scure/btc-signer';
import { HDKey } from '@scure/bip32';
import { mnemonicToSeedSync } from '@scure/bip39';
import { base64, hex } from '@scure/base';
import { secp256k1, schnorr } from '@noble/curves/secp256k1.js';
import { loadCore } from '../../wasm/load-node.mjs';

const core = await loadCore();
const seed = mnemonicToSeedSync('abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about');
const master = HDKey.fromMasterSeed(seed);
const fingerprint = master.fingerprint;  // a number, as PSBT records carry it
const fingerprintHex = fingerprint.toString(16).padStart(8, '0');
const H = 0x80000000;
const pathOf = (text) => text.split('/').slice(1).map((p) => (p.endsWith("'") ? H + Number(p.slice(0, -1)) : Number(p)));

function coin(kind, index, value) {
  const path = kind === 'p2wpkh' ? `m/84'/0'/0'/0/${index}` : `m/86'/0'/0'/0/${index}`;
  const key = master.derive(path);
  const script = kind === 'p2wpkh' ? p2wpkh(key.publicKey).script : p2tr(key.publicKey.slice(1)).script;
  // txid as scure holds it: in display order (reversed from the wire)
  return { kind, path, key, script, value, txid: Uint8Array.from(randomBytes(32)), vout: index };
}

// Someone else's address, made by scure.
const stranger = p2wpkh(secp256k1.getPublicKey(secp256k1.utils.randomSecretKey())).address;
const changeKey = master.derive("m/84'/0'/0'/1/0");

// Verifies every input's signature with noble over scure's own sighash.
function verifyWithScure(tx, coins) {
  const scripts = coins.map((c) => c.script);
  const amounts = coins.map((c) => BigInt(c.value));
  for (let i = 0; i < coins.length; i++) {
    const input = tx.getInput(i);
    const witness = input.finalScriptWitness;
    if (coins[i].kind === 'p2wpkh') {
      const [sig, pub] = witness;
      assert.deepEqual(pub, coins[i].key.publicKey);
      const scriptCode = p2pkh(pub).script;
      const hash = tx.preimageWitnessV0(i, scriptCode, sig.at(-1), amounts[i]);
      assert.ok(secp256k1.verify(sig.slice(0, -1), hash, pub, { prehash: false, format: 'der' }), `input ${i}`);
    } else {
      const [sig] = witness;
      const hash = tx.preimageWitnessV1(i, scripts, sig.length === 65 ? sig[64] : 0, amounts);
      assert.ok(schnorr.verify(sig.slice(0, 64), hash, coins[i].script.slice(2)), `input ${i}`);
    }
  }
}

test('a PSBT our core builds and signs is parsed and finalized by scure into our transaction', () => {
  const coins = [coin('p2wpkh', 0, 120000), coin('p2tr', 1, 90000), coin('p2wpkh', 2, 40000)];
  const request = {
    network: 'mainnet', destination: stranger, amount: 180000, feeRate: 3,
    utxos: coins.map((c) => ({
      txid: hex.encode(c.txid), vout: c.vout, value: c.value,
      scriptPubKey: hex.encode(c.script), publicKey: hex.encode(c.key.publicKey), fingerprint: fingerprintHex, path: c.path,
    })),
    change: { publicKey: hex.encode(changeKey.publicKey), fingerprint: fingerprintHex, path: "m/84'/0'/0'/1/0", kind: 'p2wpkh' },
  };
  const built = core.buildWithdrawal(JSON.stringify(request));

  // scure reads the unsigned PSBT: same amounts and fee.
  const unsigned = Transaction.fromPSBT(base64.decode(built.psbt));
  assert.equal(unsigned.fee, BigInt(built.fee));
  const outputs = Array.from({ length: unsigned.outputsLength }, (_, i) => unsigned.getOutput(i));
  assert.ok(outputs.some((o) => o.amount === 180000n && unsigned.getOutputAddress(outputs.indexOf(o)) === stranger));
  const change = outputs.find((o) => o.bip32Derivation?.length);
  assert.equal(change.amount, BigInt(built.change));
  assert.deepEqual(change.bip32Derivation[0][1], { fingerprint, path: pathOf("m/84'/0'/0'/1/0") });

  // Our core signs; scure finalizes and extracts; our finalizer gives the same bytes.
  const signedByUs = core.addPsbtSignatures(built.psbt, seed, 'mainnet');
  assert.equal(signedByUs.signedInputs, unsigned.inputsLength);
  assert.equal(signedByUs.summary.fee, built.fee);
  const theirs = Transaction.fromPSBT(base64.decode(signedByUs.psbt));
  theirs.finalize();
  const spentCoins = Array.from({ length: theirs.inputsLength }, (_, i) =>
    coins.find((c) => hex.encode(c.txid) === hex.encode(theirs.getInput(i).txid)));
  verifyWithScure(theirs, spentCoins);
  const ours = core.finalizePsbt(signedByUs.psbt);
  assert.equal(ours.complete, true);
  assert.equal(ours.tx, hex.encode(theirs.extract()));
  assert.equal(ours.txid, theirs.id);
  assert.ok(theirs.vsize <= built.vsize, `estimate ${built.vsize} below the real ${theirs.vsize} vB`);

  // signPsbt does all of it at once; the transaction differs only in Schnorr nonces.
  const oneShot = core.signPsbt(built.psbt, seed, 'mainnet');
  const parsed = Transaction.fromRaw(hex.decode(oneShot.tx));
  assert.equal(parsed.id, oneShot.txid);
  assert.equal(parsed.id, theirs.id);  // segwit: the txid does not cover signatures
});

function scurePsbt(coins, { fakeChangePath } = {}) {
  const tx = new Transaction();
  for (const c of coins) {
    const der = { fingerprint, path: pathOf(c.path) };
    if (c.kind === 'p2wpkh') {
      tx.addInput({ txid: c.txid, index: c.vout, witnessUtxo: { script: c.script, amount: BigInt(c.value) },
                    bip32Derivation: [[c.key.publicKey, der]] });
    } else {
      const xonly = c.key.publicKey.slice(1);
      tx.addInput({ txid: c.txid, index: c.vout, witnessUtxo: { script: c.script, amount: BigInt(c.value) },
                    tapInternalKey: xonly, tapBip32Derivation: [[xonly, { hashes: [], der }]] });
    }
  }
  tx.addOutputAddress(stranger, 100000n, NETWORK);
  tx.addOutput({ script: p2wpkh(changeKey.publicKey).script, amount: 30000n,
                 bip32Derivation: [[changeKey.publicKey, { fingerprint, path: pathOf(fakeChangePath ?? "m/84'/0'/0'/1/0") }]] });
  return tx;
}

test('a PSBT scure makes is checked and signed by our core, and scure finalizes it', () => {
  const coins = [coin('p2wpkh', 3, 70000), coin('p2tr', 4, 61000)];
  const tx = scurePsbt(coins);
  const psbt = base64.encode(tx.toPSBT());

  // The summary from a watch-only account key: change proven, the fee as scure computes it.
  const account = master.derive("m/84'/0'/0'");
  const summary = core.psbtSummary(psbt, `[${fingerprintHex}/84'/0'/0']${account.publicExtendedKey}`, 'mainnet');
  assert.equal(summary.fee, Number(tx.fee));
  assert.equal(summary.sent, 100000);
  assert.equal(summary.change, 30000);
  assert.deepEqual(summary.outputs.map((o) => o.change), [false, true]);
  assert.equal(summary.outputs[0].address, stranger);
  assert.equal(summary.ownInputs, 1);  // the m/86' coin is not under this key

  const signed = core.signPsbt(psbt, seed, 'mainnet');
  assert.equal(signed.signedInputs, 2);
  const back = Transaction.fromPSBT(base64.decode(signed.psbt));
  assert.ok(back.isFinal);
  verifyWithScure(back, coins);
  assert.equal(hex.encode(back.extract()), signed.tx);
  assert.equal(back.id, signed.txid);
});

test('scure signs, our core verifies and finalizes the same transaction', () => {
  const coins = [coin('p2wpkh', 5, 90000), coin('p2tr', 6, 52000)];
  const tx = scurePsbt(coins);
  assert.equal(tx.sign(master), 2);
  const signed = base64.encode(tx.toPSBT());
  const ours = core.finalizePsbt(signed);
  assert.equal(ours.complete, true);
  tx.finalize();
  assert.equal(ours.tx, hex.encode(tx.extract()));

  // A corrupted signature is caught by our finalizer.
  const bytes = base64.decode(signed);
  const sig = Transaction.fromPSBT(bytes).getInput(0).partialSig[0][1];
  const at = Buffer.from(bytes).indexOf(Buffer.from(sig));
  assert.ok(at > 0);
  bytes[at + 10] ^= 1;
  assert.throws(() => core.finalizePsbt(base64.encode(bytes)), { code: 'bad_psbt' });
});

test('lying change and malformed PSBTs are refused with typed errors', () => {
  const coins = [coin('p2wpkh', 7, 150000)];
  const lying = base64.encode(scurePsbt(coins, { fakeChangePath: "m/84'/0'/0'/1/1" }).toPSBT());
  assert.throws(() => core.psbtSummary(lying, seed, 'mainnet'), { code: 'bad_psbt' });
  assert.throws(() => core.signPsbt(lying, seed, 'mainnet'), { code: 'bad_psbt' });
  assert.throws(() => core.psbtSummary('not base64!', seed, 'mainnet'), { code: 'bad_base64' });
  assert.throws(() => core.psbtSummary(base64.encode(Uint8Array.of(0x70, 0x73, 0x62, 0x74, 0xff, 0x00)), seed, 'mainnet'),
                { code: 'bad_psbt' });
  assert.throws(() => core.signPsbt(base64.encode(scurePsbt(coins).toPSBT()), 'xpub-nonsense', 'mainnet'),
                { code: 'bad_base58' });
  assert.throws(() => core.buildWithdrawal(JSON.stringify({ network: 'mainnet' })), { code: 'bad_json' });
});
