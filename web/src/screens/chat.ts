// The Chats tab: contacts and NIP-17 direct messages, NIP-29 groups on the node's relay (or
// another), and one conversation view for both. The worker (core/chat.ts) holds the relays, the
// keys and the messages; this page polls its cheap chatChanges(version) every second while the
// page is visible and redraws what changed. New messages are appended to a role=log list, so a
// screen reader reads out only what is new.
import type { ChatContact, ChatGroup, ChatMessage, ChatOverview, Conversation, RelayOutcome } from '../core/chat.ts';
import { messages } from '../i18n/index.ts';
import type { Session } from '../session.ts';
import { $, UserError, busy, copyButton, describeError, every, field, readSat } from '../ui.ts';
import './chat.css';

/** A message that is a whole Cashu token (cashuA… / cashuB…). */
const ecashToken = /^cashu[AB][A-Za-z0-9_=+/-]+$/;

const pollMs = 1000;
const relaysKey = 'flash.chat.relays';

type Open = { type: 'dm'; pubkey: string } | { type: 'group'; key: string };

/** The relays configured in the settings (one per line in localStorage; none: the node's own). */
const configuredRelays = () => (localStorage.getItem(relaysKey) ?? '').split('\n').map((l) => l.trim()).filter(Boolean);

/** A worker error as a sentence: the chat's own codes first, then the app's. */
function sentence(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string' && code in messages.chat.errors) return messages.chat.errors[code];
  return describeError(error);
}

/** Runs `task` like busy(), with the chat's error sentences. */
function act<T>(button: HTMLElement, errorElement: HTMLElement, task: () => Promise<T>) {
  return busy(button as HTMLButtonElement, errorElement, async () => {
    try {
      return await task();
    } catch (error) {
      if (error instanceof UserError) throw error;
      throw new UserError(sentence(error));
    }
  });
}

