// The eCash tab: mints (the node's own first), eCash made from the Lightning balance, tokens sent
// (text and QR) and received (checked, then claimed), merchants' eCash rewards (minted as they
// come), and the wallet's eCash history. The wallet
// itself runs in the core's worker (core/ecash.ts); this screen only asks it.
import type { EcashBalance, EcashOperation } from '../core/types.ts';
import { fiatValue, onFiatChange } from '../fiat.ts';
import { messages } from '../i18n/index.ts';
import { feeReserveSat } from './lightning.ts';
import { showQr } from '../qr.ts';
import type { Session } from '../session.ts';
import { $, UserError, busy, copyButton, describeError, every, field, fillTerms } from '../ui.ts';
import { amountField } from './amount-field.ts';

const refreshMs = 5000;
/** Operations that move no money are not history. */
const moneyKinds = new Set(['mint', 'melt', 'send', 'receive', 'restore', 'prepare-offline']);

/** Wires the eCash panel; returns show(), to call whenever the panel is opened. `restored`: recover the seed's eCash at once. */
export function attachEcash(session: Session, { restored = false } = {}): () => void {
  const { core, signal } = session;
  const nodeMint = location.origin;
  let reviewed: string | null = null;   // the token shown for claiming
  let ready: Promise<void> | null = null;
  $('ecash-token').hidden = $('ecash-receive-review').hidden = true;
  for (const id of ['ecash-status', 'ecash-error', 'topup-result', 'topup-error', 'ecash-send-error', 'ecash-receive-result', 'ecash-receive-error'])
    $(id).textContent = '';

  /**
   * Mints the eCash rewards the node holds for this wallet (NIP-98: they are the holder's alone).
   * Runs from refresh(): prepare() and refreshNow() are only reached after its first await.
   */
  let claiming = false;
  const claimRewards = async () => {
    if (claiming) return;
    claiming = true;
    try {
      // Offline or a node without rewards: nothing to claim now, asked again at the next refresh.
      const { rewards = [] } = await session.api.get('/api/v1/rewards/ecash').catch(() => ({}));
      if (!rewards.length || signal.aborted) return;
      await prepare();
      const minted = await core.claimRewards(nodeMint, rewards);
      if (minted && !signal.aborted) {
        $('ecash-status').textContent = messages.ecash.rewardMinted(messages.sat(minted));
        refreshNow();
      }
    } catch (error) {
      if (!signal.aborted) $('ecash-error').textContent = describeError(error);
    } finally {
      claiming = false;
    }
  };
  const refresh = async () => {
    void claimRewards();
    try {
      const [balances, history] = await Promise.all([core.ecashBalances(), core.ecashHistory()]);
      if (signal.aborted) return;
      showMints(balances, nodeMint);
      showHistory(history, takeBack);
      $('ecash-error').textContent = '';
    } catch (error) {
      if (!signal.aborted) $('ecash-error').textContent = describeError(error);
    }
  };
  // The balance card's eCash figure is kept up to date even when the tab is not open.
  const refreshNow = every(refreshMs, signal, refresh);
  const takeBack = (send: string, button: HTMLButtonElement) =>
    busy(button, $('ecash-error'), async () => {
      await core.takeBack(send);
      refreshNow();
    });
  const mint = () => field('ecash-mint').value || nodeMint;
  const topUpAmount = amountField('topup-amount', signal);
  const sendAmount = amountField('ecash-send-amount', signal);
  onFiatChange(() => refreshNow(), signal);

  /** The node's mint is known to the wallet before anything else (once per session; again after a failure). */
  const prepare = () => {
    ready ??= (async () => {
      $('ecash-status').textContent = messages.ecash.addingMint;
      try {
        await core.addMint(nodeMint);
        if (restored) await restore(nodeMint);
      } finally {
        $('ecash-status').textContent = '';
      }
      refreshNow();
    })().catch((error) => {
      ready = null;
      $('ecash-error').textContent = describeError(error);
    });
    return ready;
  };
  const restore = async (url: string) => {
    $('ecash-status').textContent = messages.ecash.restoring;
    const { amount } = await core.restoreEcash(url);
    $('topup-result').textContent = amount === '0' ? messages.ecash.nothingToRestore : messages.ecash.restored(messages.sat(Number(amount)));
  };

  $('mint-add-form').addEventListener('submit', (event) => {
    event.preventDefault();
    busy($<HTMLButtonElement>('mint-add'), $('ecash-error'), async () => {
      const url = field('mint-url').value.trim();
      if (!/^https?:\/\/\S+$/.test(url)) throw new UserError(messages.ecash.mintUrl);
      await core.addMint(url.replace(/\/+$/, ''));
      field('mint-url').value = '';
      refreshNow();
    });
  }, { signal });
  $('ecash-restore').addEventListener('click', () => busy($<HTMLButtonElement>('ecash-restore'), $('ecash-error'), async () => {
    try {
      await restore(mint());
    } finally {
      $('ecash-status').textContent = '';
    }
    refreshNow();
  }), { signal });

  $('topup-form').addEventListener('submit', (event) => {
    event.preventDefault();
    busy($<HTMLButtonElement>('topup-submit'), $('topup-error'), async () => {
      const amount = topUpAmount.read();
      await prepare();
      $('topup-result').textContent = messages.ecash.paying;
      try {
        const quote = await core.mintQuote(mint(), amount);
        const payment = await session.api.post('/api/v1/lightning/payments',
                                               { bolt11: quote.request, max_fee_sat: feeReserveSat(amount * 1000) });
        if (payment.state === 'failed') throw new UserError(messages.send.failed(payment.failure_reason));
        $('topup-result').textContent = messages.ecash.minting;
        const minted = await core.mintPaid(mint(), quote.quote);
        $('topup-result').textContent = messages.ecash.toppedUp(messages.sat(Number(minted.amount)));
      } catch (error) {
        $('topup-result').textContent = '';
        throw error;
      }
      topUpAmount.clear();
      refreshNow();
      session.refreshAccount();
    });
  }, { signal });

  $('ecash-send-form').addEventListener('submit', (event) => {
    event.preventDefault();
    busy($<HTMLButtonElement>('ecash-send-submit'), $('ecash-send-error'), async () => {
      const amount = sendAmount.read();
      const memo = field('ecash-send-memo').value.trim() || undefined;
      const { token } = await core.sendToken(mint(), amount, { memo });
      $('ecash-token-text').textContent = token;
      showQr($('ecash-token-qr'), token);
      $('ecash-token').hidden = false;
      sendAmount.clear();
      field('ecash-send-memo').value = '';
      refreshNow();
    });
  }, { signal });
  copyButton($<HTMLButtonElement>('ecash-token-copy'), () => $('ecash-token-text').textContent ?? '', signal);

  const dropReview = () => {
    reviewed = null;
    $('ecash-receive-review').hidden = true;
  };
  field('ecash-receive-token').addEventListener('input', dropReview, { signal });
  $('ecash-receive-cancel').addEventListener('click', dropReview, { signal });
  $('ecash-receive-form').addEventListener('submit', (event) => {
    event.preventDefault();
    busy($<HTMLButtonElement>('ecash-receive-check'), $('ecash-receive-error'), async () => {
      $('ecash-receive-result').textContent = '';
      const token = field('ecash-receive-token').value.trim();
      if (!/^cashu[AB]/.test(token)) throw new UserError(messages.ecash.notToken);
      const info = await core.tokenInfo(token);
      const { terms } = messages.ecash;
      const rows: [string, string][] = [[terms.amount, messages.sat(Number(info.amount))], [terms.mint, mintName(info.mint, nodeMint)]];
      if (info.memo) rows.push([terms.memo, info.memo]);
      if (!info.known) rows.push([terms.newMint, messages.ecash.newMintYes]);
      fillTerms($('ecash-receive-details'), rows);
      reviewed = token;
      $('ecash-receive-review').hidden = false;
      $('ecash-receive-claim').focus();
    });
  }, { signal });
  $('ecash-receive-claim').addEventListener('click', () => {
    if (!reviewed) return;
    const token = reviewed;
    busy($<HTMLButtonElement>('ecash-receive-claim'), $('ecash-receive-error'), async () => {
      const received = await core.receiveToken(token);
      $('ecash-receive-result').textContent = messages.ecash.claimed(messages.sat(Number(received.amount)), messages.sat(Number(received.fee)));
      field('ecash-receive-token').value = '';
      dropReview();
      refreshNow();
    });
  }, { signal });

  /** Once per opening: sends whose receiver has claimed them since stop offering a Take back. */
  const checkClaims = () => core.checkClaims().then(refreshNow, (error) => { $('ecash-error').textContent = describeError(error); });
  return () => { prepare().then(checkClaims); };
}

