// flash-node's /api/v1 driven by flash-cli (tools/cli, run in-process, and tools/flash-cli as a
// subprocess) for two users on the fake Lightning and chain backends: invoices settled by the fake,
// an internal payment, an on-chain account with a deposit and a withdrawal signed by the user's
// seed, and refusals: bad NIP-98 headers (401) and payments the balance does not cover (400).
// NIP-98 headers come from the wasm core; their shape is checked against nostr-tools in
// tests/wasm/nip98-module.test.mjs.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { generateMnemonic } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { getPublicKey } from 'nostr-tools/pure';
import { privateKeyFromSeedWords } from 'nostr-tools/nip06';
import { loadCore } from '../../wasm/load-node.mjs';
import { run } from '../../tools/cli/main.mjs';
import { NodeApi } from '../../tools/cli/api.mjs';
import { ApiError } from '../../tools/cli/errors.mjs';
import { withdrawalProblems } from '../../tools/cli/withdrawal-check.mjs';
import { repoRoot, startNode, stopAll } from './support/flash-node.mjs';

const core = await loadCore();
const walletDir = mkdtempSync(join(tmpdir(), 'flash-cli-wallets-'));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
let node, A, B;

// Invoices count as paid by "someone" 2 s after they are made: time enough for A to pay B's
// invoice internally first. Blocks come only when the test mines them.
before(async () => {
  node = await startNode({ config: { lightning: { fake_settle_ms: 2000 }, chain: { fake_block_interval_s: 0 } } });
  A = user('a');
  B = user('b');
});
after(async () => {
  await stopAll();
  rmSync(walletDir, { recursive: true, force: true });
});

/** A flash-cli user with their own wallet file; commands run in-process through run(). */
function user(name) {
  const wallet = join(walletDir, `${name}.json`);
  const env = { FLASH_CLI_PASSPHRASE: `passphrase of ${name}` };
  const cli = async (args, { stdin = '', env: otherEnv = env } = {}) => {
    let out = '', err = '';
    const io = { stdin: Readable.from(stdin ? [stdin] : []), stdout: { write: (s) => { out += s; } },
                 stderr: { write: (s) => { err += s; } }, env: otherEnv };
    const code = await run(['--wallet', wallet, '--node', node.httpUrl, ...args], io);
    return { code, out, err };
  };
  return {
    name, wallet, cli,
    /** Runs with --json and returns the parsed output; fails the test on a non-zero exit. */
    async json(...args) {
      const { code, out, err } = await cli(['--json', ...args]);
      assert.equal(code, 0, `${name}: flash-cli ${args.join(' ')} exited ${code}: ${err}`);
      return JSON.parse(out);
    },
    /** Runs a command that must fail; returns its one error line. */
    async fails(args, { exitCode = 1, code: apiCode } = {}) {
      const { code, out, err } = await cli(args);
      assert.equal(code, exitCode, `${name}: flash-cli ${args.join(' ')} should exit ${exitCode}; stdout: ${out} stderr: ${err}`);
      assert.equal(out, '');
      assert.match(err, /^error: [^\n]+\n$/, 'one error line, no stack trace');
      if (apiCode) assert.match(err, new RegExp(`\\(${apiCode}, HTTP 4\\d\\d\\)`));
      return err;
    },
    balance() { return this.json('balance'); },
  };
}

/** Polls `read` until `done(value)`, failing with `what` after `timeoutMs`. */
async function eventually(what, read, done, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  let value;
  while (Date.now() < deadline) {
    value = await read();
    if (done(value)) return value;
    await sleep(250);
  }
  assert.fail(`${what}: still not so after ${timeoutMs} ms; last: ${JSON.stringify(value)}`);
}

/** An API client signing with `who`'s NOSTR key (taken from their words), for forged requests. */
async function apiOf(who, options = {}) {
  const { words } = await who.json('show-words');
  const { secretKey } = core.nip06Key(words.join(' '), '', 0);
  return new NodeApi({ baseUrl: node.httpUrl, core, secretKey, ...options });
}