const hostOf = (relay: string) => relay.replace(/^wss?:\/\//, '');
/** "restricted: not a member of this group" -> "not a member of this group". */
const reasonOf = (message: string) => message.replace(/^[a-z-]+: ?/, '').trim() || message;

/** The relays that refused or did not answer, each as a clause ("127.0.0.1:8080 refused it (…)"). */
const problemsOf = (relays: RelayOutcome[]) => relays.flatMap((r) =>
  r.status === 'rejected' ? [messages.chat.refusedBy(hostOf(r.relay), reasonOf(r.message))]
    : r.status === 'timed-out' ? [messages.chat.noAnswer(hostOf(r.relay))] : []);

/** What the relays' answers mean for a message, as a sentence ('' when there is nothing to say). */
function outcome(message: ChatMessage): string {
  const t = messages.chat;
  if (message.state === 'sending') return '';
  const problems = problemsOf(message.relays).join('; ');
  const said = message.state === 'failed' ? t.notSent(problems || t.noRelay)
                                          : (problems ? t.sentExcept(problems) : '');
  return [said, message.copyKept === false ? t.copyNotKept : ''].filter(Boolean).join(' ');
}

/** Why a join or an admin action was refused, for the sentences that wrap it. */
const refusals = (relays: RelayOutcome[]) => problemsOf(relays).join('; ') || messages.chat.noRelay;

const shortKey = (npub: string) => `${npub.slice(0, 12)}…${npub.slice(-6)}`;
const contactName = (c: ChatContact) => c.name || c.nip05 || shortKey(c.npub);
const groupName = (g: ChatGroup) => g.name || messages.chat.unnamedGroup;

/** Wires the Chats tab to `session` (until session.signal aborts); returns what to run when the tab is shown. */
export function attachChat(session: Session): () => void {
  const { core, signal } = session;
  const t = () => messages.chat;
  let version = 0;
  let overview: ChatOverview | null = null;
  let current: Open | null = null;
  let conversation: Conversation | null = null;

  for (const id of ['chat-error', 'contact-error', 'join-error', 'create-error', 'chat-relays-result', 'chat-relays-error'])
    $(id).textContent = '';
  field('chat-relays').value = configuredRelays().join('\n');
  showHome();

  const start = async () => {
    $('chat-error').textContent = '';
    try {
      overview = await core.chatStart(location.origin, configuredRelays());
      version = overview.version;
      drawOverview();
    } catch (error) {
      $('chat-error').textContent = sentence(error);
    }
  };
  const started = start();

  const poll = async () => {
    await started;
    if (signal.aborted || !overview) return;
    const news = await core.chatChanges(version);
    if (!news || signal.aborted) return;
    overview = news;
    version = news.version;
    drawOverview();
    if (current && !$('panel-chat').hidden) {
      await drawConversation();
      if (news.unread) refresh();  // what was just read no longer counts as unread
    }
  };
  const refresh = every(pollMs, signal, poll);

  // ---- the lists -----------------------------------------------------------------------------------

  function drawOverview() {
    if (!overview) return;
    const connected = overview.relays.filter((r) => r.state === 'connected').length;
    $('chat-status').textContent = t().relays(connected, overview.relays.length);
    $('chat-unread').textContent = overview.unread ? String(overview.unread) : '';
    $('chat-unread').hidden = !overview.unread;
    $('chat-unread').setAttribute('aria-label', t().unread(overview.unread));
    if ($('tab-chat').getAttribute('aria-selected') === 'true') revealTab();
    const contacts = [...overview.contacts].sort((a, b) => (b.last ?? 0) - (a.last ?? 0) || contactName(a).localeCompare(contactName(b)));
    fillList($('chat-contacts'), contacts.map((c) => listItem(contactName(c), c.known ? shortKey(c.npub) : t().stranger, c.unread,
      { type: 'dm', pubkey: c.pubkey })), t().noContacts);
    fillList($('chat-groups'), overview.groups.map((g) => listItem(groupName(g), g.ref, g.unread, { type: 'group', key: g.key })),
             t().noGroups);
  }

  /** Scrolls the tab bar sideways (only) so that this tab and its badge are not cut off at its end. */
  function revealTab() {
    const bar = $('tabs');
    const over = $('tab-chat').getBoundingClientRect().right - bar.getBoundingClientRect().right;
    if (over > 0) bar.scrollLeft += over;
  }

  function listItem(title: string, detail: string, unread: number, target: Open): HTMLLIElement {
    const li = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'chat-item';
    button.dataset.target = target.type === 'dm' ? target.pubkey : target.key;
    const name = Object.assign(document.createElement('span'), { className: 'who', textContent: title });
    const sub = Object.assign(document.createElement('span'), { className: 'detail', textContent: detail });
    button.append(name, sub);
    if (unread) {
      const badge = Object.assign(document.createElement('span'), { className: 'badge', textContent: String(unread) });
      badge.setAttribute('aria-label', t().unread(unread));
      button.append(badge);
    }
    button.addEventListener('click', () => openConversation(target), { signal });
    li.append(button);
    return li;
  }

  function fillList(list: HTMLElement, items: HTMLLIElement[], empty: string) {
    if (items.length) list.replaceChildren(...items);
    else list.replaceChildren(Object.assign(document.createElement('li'), { className: 'empty', textContent: empty }));
  }

  // ---- one conversation ------------------------------------------------------------------------------

  function showHome() {
    current = null;
    conversation = null;
    $('chat-view').hidden = true;
    $('chat-home').hidden = false;
    $('chat-log').replaceChildren();
  }

  async function openConversation(target: Open) {
    current = target;
    conversation = null;
    $('chat-log').replaceChildren();
    for (const id of ['chat-view-result', 'chat-view-error', 'chat-send-error']) $(id).textContent = '';
    field('chat-text').value = '';
    ($('chat-details') as HTMLDetailsElement).open = false;
    $('chat-home').hidden = true;
    $('chat-view').hidden = false;
    await drawConversation().catch((error) => { $('chat-view-error').textContent = sentence(error); });
    $('chat-text').focus();
  }

  async function drawConversation() {
    const target = current;
    if (!target) return;
    const got = target.type === 'dm' ? await core.directMessages(target.pubkey) : await core.groupMessages(target.key);
    if (current !== target) return;  // another one was opened meanwhile
    conversation = got;
    const { contact, group } = got;
    $('chat-title').textContent = contact ? contactName(contact) : groupName(group!);
    $('chat-contact-details').hidden = !contact;
    $('chat-group-details').hidden = !group;
    if (contact) {
      // What the title does not say already: the NIP-05 name or the key, and a stranger's status.
      const key = contact.name ? contact.nip05 ?? shortKey(contact.npub) : contact.nip05 ? shortKey(contact.npub) : '';
      $('chat-about').textContent = [key, contact.known ? '' : t().stranger].filter(Boolean).join(' · ');
      $('chat-npub').textContent = contact.npub;
      $('chat-add-stranger').hidden = contact.known;
      $('chat-remove-contact').hidden = !contact.known;
      $('chat-members-only').hidden = true;
      $('chat-ecash-form').hidden = false;
    } else if (group) {
      const about = t().about;
      $('chat-about').textContent = [group.private ? about.private : about.public, group.closed ? about.closed : '',
        group.member === true ? about.member : group.member === false ? about.notMember : '', group.admin ? about.admin : '']
        .filter(Boolean).join(' · ');
      $('chat-group-ref').textContent = group.ref;
      $('member-form').hidden = !group.admin;
      $('chat-members-only').hidden = !(group.private && group.member !== true);
      $('chat-ecash-form').hidden = true;  // a token in a group could be claimed by any member
    }
    drawLog(got);
  }

  /** Adds new messages to the log and updates the state of those shown (nothing is redrawn, so nothing is read out twice). */
  function drawLog({ messages: list, group, names }: Conversation) {
    const log = $('chat-log');
    const shown = new Map([...log.children].map((li) => [(li as HTMLElement).dataset.id!, li as HTMLLIElement]));
    // Follow new messages only when the reader is at the bottom already (not reading older ones).
    const atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 48;
    let previous: Element | null = null;
    let added = false;
    for (const message of list) {
      let li = shown.get(message.id);
      if (!li) {
        li = messageItem(message, group && !message.mine ? names[message.author] ?? shortKey(message.author) : '');
        if (previous) previous.after(li);
        else log.prepend(li);
        added = true;
      }
      updateState(li, message);
      previous = li;
    }
    $('chat-empty').hidden = list.length > 0;
    if (added && (atBottom || shown.size === 0)) log.scrollTop = log.scrollHeight;
  }

  function messageItem(message: ChatMessage, author: string): HTMLLIElement {
    const li = document.createElement('li');
    li.dataset.id = message.id;
    li.dataset.from = message.mine ? 'me' : 'them';
    if (author) li.append(Object.assign(document.createElement('span'), { className: 'author', textContent: author }));
    if (ecashToken.test(message.content.trim())) li.append(tokenCard(message.content.trim(), message.mine));
    else li.append(Object.assign(document.createElement('p'), { className: 'text', textContent: message.content }));
    const meta = Object.assign(document.createElement('span'), { className: 'meta' });
    const time = Object.assign(document.createElement('time'), { textContent: messages.time(message.created_at) });
    time.dateTime = new Date(message.created_at * 1000).toISOString();
    meta.append(time);
    if (message.mine) meta.append(' · ', Object.assign(document.createElement('span'), { className: 'state' }));
    li.append(meta, Object.assign(document.createElement('p'), { className: 'problem' }));
    return li;
  }

  function updateState(li: HTMLLIElement, message: ChatMessage) {
    if (li.dataset.state === message.state && li.dataset.relays === String(message.relays.length)) return;
    li.dataset.state = message.state;
    li.dataset.relays = String(message.relays.length);
    const state = li.querySelector('.state');
    if (state) state.textContent = t().states[message.state];
    li.querySelector('.problem')!.textContent = outcome(message);
  }

  /** An eCash token in a message: its amount, and for the receiver a button that claims it. */
  function tokenCard(token: string, mine: boolean): HTMLElement {
    const card = Object.assign(document.createElement('div'), { className: 'token-card' });
    const what = Object.assign(document.createElement('p'), { className: 'text', textContent: t().ecashToken });
    card.append(what);
    core.tokenInfo(token).then((info) => { what.textContent = t().ecashOf(messages.sat(Number(info.amount))); }, () => {});
    if (mine) return card;
    const claim = Object.assign(document.createElement('button'), { type: 'button', className: 'claim', textContent: t().claim });
    const said = Object.assign(document.createElement('p'), { className: 'claimed', role: 'status' });
    claim.addEventListener('click', () => act(claim, said, async () => {
      const received = await core.receiveToken(token);
      claim.hidden = true;
      said.textContent = t().claimed(messages.sat(Number(received.amount)));
      session.refreshAccount();
    }), { signal });
    card.append(claim, said);
    return card;
  }

  // ---- actions -------------------------------------------------------------------------------------------

  $('chat-back').addEventListener('click', () => {
    const was = current;
    showHome();
    refresh();
    const key = was?.type === 'dm' ? was.pubkey : was?.key;
    document.querySelector<HTMLElement>(`.chat-item[data-target="${CSS.escape(key ?? '')}"]`)?.focus();
  }, { signal });

  $('chat-send-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const target = current;
    if (!target) return;
    act($('chat-send'), $('chat-send-error'), async () => {
      const text = field('chat-text').value;
      if (!text.trim()) throw new UserError(t().errors.empty_message);
      const sending = target.type === 'dm' ? core.sendDirectMessage(target.pubkey, text) : core.sendGroupMessage(target.key, text);
      field('chat-text').value = '';
      refresh();  // shows it as "sending" at once (the worker filed it before it asked the relays)
      const sent = await sending;
      refresh();
      if (sent.state === 'failed') throw new UserError(outcome(sent));
    });
  }, { signal });
  // eCash in a DM: a token locked to the contact (only their key redeems it), sent as the message.
  $('chat-ecash-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const target = current;
    if (target?.type !== 'dm') return;
    act($('chat-ecash-send'), $('chat-ecash-error'), async () => {
      const amount = readSat(field('chat-ecash-amount'));
      const { token } = await core.sendToken(location.origin, amount, { lockTo: target.pubkey });
      field('chat-ecash-amount').value = '';
      const sending = core.sendDirectMessage(target.pubkey, token);
      refresh();
      const sent = await sending;
      refresh();
      if (sent.state === 'failed') throw new UserError(outcome(sent));
    });
  }, { signal });
  // Enter sends, Shift+Enter starts a new line (and an IME composing a word keeps its Enter).
  $('chat-text').addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
    event.preventDefault();
    ($('chat-send-form') as HTMLFormElement).requestSubmit();
  }, { signal });

  $('contact-form').addEventListener('submit', (event) => {
    event.preventDefault();
    act($('contact-submit'), $('contact-error'), async () => {
      const contact = await core.addContact(field('contact-input').value, field('contact-name').value);
      field('contact-input').value = field('contact-name').value = '';
      ($('contact-add') as HTMLDetailsElement).open = false;
      await openConversation({ type: 'dm', pubkey: contact.pubkey });
    });
  }, { signal });

  $('join-form').addEventListener('submit', (event) => {
    event.preventDefault();
    act($('join-submit'), $('join-error'), async () => {
      const { group, relays, joined } = await core.joinGroup(field('join-ref').value, field('join-code').value);
      field('join-ref').value = field('join-code').value = '';
      ($('group-join') as HTMLDetailsElement).open = false;
      await openConversation({ type: 'group', key: group.key });
      if (joined) $('chat-view-result').textContent = t().joined;
      else $('chat-view-error').textContent = t().joinRefused(refusals(relays));
    });
  }, { signal });

  $('create-form').addEventListener('submit', (event) => {
    event.preventDefault();
    act($('create-submit'), $('create-error'), async () => {
      const { group, relays } = await core.createGroup(field('group-name').value,
        { isPrivate: field('group-private').checked, closed: field('group-closed').checked });
      if (!group) throw new UserError(t().createRefused(refusals(relays)));
      field('group-name').value = '';
      field('group-private').checked = field('group-closed').checked = false;
      ($('group-create') as HTMLDetailsElement).open = false;
      await openConversation({ type: 'group', key: group.key });
    });
  }, { signal });

  $('member-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const target = current;
    if (target?.type !== 'group') return;
    $('chat-view-result').textContent = '';
    act($('member-submit'), $('chat-view-error'), async () => {
      const { succeeded, relays } = await core.addGroupMember(target.key, field('member-input').value);
      if (!succeeded) throw new UserError(t().memberRefused(refusals(relays)));
      field('member-input').value = '';
      $('chat-view-result').textContent = t().memberAdded;
    });
  }, { signal });

  copyButton($('chat-group-ref-copy') as HTMLButtonElement, () => $('chat-group-ref').textContent ?? '', signal);

  $('chat-add-stranger').addEventListener('click', () => {
    const target = current;
    if (target?.type !== 'dm' || !conversation?.contact) return;
    act($('chat-add-stranger'), $('chat-view-error'), async () => {
      await core.addContact(conversation!.contact!.npub);
      await drawConversation();
    });
  }, { signal });

  $('chat-remove-contact').addEventListener('click', () => {
    const target = current;
    if (target?.type !== 'dm') return;
    act($('chat-remove-contact'), $('chat-view-error'), async () => {
      await core.removeContact(target.pubkey);
      showHome();
      refresh();
    });
  }, { signal });

  $('chat-leave').addEventListener('click', () => {
    const target = current;
    if (target?.type !== 'group') return;
    act($('chat-leave'), $('chat-view-error'), async () => {
      await core.leaveGroup(target.key);
      showHome();
      refresh();
    });
  }, { signal });

  // ---- the relays setting ----------------------------------------------------------------------------------

  $('chat-relays-save').addEventListener('click', () => {
    $('chat-relays-result').textContent = '';
    act($('chat-relays-save'), $('chat-relays-error'), async () => {
      const lines = field('chat-relays').value.split('\n').map((l) => l.trim()).filter(Boolean);
      const bad = lines.find((l) => !/^wss?:\/\/[^\s/?#@]+/i.test(l));
      if (bad) throw new UserError(t().badRelay(bad));
      localStorage.setItem(relaysKey, lines.join('\n'));
      showHome();
      await start();
      $('chat-relays-result').textContent = t().relaysSaved;
    });
  }, { signal });

  return () => {
    revealTab();
    refresh();
    if (current) drawConversation().catch((error) => { $('chat-view-error').textContent = sentence(error); });
  };
}