/** The node's own mint by name; others by their host. */
const mintName = (url: string, nodeMint: string) => (url === nodeMint ? messages.ecash.thisNode : new URL(url).host);

function showMints(balances: EcashBalance[], nodeMint: string) {
  const sats = balances.filter((b) => b.unit === 'sat');
  const total = sats.reduce((sum, b) => sum + Number(b.balance), 0);
  const pending = sats.reduce((sum, b) => sum + Number(b.pending), 0);
  $('balance-ecash').textContent = messages.sat(total);
  $('balance-ecash-fiat').textContent = fiatValue(total);
  $('balance-ecash-note').textContent = pending ? messages.ecash.pendingNote(messages.sat(pending)) : '';

  const select = field('ecash-mint') as unknown as HTMLSelectElement;
  const chosen = select.value || nodeMint;
  const mints = [...new Set([nodeMint, ...sats.map((b) => b.mint)])];
  if (select.options.length !== mints.length || [...select.options].some((o, i) => o.value !== mints[i]))
    select.replaceChildren(...mints.map((url) => new Option(mintName(url, nodeMint), url, false, url === chosen)));

  $('ecash-mints').replaceChildren(...sats.map((b) => {
    const li = document.createElement('li');
    li.dataset.mint = b.mint;
    const what = Object.assign(document.createElement('span'), { className: 'what', textContent: mintName(b.mint, nodeMint) });
    const amount = Object.assign(document.createElement('span'), { className: 'amount', textContent: messages.sat(Number(b.balance)) });
    li.append(what, amount);
    if (Number(b.offline)) li.append(Object.assign(document.createElement('span'), { className: 'detail', textContent: messages.ecash.offlineNote(messages.sat(Number(b.offline))) }));
    return li;
  }));
}