test('wallets: A is created with new words, B is restored from words; identities are NIP-06', async () => {
  const created = await A.json('init', '--kdf-log-n', '10');
  assert.equal(created.words.length, 12);
  assert.equal(created.nostr_pubkey, getPublicKey(privateKeyFromSeedWords(created.words.join(' '))));
  assert.deepEqual((await A.json('show-words')).words, created.words);
  await A.fails(['init'], { exitCode: 2 });  // never replaces a wallet

  const words = generateMnemonic(wordlist, 128);
  assert.match(await B.fails(['restore'], { exitCode: 2 }), /expected the recovery words on standard input/);
  // Typed sloppily on standard input: upper case and runs of spaces are tidied.
  const { code, out, err } = await B.cli(['--json', 'restore', '--kdf-log-n', '10'],
                                         { stdin: `  ${words.toUpperCase().replace(/ /g, '   ')}\n` });
  assert.equal(code, 0, err);
  assert.equal(JSON.parse(out).nostr_pubkey, getPublicKey(privateKeyFromSeedWords(words)));
  assert.equal((await B.json('show-words')).words.join(' '), words);

  const wrong = await B.cli(['show-words'], { env: { FLASH_CLI_PASSPHRASE: 'not the passphrase' } });
  assert.deepEqual(wrong, { code: 2, out: '', err: 'error: wrong passphrase (or the wallet file was changed)\n' });
});

test('info is public and says the backends are fake', async () => {
  const info = await A.json('info');
  assert.equal(info.network, 'regtest');
  assert.equal(info.lightning, 'fake');
  assert.equal(info.chain, 'fake');
  assert.equal(info.fake, true);
  assert.equal(info.confirmations, 1);
  assert.match(info.nostr_pubkey, /^[0-9a-f]{64}$/);
});

test('A gets an invoice, the fake backend settles it, A\'s balance rises', async () => {
  const before = await A.balance();
  assert.equal(before.lightning_msat, 0);
  const open = await A.json('invoice', '5000', 'top up');
  assert.match(open.bolt11, /^lnbcrt50u1/);
  assert.equal(open.state, 'open');
  assert.equal(open.amount_msat, 5_000_000);
  assert.equal(open.description, 'top up');
  const decoded = core.decodeBolt11(open.bolt11);
  assert.equal(decoded.paymentHash, open.payment_hash);
  assert.equal(decoded.amountMsat, 5_000_000);

  // --wait returns once the node has credited the invoice; the first one was made before it.
  const waited = await A.json('invoice', '7000', '--wait', '--timeout', '20');
  assert.equal(waited.state, 'settled');
  assert.equal(waited.payment_hash, core.decodeBolt11(waited.bolt11).paymentHash);
  await eventually('both invoices credited', () => A.balance(), (b) => b.lightning_msat === 12_000_000);
});

test('A pays B\'s invoice inside the node: A loses exactly the amount, B gains it', async () => {
  const [a0, b0] = [await A.balance(), await B.balance()];
  const invoice = await B.json('invoice', '1500', 'for B');
  const paid = await A.json('pay', invoice.bolt11);
  assert.equal(paid.state, 'succeeded');
  assert.equal(paid.fee_msat, 0);
  assert.equal(paid.amount_msat, 1_500_000);
  const [a1, b1] = [await A.balance(), await B.balance()];
  assert.equal(a1.lightning_msat, a0.lightning_msat - 1_500_000);
  assert.equal(b1.lightning_msat, b0.lightning_msat + 1_500_000);
  assert.equal((await (await apiOf(B)).get(`/api/v1/lightning/invoices/${invoice.payment_hash}`)).state, 'settled');
  await A.fails(['pay', invoice.bolt11], { code: 'already_paid' });
  assert.equal((await A.balance()).lightning_msat, a1.lightning_msat);
});

test('a payment the balance does not cover is refused with insufficient_balance; nothing moves', async () => {
  const [a0, b0] = [await A.balance(), await B.balance()];
  const big = await A.json('invoice', String(b0.lightning_msat / 1000 + 1000), 'too much for B');
  const line = await B.fails(['pay', big.bolt11], { code: 'insufficient_balance' });
  assert.match(line, /HTTP 400/);
  assert.deepEqual(await B.balance(), b0);
  // The fake pays A's invoice in the end; wait for it so that later balances are exact.
  await eventually('the fake payer pays A\'s invoice', () => A.balance(), (b) => b.lightning_msat === a0.lightning_msat + big.amount_msat);
});

