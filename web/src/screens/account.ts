// Balances and history at the node, refreshed every few seconds while the page is visible. The
// last answer is kept on this device, so that the app still shows them offline (marked as such).
// Amounts have their fiat value beside them when a currency is chosen and a rate is known.
import type { Answer } from '../api.ts';
import { fiatElement, fiatValue, onFiatChange, rateAge } from '../fiat.ts';
import { messages } from '../i18n/index.ts';
import type { Session } from '../session.ts';
import { $, describeError, every } from '../ui.ts';

const refreshMs = 4000;
const incoming = new Set(['lightning_receive', 'reward_received', 'deposit']);

interface Snapshot {
  balance: Answer;
  items: Answer[];
  /** Unix seconds of the node's answer. */
  at: number;
}

const snapshotKey = (nostrPubkey: string) => `flash.account.${nostrPubkey}`;
/** What is on the page, to show again in another currency or at another rate. */
let shown: Snapshot | null = null;

/**
 * Shows the account as last seen by this device (nothing when it never saw it); says whether
 * there was one. The figures are marked with the time they are from.
 */
export function showLastSeen(nostrPubkey: string): boolean {
  let snapshot: Snapshot | null = null;
  try {
    snapshot = JSON.parse(localStorage.getItem(snapshotKey(nostrPubkey)) ?? 'null');
  } catch {
    snapshot = null;
  }
  clear();
  if (!snapshot) return false;
  show(snapshot);
  $('balance-as-of').textContent = messages.balance.asOf(messages.time(snapshot.at));
  return true;
}

/** Starts showing the account of `session`; returns a function that refreshes it at once. */
export function showAccount(session: Omit<Session, 'refreshAccount'>): () => void {
  if (!showLastSeen(session.identity.nostrPubkey)) clear();
  onFiatChange(() => { if (shown) show(shown); }, session.signal);
  return every(refreshMs, session.signal, async () => {
    try {
      const [balance, history] = await Promise.all([session.api.get('/api/v1/balance'), session.api.get('/api/v1/history')]);
      if (session.signal.aborted) return;
      const snapshot = { balance, items: history.items ?? [], at: Math.floor(Date.now() / 1000) };
      show(snapshot);
      $('balance-as-of').textContent = '';
      localStorage.setItem(snapshotKey(session.identity.nostrPubkey), JSON.stringify(snapshot));
      $('node-error').textContent = '';
    } catch (error) {
      if (!session.signal.aborted) $('node-error').textContent = describeError(error);
    }
  });
}

function clear() {
  shown = null;
  $('history').replaceChildren();
  for (const id of ['balance-lightning-fiat', 'balance-onchain-fiat', 'balance-rate']) $(id).textContent = '';
  $('balance-as-of').textContent = '';
  for (const id of ['balance-lightning', 'balance-onchain']) $(id).textContent = messages.balance.none;
}

function show(snapshot: Snapshot) {
  const { balance, items } = snapshot;
  shown = snapshot;
  showBalance(balance);
  showHistory(items);
}

function showBalance(b: Answer) {
  const { balance } = messages;
  $('balance-lightning').textContent = Number.isFinite(b.lightning_msat) ? messages.msat(b.lightning_msat) : balance.none;
  $('balance-lightning-note').textContent = b.lightning_pending_msat ? balance.pending(messages.msat(b.lightning_pending_msat)) : '';
  // The on-chain figures come with the on-chain routes; until then they stay blank.
  $('balance-onchain').textContent = Number.isFinite(b.onchain_confirmed_sat) ? messages.sat(b.onchain_confirmed_sat) : balance.none;
  $('balance-onchain-note').textContent = b.onchain_unconfirmed_sat ? balance.unconfirmed(messages.sat(b.onchain_unconfirmed_sat)) : '';
  $('balance-lightning-fiat').textContent = Number.isFinite(b.lightning_msat) ? fiatValue(b.lightning_msat / 1000) : '';
  $('balance-onchain-fiat').textContent = Number.isFinite(b.onchain_confirmed_sat) ? fiatValue(b.onchain_confirmed_sat) : '';
  $('balance-rate').textContent = rateAge();
}

function showHistory(items: Answer[]) {
  const list = $('history');
  if (!items.length) {
    const empty = document.createElement('li');
    empty.className = 'empty';
    empty.textContent = messages.history.empty;
    list.replaceChildren(empty);
    return;
  }
  list.replaceChildren(...items.map((item) => {
    const li = document.createElement('li');
    li.dataset.kind = item.kind;
    li.dataset.state = item.state;
    const what = document.createElement('span');
    what.className = 'what';
    what.textContent = (messages.history.kinds as Record<string, string>)[item.kind] ?? item.kind;
    const amount = document.createElement('span');
    amount.className = incoming.has(item.kind) ? 'amount in' : 'amount out';
    amount.textContent = `${incoming.has(item.kind) ? '+' : '−'}${messages.sat(item.amount_sat)}`;
    amount.append(fiatElement(item.amount_sat));
    const detail = document.createElement('span');
    detail.className = 'detail';
    // A reward's description is the node's own English words; its kind already says it.
    const description = item.kind.startsWith('reward_') ? '' : item.description;
    detail.textContent = [description, messages.time(item.at), (messages.states as Record<string, string>)[item.state] ?? item.state,
                          item.fee_sat ? messages.history.fee(messages.sat(item.fee_sat)) : ''].filter(Boolean).join(' · ');
    li.append(what, amount, detail);
    return li;
  }));
}
