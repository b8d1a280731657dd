// The self-custodial on-chain account: the node only watches it. On first view the wallet
// registers its BIP-84 account key (watch-only); deposit addresses from the node are checked to be
// this wallet's own before they are shown; withdrawals come back as PSBTs that are checked against
// the request, then signed here with the seed.
import type { Answer } from '../api.ts';
import type { Network } from '../core/types.ts';
import { messages } from '../i18n/index.ts';
import { showQr } from '../qr.ts';
import type { Session } from '../session.ts';
import { $, UserError, busy, copyButton, describeError, every, field, fillTerms, readFeeRate, readSat } from '../ui.ts';
import { amountField, type AmountField } from './amount-field.ts';
import { type Asked, withdrawalProblems } from '../withdrawal-check.ts';

const refreshMs = 4000;
/** The BIP-84 account the node watches and this wallet signs for (m/84'/coin'/0'). */
const accountNumber = 0;

/** A withdrawal the node built and this wallet checked: the node's answer. */
interface Prepared {
  built: Answer;
}

/** Wires the on-chain panel to `session`; returns show(), to call whenever the panel is opened. */
export function attachOnchain(session: Session): () => Promise<void> {
  const { signal } = session;
  let registered: Promise<unknown> | null = null;  // the registration under way or done
  let address: string | null = null;               // the deposit address shown
  let prepared: Prepared | null = null;            // the withdrawal shown for confirmation
  $('onchain-body').hidden = $('withdraw-review').hidden = true;
  $('demo-chain').hidden = !session.info.fake;
  for (const id of ['onchain-status', 'onchain-error', 'demo-result', 'demo-error', 'withdraw-result', 'withdraw-error'])
    $(id).textContent = '';

  const refresh = async () => {
    if (!registered || $('panel-onchain').hidden) return;
    try {
      const [next, deposits] = await Promise.all([depositAddress(session), session.api.get('/api/v1/onchain/deposits')]);
      if (signal.aborted) return;
      if (next !== address) {
        address = next;
        $('address-text').textContent = address;
        showQr($('address-qr'), `bitcoin:${address}`.toUpperCase());
      }
      showDeposits(deposits.deposits ?? []);
      $('onchain-error').textContent = '';
    } catch (error) {
      if (!signal.aborted) $('onchain-error').textContent = describeError(error);
    }
  };
  let refreshNow: (() => void) | null = null;

  const show = async (): Promise<void> => {
    if (registered) return refreshNow?.();
    $('onchain-status').textContent = messages.onchain.registering;
    $('onchain-error').textContent = '';
    registered = register(session);
    try {
      await registered;
    } catch (error) {
      registered = null;   // opening the panel again tries again
      if (!signal.aborted) {
        $('onchain-status').textContent = '';
        $('onchain-error').textContent = describeError(error);
      }
      return;
    }
    if (signal.aborted) return;
    $('onchain-status').textContent = '';
    $('onchain-body').hidden = false;
    refreshNow = every(refreshMs, signal, refresh);
  };
  const afterChange = () => { refreshNow?.(); session.refreshAccount(); };

  copyButton($('address-copy'), () => address ?? '', signal);

  $('demo-chain').addEventListener('submit', (event) => {
    event.preventDefault();
    busy($('demo-pay'), $('demo-error'), async () => {
      const amount = readSat(field('demo-amount'));
      if (!address) throw new UserError(messages.onchain.noAddress);
      $('demo-result').textContent = '';
      await session.api.post('/api/v1/fake/chain/pay', { address, amount_sat: amount });
      $('demo-result').textContent = messages.onchain.simulated(messages.sat(amount));
      afterChange();
    });
  }, { signal });
  $('demo-mine').addEventListener('click', () => busy($('demo-mine'), $('demo-error'), async () => {
    $('demo-result').textContent = '';
    const tip = await session.api.post('/api/v1/fake/chain/mine', { blocks: 1 });
    $('demo-result').textContent = messages.onchain.mined(tip.height);
    afterChange();
  }), { signal });

  const withdrawAmount = amountField('withdraw-amount', signal);
  field('withdraw-all').addEventListener('change', () => { field('withdraw-amount').disabled = field('withdraw-all').checked; }, { signal });
  const dropPrepared = () => {
    if (prepared) release(session, prepared.built);
    prepared = null;
    $('withdraw-review').hidden = true;
  };
  $('withdraw-form').addEventListener('input', dropPrepared, { signal });
  $('withdraw-form').addEventListener('submit', (event) => {
    event.preventDefault();
    busy($('withdraw-prepare'), $('withdraw-error'), async () => {
      $('withdraw-result').textContent = '';
      dropPrepared();
      prepared = await prepare(session, await askedWithdrawal(session, withdrawAmount));
      $('withdraw-review').hidden = false;
      $('withdraw-confirm').focus();
    });
  }, { signal });
  $('withdraw-cancel').addEventListener('click', dropPrepared, { signal });
  $('withdraw-confirm').addEventListener('click', () => {
    if (!prepared) return;
    const signing = prepared;
    busy($('withdraw-confirm'), $('withdraw-error'), async () => {
      const txid = await signAndSend(session, signing);
      prepared = null;
      $('withdraw-review').hidden = true;
      $<HTMLFormElement>('withdraw-form').reset();
      withdrawAmount.clear();
      field('withdraw-amount').disabled = false;
      $('withdraw-result').textContent = messages.onchain.sent(txid);
      afterChange();
    });
  }, { signal });

  return show;
}

