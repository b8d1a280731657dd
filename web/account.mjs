// Balances and history at the node, refreshed every few seconds while the page is visible.
import { messages } from './messages.mjs';
import { $, describeError, every } from './ui.mjs';

const refreshMs = 4000;
const incoming = new Set(['lightning_receive', 'deposit']);

/** Starts showing the account of `session`; returns a function that refreshes it at once. */
export function showAccount(session) {
  $('history').replaceChildren();
  for (const id of ['balance-lightning', 'balance-onchain']) $(id).textContent = messages.balance.none;
  return every(refreshMs, session.signal, async () => {
    try {
      const [balance, history] = await Promise.all([session.api.get('/api/v1/balance'), session.api.get('/api/v1/history')]);
      if (session.signal.aborted) return;
      showBalance(balance);
      showHistory(history.items ?? []);
      $('node-error').textContent = '';
    } catch (error) {
      if (!session.signal.aborted) $('node-error').textContent = describeError(error);
    }
  });
}

function showBalance(b) {
  const { balance } = messages;
  $('balance-lightning').textContent = Number.isFinite(b.lightning_msat) ? messages.msat(b.lightning_msat) : balance.none;
  $('balance-lightning-note').textContent = b.lightning_pending_msat ? balance.pending(messages.msat(b.lightning_pending_msat)) : '';
  // The on-chain figures come with the on-chain routes; until then they stay blank.
  $('balance-onchain').textContent = Number.isFinite(b.onchain_confirmed_sat) ? messages.sat(b.onchain_confirmed_sat) : balance.none;
  $('balance-onchain-note').textContent = b.onchain_unconfirmed_sat ? balance.unconfirmed(messages.sat(b.onchain_unconfirmed_sat)) : '';
}

function showHistory(items) {
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
    what.textContent = messages.history.kinds[item.kind] ?? item.kind;
    const amount = document.createElement('span');
    amount.className = incoming.has(item.kind) ? 'amount in' : 'amount out';
    amount.textContent = `${incoming.has(item.kind) ? '+' : '−'}${messages.sat(item.amount_sat)}`;
    const detail = document.createElement('span');
    detail.className = 'detail';
    detail.textContent = [messages.time(item.at), messages.states[item.state] ?? item.state,
                          item.fee_sat ? messages.history.fee(messages.sat(item.fee_sat)) : ''].filter(Boolean).join(' · ');
    li.append(what, amount, detail);
    return li;
  }));
}
