// Flash Cards (Bolt Cards) of the person, and the rewards a merchant gives per card payment.
// A card pays from its holder's Lightning account at the node, within the limits set here. The
// node derives the card's keys; they are shown once, as the QR code a Bolt Card programming app
// reads (and again when the card is wiped, to reset it). In the demo (the node's fake Lightning),
// the node can also tap a card for its holder: the link it makes is shown, clearly as a
// simulation, for the point of sale to read like the card's own.
import type { Answer } from '../api.ts';
import { messages } from '../i18n/index.ts';
import { showQr } from '../qr.ts';
import type { Session } from '../session.ts';
import { $, UserError, busy, copyButton, describeError, field, readSat } from '../ui.ts';

/** Wires the card and reward sections; returns show(), to call whenever the panel is opened. */
export function attachCards(session: Session): () => void {
  const { api, signal } = session;
  const demo = session.info.lightning === 'fake';
  $('card-keys').hidden = true;
  $('card-tap').hidden = true;

  const refresh = async () => {
    try {
      const { cards = [] } = await api.get('/api/v1/cards');
      showCards(cards as Answer[]);
      $('cards-error').textContent = '';
    } catch (error) {
      $('cards-error').textContent = describeError(error);
    }
  };

  const showKeys = (note: string, json: Answer) => {
    $('card-keys-note').textContent = note;
    showQr($('card-keys-qr'), JSON.stringify(json));
    $('card-keys').hidden = false;
  };
  $('card-keys-done').addEventListener('click', () => {
    $('card-keys').hidden = true;
    $('card-keys-qr').replaceChildren();  // the keys are not left on the screen
  }, { signal });

  $('card-tap-done').addEventListener('click', () => {
    $('card-tap').hidden = true;
    $('card-tap-qr').replaceChildren();
    refresh();  // the tap may have paid since: the day's spending changed
  }, { signal });
  copyButton($<HTMLButtonElement>('card-tap-copy'), () => $('card-tap-link').textContent ?? '', signal);

  $('card-form').addEventListener('submit', (event) => {
    event.preventDefault();
    busy($<HTMLButtonElement>('card-submit'), $('card-form-error'), async () => {
      const uid = field('card-uid').value.trim().toLowerCase();
      if (!/^[0-9a-f]{14}$/.test(uid)) throw new UserError(messages.cards.badUid);
      const name = field('card-name').value.trim();
      const answer = await api.post('/api/v1/cards', {
        uid, ...(name ? { name } : {}),
        max_payment_sat: readSat(field('card-max-payment')), max_day_sat: readSat(field('card-max-day')),
      });
      showKeys(messages.cards.programNote, answer.programming);
      field('card-uid').value = field('card-name').value = '';
      await refresh();
    });
  }, { signal });

  /** The buttons of a card's row. */
  const act = (card: Answer, kind: 'toggle' | 'wipe' | 'tap', button: HTMLButtonElement) => busy(button, $('cards-error'), async () => {
    const path = `/api/v1/cards/${encodeURIComponent(card.id)}`;
    if (kind === 'tap') {
      $('card-tap').hidden = true;  // the last tap's link is spent: never shown as the new one
      const tap = await api.post(`/api/v1/fake/cards/${encodeURIComponent(card.id)}/tap`);
      $('card-tap-note').textContent = messages.cards.simulatedNote(card.name || messages.cards.unnamed, tap.counter);
      showQr($('card-tap-qr'), tap.url);
      $('card-tap-link').textContent = tap.url;
      $('card-tap').hidden = false;
      return;
    }
    if (kind === 'toggle') {
      await api.request('PATCH', path, { enabled: card.state !== 'active' });
    } else {
      if (!confirm(messages.cards.wipeConfirm)) return;
      const answer = await api.post(`${path}/wipe`);
      showKeys(messages.cards.wipeNote, answer.wipe);
    }
    await refresh();
  });

  function showCards(cards: Answer[]) {
    const list = $('cards-list');
    if (!cards.length) {
      list.replaceChildren(Object.assign(document.createElement('li'), { className: 'empty', textContent: messages.cards.none }));
      return;
    }
    list.replaceChildren(...cards.filter((card) => card.state !== 'wiped').map((card) => {
      const li = document.createElement('li');
      li.dataset.state = card.state;
      li.dataset.card = card.id;
      const what = Object.assign(document.createElement('span'), { className: 'what', textContent: card.name || messages.cards.unnamed });
      const state = Object.assign(document.createElement('span'), { className: 'amount', textContent: messages.cards.states[card.state] ?? card.state });
      const limits = messages.cards.limits(messages.sat(card.max_payment_sat), messages.sat(card.max_day_sat),
                                           messages.msat(card.spent_today_msat ?? 0));
      const payments = (card.payments ?? []).slice(-3).reverse()
        .map((p: Answer) => messages.cards.payment(messages.msat(p.amount_msat), messages.time(p.created_at)));
      const detail = Object.assign(document.createElement('span'), { className: 'detail', textContent: [limits, ...payments].join(' · ') });
      const row = Object.assign(document.createElement('div'), { className: 'row' });
      const toggle = Object.assign(document.createElement('button'), {
        type: 'button', className: 'secondary', textContent: card.state === 'active' ? messages.cards.disable : messages.cards.enable,
      });
      const wipe = Object.assign(document.createElement('button'), { type: 'button', className: 'link', textContent: messages.cards.wipe });
      toggle.addEventListener('click', () => act(card, 'toggle', toggle), { signal });
      wipe.addEventListener('click', () => act(card, 'wipe', wipe), { signal });
      row.append(toggle, wipe);
      if (demo) {
        const tap = Object.assign(document.createElement('button'), { type: 'button', className: 'secondary simulated-tap', textContent: messages.cards.simulatedTap });
        tap.addEventListener('click', () => act(card, 'tap', tap), { signal });
        row.append(tap);
      }
      li.append(what, state, detail, row);
      return li;
    }));
  }

  // ---- rewards (the merchant's side) ----
  const showLedger = async () => {
    try {
      const { rewards = [] } = await api.get('/api/v1/merchant/rewards/ledger');
      // The node answers newest first: the ten latest.
      $('rewards-ledger').replaceChildren(...(rewards as Answer[]).slice(0, 10).map((entry) => {
        const li = document.createElement('li');
        li.dataset.state = entry.state;
        const what = entry.payout === 'ecash' ? messages.cards.rewardPaidEcash : messages.cards.rewardStates[entry.state] ?? entry.state;
        li.append(Object.assign(document.createElement('span'), { className: 'what', textContent: what }),
                  Object.assign(document.createElement('span'), { className: 'amount out', textContent: messages.msat(entry.amount_msat) }),
                  Object.assign(document.createElement('span'), { className: 'detail', textContent: [messages.time(entry.at), entry.reason ?? ''].filter(Boolean).join(' · ') }));
        return li;
      }));
    } catch (error) {
      $('rewards-error').textContent = describeError(error);
    }
  };
  $('rewards-form').addEventListener('submit', (event) => {
    event.preventDefault();
    busy($<HTMLButtonElement>('rewards-save'), $('rewards-error'), async () => {
      $('rewards-result').textContent = '';  // "Saved" speaks of this save only
      const whole = (id: string) => {
        const text = field(id).value.trim() || '0';
        if (!/^\d+$/.test(text)) {
          field(id).focus();
          throw new UserError(messages.badAmount);
        }
        return Number(text);
      };
      const percent = Number(field('reward-percent').value.trim() || '0');
      if (!(percent >= 0 && percent <= 100)) throw new UserError(messages.cards.badPercent);
      await api.post('/api/v1/merchant/rewards', {
        per_tap_sat: whole('reward-per-tap'), percent, cap_per_card_day_sat: whole('reward-cap-card'),
        cap_per_merchant_day_sat: whole('reward-cap-day'), active: field('reward-active').checked,
        payout: $<HTMLSelectElement>('reward-payout').value,
      });
      $('rewards-result').textContent = messages.cards.rulesSaved;
    });
  }, { signal });

  /** The merchant's rule as the node has it (none yet: the form keeps its suggestions). */
  const showRule = async () => {
    try {
      const rule = await api.get('/api/v1/merchant/rewards');
      field('reward-per-tap').value = String(rule.per_tap_sat);
      field('reward-percent').value = String(rule.percent);
      field('reward-cap-card').value = String(rule.cap_per_card_day_sat);
      field('reward-cap-day').value = String(rule.cap_per_merchant_day_sat);
      field('reward-active').checked = rule.active;
      $<HTMLSelectElement>('reward-payout').value = rule.payout;
    } catch {
      // not_found: no rule yet
    }
  };

  return () => {
    refresh();
    showRule();
    showLedger();
  };
}