/** Registers the account key; the node answers the same for a key it already has. */
async function register(session: Session): Promise<unknown> {
  const account = await session.core.accountKey(session.network, accountNumber);
  return session.api.post('/api/v1/onchain/account',
                          { account_key: account.accountKey, fingerprint: account.fingerprint, path: account.path });
}

/** The node's deposit address, once this wallet derives the same one: else the coins would go elsewhere. */
async function depositAddress(session: Session): Promise<string> {
  const { address, index } = await session.api.get('/api/v1/onchain/address');
  const ours = await session.core.accountAddress(session.network, accountNumber, false, index);
  if (ours !== address) throw new UserError(messages.onchain.notOurs);
  return address;
}

function showDeposits(deposits: Answer[]) {
  const list = $('deposits');
  if (!deposits.length) {
    const empty = document.createElement('li');
    empty.className = 'empty';
    empty.textContent = messages.onchain.noDeposits;
    list.replaceChildren(empty);
    return;
  }
  list.replaceChildren(...deposits.map((d) => {
    const li = document.createElement('li');
    li.dataset.state = d.state;
    li.dataset.confirmations = d.confirmations;
    const what = document.createElement('span');
    what.className = 'what';
    what.textContent = d.state === 'confirmed' ? messages.onchain.confirmations(d.confirmations) : (messages.states as Record<string, string>)[d.state] ?? d.state;
    const amount = document.createElement('span');
    amount.className = 'amount in';
    amount.textContent = `+${messages.sat(d.amount_sat)}`;
    const detail = document.createElement('code');
    detail.className = 'detail';
    detail.textContent = `${d.txid.slice(0, 16)}…:${d.vout}`;
    detail.title = `${d.txid}:${d.vout}`;
    li.append(what, amount, detail);
    return li;
  }));
}

/** testnet and signet share their addresses (tb1…). */
const sameAddressSpace = (a: string | undefined, b: Network) => a === b || (a !== 'mainnet' && a !== 'regtest' && b !== 'mainnet' && b !== 'regtest');

/**
 * What the withdrawal form asks for (the amount read through `amount`): {address, all, amountSat?,
 * feeRate?}. Throws UserError. The address is checked here first (a pasted bitcoin: URI gives its
 * address), so that a typo is explained at once; the node checks it again.
 */
async function askedWithdrawal(session: Session, amount: AmountField): Promise<Asked> {
  const input = field('withdraw-address');
  const text = input.value.trim();
  let target = null;
  try {
    target = text ? await session.core.parsePaymentTarget(text) : null;
  } catch {
    target = null;
  }
  if (!target?.address || target.type !== 'onchain' || !sameAddressSpace(target.network, session.network)) {
    input.focus();
    throw new UserError(text ? messages.onchain.badAddress(session.network) : messages.needAddress);
  }
  const address = target.address;
  const all = field('withdraw-all').checked;
  return { address, all, amountSat: all ? undefined : amount.read(), feeRate: readFeeRate(field('withdraw-fee-rate')) };
}

/** Asks the node for the PSBT and shows what it does; refuses one that differs from `asked`. */
async function prepare(session: Session, asked: Asked): Promise<Prepared> {
  const body: Record<string, unknown> = { address: asked.address, ...(asked.all ? { all: true } : { amount_sat: asked.amountSat }) };
  if (asked.feeRate !== undefined) body.fee_rate = asked.feeRate;
  const built = await session.api.post('/api/v1/onchain/withdrawals', body);
  const summary = await session.core.psbtSummary(built.psbt, session.network);
  const problems = withdrawalProblems({ asked, built, summary });
  if (problems.length) {
    release(session, built);
    throw new UserError(messages.onchain.refused(problems));
  }
  const to = summary.outputs.find((o) => !o.change)!;
  const { terms } = messages.onchain;
  fillTerms($('withdraw-details'), [
    [terms.to, to.address ?? to.scriptPubKey],
    [terms.amount, messages.sat(to.amount)],
    [terms.change, messages.sat(summary.change)],
    [terms.fee, messages.sat(summary.fee)],
    [terms.feeRate, messages.onchain.feeRate(summary.feeRate)],
  ]);
  return { built };
}

/** Gives up on a built withdrawal so that its coins are free at once (else after 10 minutes). */
function release(session: Session, built: Answer) {
  session.api.delete(`/api/v1/onchain/withdrawals/${encodeURIComponent(built.id)}`).catch(() => {});
}

/** Signs with the seed (signPsbt checks the PSBT again and finalizes it) and hands it to the node. */
async function signAndSend(session: Session, { built }: Prepared): Promise<string> {
  const signed = await session.core.signPsbt(built.psbt, session.network);
  const answer = await session.api.post(`/api/v1/onchain/withdrawals/${encodeURIComponent(built.id)}/signed`, { psbt: signed.psbt });
  if (answer.txid !== signed.txid) throw new UserError(messages.onchain.txidMismatch);
  return answer.txid;
}