let depositTxid;
test('A registers the on-chain account, gets an address, is paid on the fake chain; the deposit confirms', async () => {
  const registered = await A.json('register');
  const expected = core.accountKey(core.mnemonicToSeed((await A.json('show-words')).words.join(' '), ''), 'p2wpkh', 'regtest', 0);
  assert.equal(registered.account_key, expected.accountKey);
  assert.match(registered.account_key, /^vpub/);
  assert.equal(registered.path, "m/84'/1'/0'");
  assert.equal(registered.fingerprint, expected.fingerprint);
  await A.json('register');  // the same key again is fine

  const address = await A.json('address');  // checked by the CLI against the seed
  assert.match(address.address, /^bcrt1q/);
  assert.equal(address.path, `m/84'/1'/0'/0/${address.index}`);
  assert.deepEqual(await A.json('address'), address, 'the same address until it is paid');

  depositTxid = (await A.json('fake', 'pay', address.address, '100000')).txid;
  assert.match(depositTxid, /^[0-9a-f]{64}$/);
  const seen = await eventually('the deposit is seen', () => A.json('deposits'),
                                (d) => d.deposits.some((x) => x.txid === depositTxid));
  const pending = seen.deposits.find((x) => x.txid === depositTxid);
  assert.equal(pending.amount_sat, 100000);
  assert.equal(pending.address, address.address);
  assert.equal(pending.state, 'unconfirmed');
  assert.equal(pending.confirmations, 0);
  assert.equal((await A.balance()).onchain_unconfirmed_sat, 100000);

  const mined = await A.json('fake', 'mine');
  const confirmed = await eventually('the deposit confirms', () => A.json('deposits'),
                                     (d) => d.deposits.find((x) => x.txid === depositTxid)?.state === 'confirmed');
  assert.equal(confirmed.tip_height, mined.height);
  assert.equal(confirmed.deposits.find((x) => x.txid === depositTxid).confirmations, 1);
  const balance = await A.balance();
  assert.equal(balance.onchain_confirmed_sat, 100000);
  assert.equal(balance.onchain_unconfirmed_sat, 0);
  assert.notEqual((await A.json('address')).address, address.address, 'a fresh address once paid');
});

test('A withdraws part to an address of B with a PSBT signed by A\'s seed; after a block both balances are right', async () => {
  await B.json('register');
  const to = (await B.json('address')).address;
  const bBefore = await B.balance();
  const sent = await A.json('withdraw', to, '30000', '--fee-rate', '2');
  assert.match(sent.txid, /^[0-9a-f]{64}$/);
  assert.equal(sent.state, 'broadcast');
  assert.equal(sent.amount_sat, 30000);
  assert.ok(sent.fee_sat > 0 && sent.fee_sat < 1000, `fee ${sent.fee_sat}`);
  assert.ok(sent.fee_rate >= 2 && sent.fee_rate < 2.5, `fee rate ${sent.fee_rate}`);
  assert.equal(sent.change_sat, 100000 - 30000 - sent.fee_sat);

  const listed = (await A.json('withdrawals')).withdrawals.find((w) => w.txid === sent.txid);
  assert.equal(listed.state, 'broadcast');
  assert.equal(listed.amount_sat, 30000);
  assert.equal(listed.fee_sat, sent.fee_sat);
  assert.equal(listed.address, to);
  await eventually('B sees the incoming coins', () => B.json('deposits'),
                   (d) => d.deposits.some((x) => x.txid === sent.txid && x.state === 'unconfirmed'));

  await A.json('fake', 'mine', '1');
  await eventually('the withdrawal confirms', () => A.json('withdrawals'),
                   (w) => w.withdrawals.find((x) => x.txid === sent.txid)?.state === 'confirmed');
  const bDeposit = await eventually('B\'s deposit confirms', () => B.json('deposits'),
                                    (d) => d.deposits.find((x) => x.txid === sent.txid)?.state === 'confirmed');
  assert.equal(bDeposit.deposits.find((x) => x.txid === sent.txid).amount_sat, 30000);
  const a = await eventually('A\'s change is confirmed', () => A.balance(), (b) => b.onchain_unconfirmed_sat === 0);
  assert.equal(a.onchain_confirmed_sat, sent.change_sat);
  const b = await B.balance();
  assert.equal(b.onchain_confirmed_sat, bBefore.onchain_confirmed_sat + 30000);
  assert.equal(b.lightning_msat, bBefore.lightning_msat);
  const spent = (await A.json('deposits')).deposits.find((x) => x.txid === depositTxid);
  assert.equal(spent.state, 'spent');

  const kinds = new Set((await A.json('history')).items.map((i) => i.kind));
  for (const kind of ['lightning_receive', 'lightning_send', 'deposit', 'withdrawal']) assert.ok(kinds.has(kind), `history has ${kind}`);
  await A.fails(['withdraw', to, '10000000', '--fee-rate', '2'], { code: 'insufficient_funds' });
});