/** The line under a send its receiver has not claimed: a Take back button, or until when it is theirs alone. */
function unclaimedSend(op: EcashOperation, takeBack: (send: string, button: HTMLButtonElement) => void): HTMLElement {
  const detail = Object.assign(document.createElement('span'), { className: 'detail' });
  const lockedUntil = op.locktime && op.locktime > Date.now() / 1000 ? op.locktime : undefined;
  if (lockedUntil) {
    detail.textContent = `${messages.ecash.unclaimed} · ${messages.ecash.takeBackAfter(lockedUntil)}`;
    return detail;
  }
  const button = Object.assign(document.createElement('button'), { type: 'button', className: 'secondary', textContent: messages.ecash.takeBack });
  button.addEventListener('click', () => takeBack(op.id, button));
  detail.append(`${messages.ecash.unclaimed} `, button);
  return detail;
}

function showHistory(history: EcashOperation[], takeBack: (send: string, button: HTMLButtonElement) => void) {
  const list = $('ecash-history');
  const items = history.filter((op) => moneyKinds.has(op.kind) && op.state !== 'quoting').reverse();
  if (!items.length) {
    list.replaceChildren(Object.assign(document.createElement('li'), { className: 'empty', textContent: messages.ecash.noHistory }));
    return;
  }
  list.replaceChildren(...items.map((op) => {
    const li = document.createElement('li');
    li.dataset.kind = op.kind;
    li.dataset.state = op.state;
    const incoming = op.kind === 'mint' || op.kind === 'receive' || op.kind === 'restore';
    const kind = op.took_back ? messages.ecash.tookBack : op.adopted ? messages.ecash.reward : messages.ecash.kinds[op.kind] ?? op.kind;
    const what = Object.assign(document.createElement('span'), { className: 'what', textContent: kind });
    const amount = Object.assign(document.createElement('span'), {
      className: incoming ? 'amount in' : 'amount out',
      textContent: `${op.kind === 'prepare-offline' ? '' : incoming ? '+' : '−'}${messages.sat(Number(op.amount))}`,
    });
    const detail = Number(op.outstanding)
      ? unclaimedSend(op, takeBack)
      : Object.assign(document.createElement('span'), { className: 'detail', textContent: messages.ecash.states[op.state] ?? op.state });
    li.append(what, amount, detail);
    return li;
  }));
}