test('the CLI refuses a PSBT that does not do what was asked (built from A\'s change)', async () => {
  const to = (await B.json('address')).address;
  const api = await apiOf(A);
  const built = await api.post('/api/v1/onchain/withdrawals', { address: to, amount_sat: 10000, fee_rate: 3 });
  const seed = core.mnemonicToSeed((await A.json('show-words')).words.join(' '), '');
  const summary = core.psbtSummary(built.psbt, seed, 'regtest');
  const asked = { address: to, all: false, amountSat: 10000, feeRate: 3 };
  assert.deepEqual(withdrawalProblems({ asked, built, summary }), []);
  assert.match(withdrawalProblems({ asked: { ...asked, amountSat: 9000 }, built, summary }).join(), /sends 10000 sat instead of 9000/);
  assert.match(withdrawalProblems({ asked: { ...asked, address: (await A.json('address')).address }, built, summary }).join(), /instead of bcrt1/);
  assert.match(withdrawalProblems({ asked: { ...asked, feeRate: 1 }, built, summary }).join(), /fee rate/);
  assert.match(withdrawalProblems({ asked, built: { ...built, fee_sat: built.fee_sat - 1 }, summary }).join(), /fee of/);
  // A's seed does not own B's account: the summary refuses to count B's change as change.
  const seedB = core.mnemonicToSeed((await B.json('show-words')).words.join(' '), '');
  assert.throws(() => core.signPsbt(built.psbt, seedB, 'regtest'), { code: 'bad_psbt' });
});

test('bad NIP-98 headers get 401 unauthorized and change nothing', async () => {
  const api = await apiOf(A);
  const balance = await api.get('/api/v1/balance');
  const expect401 = async (promise, what) => {
    await assert.rejects(promise, (e) => e instanceof ApiError && e.status === 401 && e.code === 'unauthorized', what);
  };
  const bodyBytes = (body) => new TextEncoder().encode(JSON.stringify(body));

  // Signed for another URL (another path; another port).
  await expect401(api.get('/api/v1/balance', { headers: { authorization: api.authorization('GET', api.url('/api/v1/history')) } }), 'wrong path');
  const otherPort = api.url('/api/v1/balance').replace(/:(\d+)\//, (_, p) => `:${Number(p) + 1}/`);
  await expect401(api.get('/api/v1/balance', { headers: { authorization: api.authorization('GET', otherPort) } }), 'wrong port');
  // Another method.
  await expect401(api.get('/api/v1/balance', { headers: { authorization: api.authorization('POST', api.url('/api/v1/balance')) } }), 'wrong method');
  // Stale, and from the future.
  const now = Math.floor(Date.now() / 1000);
  await expect401(new NodeApi({ baseUrl: node.httpUrl, core, secretKey: api.secretKey, now: () => now - 120 }).get('/api/v1/balance'), 'stale');
  await expect401(new NodeApi({ baseUrl: node.httpUrl, core, secretKey: api.secretKey, now: () => now + 120 }).get('/api/v1/balance'), 'future');
  // Replayed: the same header twice.
  const once = api.authorization('GET', api.url('/api/v1/balance'));
  assert.deepEqual(await api.get('/api/v1/balance', { headers: { authorization: once } }), balance);
  await expect401(api.get('/api/v1/balance', { headers: { authorization: once } }), 'replayed');
  // The payload hash of another body, and no payload tag on a request with a body.
  const invoicesUrl = api.url('/api/v1/lightning/invoices');
  await expect401(api.post('/api/v1/lightning/invoices', { amount_sat: 2 },
                           { headers: { authorization: api.authorization('POST', invoicesUrl, bodyBytes({ amount_sat: 1 })) } }), 'payload of another body');
  await expect401(api.post('/api/v1/lightning/invoices', { amount_sat: 2 },
                           { headers: { authorization: api.authorization('POST', invoicesUrl, null) } }), 'no payload tag');
  // No header, another scheme, garbage, a signature that does not verify.
  await expect401(api.get('/api/v1/balance', { auth: false }), 'no header');
  await expect401(api.get('/api/v1/balance', { headers: { authorization: 'Bearer abc' } }), 'another scheme');
  await expect401(api.get('/api/v1/balance', { headers: { authorization: 'Nostr !!!' } }), 'not base64');
  const event = JSON.parse(Buffer.from(api.authorization('GET', api.url('/api/v1/balance')).slice(6), 'base64').toString());
  event.sig = event.sig.replace(/^./, (c) => (c === '0' ? '1' : '0'));
  await expect401(api.get('/api/v1/balance', { headers: { authorization: `Nostr ${Buffer.from(JSON.stringify(event)).toString('base64')}` } }), 'bad signature');

  assert.deepEqual(await api.get('/api/v1/balance'), balance);
  const history = await api.get('/api/v1/history');
  assert.ok(!history.items.some((i) => i.amount_sat === 2), 'no invoice of 2 sat was made');
});

test('fake reorg: a block dropped with its transactions orphans the deposit it confirmed', async () => {
  const before = await B.balance();
  const address = (await B.json('address')).address;
  const { txid } = await B.json('fake', 'pay', address, '4000');
  const mined = await B.json('fake', 'mine');
  await eventually('the deposit confirms', () => B.json('deposits'),
                   (d) => d.deposits.find((x) => x.txid === txid)?.state === 'confirmed');
  assert.equal((await B.balance()).onchain_confirmed_sat, before.onchain_confirmed_sat + 4000);
  const reorged = await B.json('fake', 'reorg', '1', '--drop');
  assert.equal(reorged.height, mined.height - 1);  // the tip goes back by the depth
  assert.notEqual(reorged.hash, mined.hash);
  await eventually('the deposit is orphaned', () => B.json('deposits'),
                   (d) => d.deposits.find((x) => x.txid === txid)?.state === 'orphaned');
  const after = await B.balance();
  assert.equal(after.onchain_confirmed_sat + after.onchain_unconfirmed_sat, before.onchain_confirmed_sat + before.onchain_unconfirmed_sat);
});

test('the executable: JSON output, one error line and an exit code, never a stack trace', async () => {
  const exec = promisify(execFile);
  const cli = join(repoRoot, 'tools/flash-cli');
  const env = { ...process.env, FLASH_CLI_PASSPHRASE: 'passphrase of a' };
  const { stdout } = await exec(cli, ['--json', '--wallet', A.wallet, '--node', node.httpUrl, 'balance'], { env });
  assert.equal(JSON.parse(stdout).lightning_msat, (await A.balance()).lightning_msat);

  const refused = await exec(cli, ['--wallet', A.wallet, '--node', node.httpUrl, 'pay', 'lnbcrt1nonsense'], { env }).catch((e) => e);
  assert.equal(refused.code, 1);
  assert.equal(refused.stdout, '');
  assert.match(refused.stderr, /^error: [^\n]+\(bad_invoice, HTTP 400\)\n$/);

  const usage = await exec(cli, ['invoice', 'ten'], { env }).catch((e) => e);
  assert.equal(usage.code, 2);
  assert.equal(usage.stderr, 'error: the amount must be a positive whole number of satoshis, not "ten"\n');
  const closedPort = await new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => { const { port } = probe.address(); probe.close(() => resolve(port)); });
  });
  const down = await exec(cli, ['--wallet', A.wallet, '--node', `http://127.0.0.1:${closedPort}`, 'balance'], { env }).catch((e) => e);
  assert.equal(down.code, 1);
  assert.equal(down.stderr, `error: cannot reach flash-node at http://127.0.0.1:${closedPort}: ECONNREFUSED\n`);
});
