// The Chats tab in real Chromium (Debian's, driven by playwright-core) against a real flash-node:
// three people in their own browser contexts, A, B and C, on 360x740 phones. A adds B by npub and
// they exchange NIP-17 direct messages both ways; on the relay those are kind 1059 gift wraps that
// a connection without AUTH cannot read, and that nostr-tools opens with B's key (derived from B's
// words, independently of the wasm core). A creates a private, closed NIP-29 group on the node's
// relay, adds B, and they chat in it; C, not a member, is refused when joining and when posting
// (the page says so) and reads none of its messages, which a raw client confirms. eCash goes to B
// inside a DM, A takes back a token nobody claimed, and A's words restore A's eCash in a fresh
// browser (NUT-13). Screenshots go
// to $FLASH_SCREENSHOTS/chat (default /tmp/flash-e2e/chat).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { finalizeEvent, getPublicKey, verifyEvent } from 'nostr-tools/pure';
import { makeAuthEvent } from 'nostr-tools/nip42';
import { privateKeyFromSeedWords } from 'nostr-tools/nip06';
import * as nip19 from 'nostr-tools/nip19';
import * as nip59 from 'nostr-tools/nip59';
import { buildWeb } from '../../tools/build-web.mjs';
import { startNode, stopAll } from '../interop/support/flash-node.mjs';
import { waitText } from './support/page.mjs';
import { appReady, createWallet, restoreWallet, unlock } from './support/onboarding.mjs';
import { launchChromium } from './support/people.mjs';

const screenshots = join(process.env.FLASH_SCREENSHOTS ?? join(tmpdir(), 'flash-e2e'), 'chat');
const phone = { width: 360, height: 740 };

let dir, node, browser, A, B, C;
const sockets = [];
let group;  // { ref, id } of the group A creates

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'flash-chat-'));
  await mkdir(screenshots, { recursive: true });
  const web = await buildWeb(join(dir, 'web'));
  node = await startNode({ args: ['--web', web] });
  browser = await launchChromium();
  [A, B, C] = await Promise.all(['a', 'b', 'c'].map(person));
});
after(async () => {
  for (const ws of sockets) ws.close();
  await browser?.close();
  await stopAll();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/**
 * A person with their own context. The service worker is blocked: it is not what these tests are
 * about, and with it out of the way the routes below also see the core worker's fetches.
 */
async function person(name) {
  const context = await browser.newContext({ viewport: phone, serviceWorkers: 'block' });
  const page = await context.newPage();
  page.on('pageerror', (e) => assert.fail(`${name}: page error: ${e.message}`));
  await page.goto(node.httpUrl);
  await appReady(page);
  return { name, context, page };
}


/** The message of the open conversation whose text is `text`, once it shows (mine or theirs). */
async function waitMessage(page, from, text, timeout = 15_000) {
  const li = page.locator(`#chat-log li[data-from=${from}]`, { has: page.locator('.text', { hasText: text }) });
  try {
    await li.first().waitFor({ timeout });
  } catch (error) {
    throw new Error(`no message "${text}" from ${from}; the log says ${JSON.stringify(await page.textContent('#chat-log'))}: ${error.message}`);
  }
  return li.first();
}

const shoot = (who, step) => who.page.screenshot({ path: join(screenshots, `${who.name}-${step}.png`), fullPage: true });

async function openChats(who) {
  await who.page.click('#tab-chat');
  assert.equal(await who.page.getAttribute('#tab-chat', 'aria-selected'), 'true');
  await waitText(who.page, '#chat-status', /Relays: 1 of 1 connected/);
}

async function home(who) {
  if (await who.page.isVisible('#chat-back')) await who.page.click('#chat-back');
  await who.page.waitForSelector('#chat-home:not([hidden])');
}

/** Types `text` in the open conversation and sends it with Enter. */
async function send(page, text) {
  await page.fill('#chat-text', text);
  await page.press('#chat-text', 'Enter');
}

// ---- a raw NOSTR client, to see what the relay itself serves -------------------------------------------

/** A raw client of `target`'s relay (the shared node by default), after its AUTH challenge. */
async function raw(target = node) {
  const ws = new WebSocket(target.relayUrl);
  sockets.push(ws);
  const inbox = [];
  const waiters = [];
  ws.on('message', (data) => {
    const message = JSON.parse(data.toString());
    const i = waiters.findIndex((w) => w.match(message));
    if (i >= 0) waiters.splice(i, 1)[0].resolve(message);
    else inbox.push(message);
  });
  await once(ws, 'open');
  const next = (match, timeoutMs = 5000) => {
    const i = inbox.findIndex(match);
    if (i >= 0) return Promise.resolve(inbox.splice(i, 1)[0]);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching message; unmatched: ${JSON.stringify(inbox).slice(0, 300)}`)), timeoutMs);
      waiters.push({ match, resolve: (m) => { clearTimeout(timer); resolve(m); } });
    });
  };
  const challenge = (await next((m) => m[0] === 'AUTH'))[1];
  return {
    /** REQ until EOSE or CLOSED: { events, closed }. */
    async req(...filters) {
      const id = `s${randomBytes(4).toString('hex')}`;
      ws.send(JSON.stringify(['REQ', id, ...filters]));
      const events = [];
      for (;;) {
        const m = await next((x) => x[1] === id && ['EVENT', 'EOSE', 'CLOSED'].includes(x[0]));
        if (m[0] === 'EVENT') events.push(m[2]);
        else {
          ws.send(JSON.stringify(['CLOSE', id]));
          return { events, closed: m[0] === 'CLOSED' ? m[2] : undefined };
        }
      }
    },
    async auth(sk) {
      const event = finalizeEvent(makeAuthEvent(target.relayUrl, challenge), sk);
      ws.send(JSON.stringify(['AUTH', event]));
      const [, , ok, reason] = await next((m) => m[0] === 'OK' && m[1] === event.id);
      assert.equal(ok, true, reason);
    },
  };
}

// ---- the tests --------------------------------------------------------------------------------------------

test('A, B and C create wallets; the Chats tab connects to the node\'s relay', async () => {
  await Promise.all([A, B, C].map(async (who) => {
    who.words = await createWallet(who.page, `${who.name} passphrase`);
    who.npub = await who.page.textContent('#nostr');
    who.sk = privateKeyFromSeedWords(who.words.join(' '));
    who.pk = getPublicKey(who.sk);
    // The wallet's NOSTR key is NIP-06 account 0 of its words, as nostr-tools derives it.
    assert.equal(nip19.decode(who.npub).data, who.pk);
  }));
  for (const who of [A, B, C]) await openChats(who);
  await waitText(A.page, '#chat-contacts', /No contacts yet/);
  await shoot(A, '1-empty');
});

test('contacts: a wrong entry is explained; NIP-05 names resolve through /.well-known/nostr.json', async () => {
  const { page, context } = A;
  await page.click('#contact-add summary');
  await page.fill('#contact-input', 'not a key');
  await page.click('#contact-submit');
  await waitText(page, '#contact-error', /^That is not an npub, a public key or a name@domain/);
  await page.fill('#contact-input', A.npub);
  await page.click('#contact-submit');
  await waitText(page, '#contact-error', /^That is your own key/);

  // The node serves no NIP-05 names itself: the answer comes from a route, for this origin's host.
  const host = new URL(node.httpUrl).host;
  const names = { carol: C.pk };
  const asked = [];
  const nostrJson = /\/\.well-known\/nostr\.json\?/;
  await context.route(nostrJson, (route) => {
    const name = new URL(route.request().url()).searchParams.get('name');
    asked.push(name);
    return route.fulfill({ json: { names: name in names ? { [name]: names[name] } : {} } });
  });
  try {
    await page.fill('#contact-input', `nobody@${host}`);
    await page.click('#contact-submit');
    await waitText(page, '#contact-error', /^Nobody by that name is known at that domain/);
    await page.fill('#contact-input', `carol@${host}`);
    await page.click('#contact-submit');
    await page.waitForSelector('#chat-view:not([hidden])');
    await waitText(page, '#chat-title', new RegExp(`^carol@${host.replace(/\./g, '\\.')}$`));
  } finally {
    await context.unroute(nostrJson);
  }
  assert.deepEqual(asked, ['nobody', 'carol']);
  await page.click('#chat-details summary');
  assert.equal(await page.textContent('#chat-npub'), C.npub);
  await page.click('#chat-remove-contact');
  await page.waitForSelector('#chat-home:not([hidden])');
  await waitText(page, '#chat-contacts', /No contacts yet/);
});

test('A adds B by npub; they exchange NIP-17 messages both ways, with unread counts on the other side', async () => {
  const { page } = A;
  if (await page.getAttribute('#contact-add', 'open') === null) await page.click('#contact-add summary');
  await page.fill('#contact-input', B.npub);
  await page.fill('#contact-name', 'Bob');
  await page.click('#contact-submit');
  await page.waitForSelector('#chat-view:not([hidden])');
  await waitText(page, '#chat-title', /^Bob$/);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'chat-text', 'the message field has the focus');
  await send(page, 'Hello Bob, lunch at noon?');
  const sent = await waitMessage(page, 'me', 'Hello Bob, lunch at noon?');
  await page.waitForSelector('#chat-log li[data-from=me][data-state=sent]', { timeout: 15_000 });
  assert.match(await sent.textContent(), /Sent/);
  assert.equal(await page.inputValue('#chat-text'), '');

  // B did not add A: the message shows as a request from someone not in the contacts, unread.
  await waitText(B.page, '#chat-unread', /^1$/);
  await waitText(B.page, '#chat-contacts', /Not in your contacts/);
  assert.equal(await B.page.getAttribute('#chat-contacts .badge', 'aria-label'), '1 unread message');
  await shoot(B, '2-unread');
  await B.page.click('#chat-contacts .chat-item');
  await waitMessage(B.page, 'them', 'Hello Bob, lunch at noon?');
  await B.page.waitForSelector('#chat-unread', { state: 'hidden' });
  assert.equal(await B.page.getAttribute('#chat-log', 'role'), 'log');
  await send(B.page, 'Yes!\nSee you there.');
  await waitMessage(B.page, 'me', 'See you there.');
  await B.page.waitForSelector('#chat-log li[data-from=me][data-state=sent]', { timeout: 15_000 });
  await shoot(B, '3-dm');

  const reply = await waitMessage(page, 'them', 'See you there.');
  assert.match(await reply.locator('.text').textContent(), /^Yes!\nSee you there\.$/);
  // The messages are in order, each with its time.
  const texts = await page.locator('#chat-log li .text').allTextContents();
  assert.deepEqual(texts, ['Hello Bob, lunch at noon?', 'Yes!\nSee you there.']);
  assert.match(await page.getAttribute('#chat-log li time', 'datetime'), /^\d{4}-\d\d-\d\dT/);
  await shoot(A, '3-dm');
});

test('the DMs are kind 1059 gift wraps on the relay: no AUTH, no wraps; B\'s key opens them', async () => {
  const stranger = await raw();
  const asked = await stranger.req({ kinds: [1059], '#p': [B.pk] });
  assert.deepEqual(asked.events, []);
  assert.match(asked.closed ?? '', /^auth-required:/);
  for (const filter of [{ '#p': [B.pk] }, { kinds: [14] }, { authors: [A.pk] }]) {
    const { events } = await stranger.req(filter);
    assert.deepEqual(events.filter((e) => [13, 14, 1059].includes(e.kind)), [], `leaked by ${JSON.stringify(filter)}`);
  }
  await stranger.auth(C.sk);  // authenticated as someone else: still nothing
  assert.deepEqual((await stranger.req({ kinds: [1059], '#p': [B.pk] })).events, []);

  const bob = await raw();
  await bob.auth(B.sk);
  const { events, closed } = await bob.req({ kinds: [1059], '#p': [B.pk] });
  assert.equal(closed, undefined);
  assert.ok(events.length >= 2, `B's inbox holds ${events.length} wraps`);  // A's message, B's own copy of the reply
  const opened = [];
  for (const wrap of events) {
    assert.equal(wrap.kind, 1059);
    assert.ok(verifyEvent({ ...wrap }));
    assert.ok(![A.pk, B.pk].includes(wrap.pubkey), 'a wrap is signed by a one-time key');
    assert.ok(!wrap.content.includes('lunch') && !wrap.content.includes('See you'), 'a wrap shows its text');
    const rumor = nip59.unwrapEvent(wrap, B.sk);
    assert.equal(rumor.kind, 14);
    opened.push({ from: rumor.pubkey, text: rumor.content });
  }
  assert.ok(opened.some((m) => m.from === A.pk && m.text === 'Hello Bob, lunch at noon?'), JSON.stringify(opened));
  assert.ok(opened.some((m) => m.from === B.pk && m.text === 'Yes!\nSee you there.'), JSON.stringify(opened));
});

test('after a lock and unlock the conversation comes back from the relay (nothing stored in clear)', async () => {
  const { page } = A;
  await page.click('#lock-now');
  await unlock(page, 'a passphrase');
  await page.click('#tab-chat');
  await waitText(page, '#chat-contacts', /Bob/);
  await page.click('#chat-contacts .chat-item');
  await waitMessage(page, 'me', 'Hello Bob, lunch at noon?');
  await waitMessage(page, 'them', 'See you there.');
});

test('A pays B 250 sat of eCash in their DM; B claims it with one tap; both balances are right', async () => {
  const a = A.page, b = B.page;
  // A's money: a Lightning payment (the fake backend settles it) turned into eCash at the node's mint.
  await a.click('#tab-lightning');
  await a.fill('#receive-amount', '2000');
  await a.click('#receive-submit');
  await a.waitForSelector('#invoice-state[data-state=settled]', { timeout: 15_000 });
  await a.click('#tab-ecash');
  await a.fill('#topup-amount', '1000');
  await a.click('#topup-submit');
  await waitText(a, '#topup-result', /1,000 sat of eCash added/, 30_000);

  await a.click('#tab-chat');
  await home(A);
  await a.click('#chat-contacts .chat-item');
  await waitText(a, '#chat-title', /^Bob$/);
  await a.fill('#chat-ecash-amount', '250');
  await a.click('#chat-ecash-send');
  const mine = a.locator('#chat-log li[data-from=me] .token-card');
  await mine.waitFor({ timeout: 15_000 });
  await waitText(a, '#chat-log li[data-from=me]:last-child .token-card', /eCash: 250 sat/);
  await waitText(a, '#balance-ecash', /^750 sat$/);

  await b.click('#tab-chat');
  await home(B);
  await b.click('#chat-contacts .chat-item');
  const card = b.locator('#chat-log li[data-from=them] .token-card').last();
  await card.waitFor({ timeout: 15_000 });
  await waitText(b, '#chat-log li[data-from=them]:last-child .token-card', /eCash: 250 sat/);
  await shoot(B, '4-ecash');
  // Until B claims it, A's history says so; locked to B for a week, it cannot be taken back yet.
  await a.click('#tab-ecash');
  const sentToB = a.locator('#ecash-history li[data-kind=send]').first();
  await waitText(a, '#ecash-history li[data-kind=send] .detail', /^not claimed yet · Can be taken back after /);
  assert.equal(await sentToB.locator('button').count(), 0);

  await card.locator('button.claim').click();
  await waitText(b, '#chat-log li[data-from=them]:last-child .claimed', /^Received 250 sat\.$/);
  await waitText(b, '#balance-ecash', /^250 sat$/);

  // Opening the eCash tab again asks the mint: the send is claimed.
  await a.click('#tab-chat');
  await a.click('#tab-ecash');
  await waitText(a, '#ecash-history li[data-kind=send] .detail', /^done$/, 15_000);
});

test('A takes back a token nobody claimed: the balance returns and the history says so', async () => {
  const a = A.page;
  await a.click('#tab-ecash');
  await a.fill('#ecash-send-amount', '100');
  await a.click('#ecash-send-submit');
  await a.waitForSelector('#ecash-token:not([hidden])');
  await waitText(a, '#balance-ecash', /^650 sat$/);
  const takeBack = a.locator('#ecash-history li[data-kind=send] .detail button');
  await takeBack.waitFor({ timeout: 10_000 });
  assert.match(await a.textContent('#ecash-history li[data-kind=send] .detail'), /^not claimed yet Take back$/);
  await takeBack.click();
  await waitText(a, '#ecash-history li[data-kind=receive] .what', /^Taken back$/, 15_000);
  await waitText(a, '#ecash-history li[data-kind=receive] .amount', /^\+100 sat$/);
  await waitText(a, '#ecash-history li[data-kind=send] .detail', /^done$/);
  await waitText(a, '#balance-ecash', /^750 sat$/);
  await a.click('#tab-chat');
});

test('A\'s words restore its 750 sat of eCash in a fresh browser (NUT-13 recovery from the mint)', async () => {
  const fresh = await person('A-restored');
  await restoreWallet(fresh.page, A.words, 'a new passphrase');
  await waitText(fresh.page, '#balance-ecash', /^750 sat$/, 30_000);
  await shoot(fresh, 'ecash-restored');
  await fresh.context.close();
});

test('A creates a private, closed group and adds B; they chat in it', async () => {
  await home(A);
  await A.page.click('#group-create summary');
  await A.page.fill('#group-name', 'Shop team');
  await A.page.check('#group-private');
  await A.page.check('#group-closed');
  await A.page.click('#create-submit');
  await A.page.waitForSelector('#chat-view:not([hidden])');
  await waitText(A.page, '#chat-title', /^Shop team$/);
  // The relay's signed state says who is who.
  await waitText(A.page, '#chat-about', /members only · joining by invitation · you are a member · you are an admin/);
  await A.page.click('#chat-details summary');
  const ref = await A.page.textContent('#chat-group-ref');
  const id = ref.split("'")[1];
  assert.equal(ref, `${new URL(node.httpUrl).host}'${id}`);
  group = { ref, id };

  await A.page.fill('#member-input', B.npub);
  await A.page.click('#member-submit');
  await waitText(A.page, '#chat-view-result', /^Member added\.$/);

  await home(B);
  await B.page.click('#group-join summary');
  await B.page.fill('#join-ref', ref);
  await B.page.click('#join-submit');
  await B.page.waitForSelector('#chat-view:not([hidden])');
  await waitText(B.page, '#chat-view-result', /^You are a member of this group\.$/);
  await waitText(B.page, '#chat-title', /^Shop team$/);
  await waitText(B.page, '#chat-about', /you are a member/);

  await send(A.page, 'Welcome to the shop team');
  await waitMessage(B.page, 'them', 'Welcome to the shop team');
  await send(B.page, 'Thanks, glad to be here');
  const fromB = await waitMessage(A.page, 'them', 'Thanks, glad to be here');
  assert.equal(await fromB.locator('.author').textContent(), 'Bob', 'A sees B under the name A gave');
  await A.page.waitForSelector('#chat-log li[data-from=me][data-state=sent]');
  await shoot(A, '4-group');
  await shoot(B, '4-group');
  await home(A);
  await waitText(A.page, '#chat-groups', /Shop team/);
  await shoot(A, '5-lists');
});

test('C, not a member, is refused when joining and when posting, and reads none of the group\'s messages', async () => {
  const { page } = C;
  await page.click('#group-join summary');
  await page.fill('#join-ref', group.ref);
  await page.click('#join-submit');
  await page.waitForSelector('#chat-view:not([hidden])');
  await waitText(page, '#chat-view-error', /^The group did not let you join: .* refused it \(.+\)\.$/);
  await waitText(page, '#chat-about', /you are not a member/);
  assert.equal(await page.isVisible('#chat-members-only'), true);

  await send(page, 'Let me in');
  await waitText(page, '#chat-send-error', /^Not sent: .* refused it \(not a member of this group\)\.$/);
  const refused = await waitMessage(page, 'me', 'Let me in');
  assert.equal(await refused.getAttribute('data-state'), 'failed');
  assert.match(await refused.textContent(), /Not sent: .* refused it \(not a member of this group\)/);
  await shoot(C, '6-refused');
  // Nothing of A's and B's conversation reached C, even after waiting for a poll or two.
  await new Promise((resolve) => setTimeout(resolve, 2500));
  const seen = await page.locator('#chat-log li .text').allTextContents();
  assert.deepEqual(seen, ['Let me in']);

  // The relay itself: the group's messages only to members; its state signed by the relay's key.
  const outsider = await raw();
  assert.deepEqual((await outsider.req({ kinds: [9], '#h': [group.id] })).events, []);
  await outsider.auth(C.sk);
  assert.deepEqual((await outsider.req({ kinds: [9], '#h': [group.id] })).events, []);
  const member = await raw();
  await member.auth(B.sk);
  const chat = (await member.req({ kinds: [9], '#h': [group.id] })).events;
  assert.deepEqual(chat.map((e) => e.content).sort(), ['Thanks, glad to be here', 'Welcome to the shop team']);
  const [members] = (await outsider.req({ kinds: [39002], '#d': [group.id] })).events;
  assert.equal(members.pubkey, node.relayPubkey);
  assert.ok(verifyEvent({ ...members }));
  assert.deepEqual(members.tags.filter((t) => t[0] === 'p').map((t) => t[1]).sort(), [A.pk, B.pk].sort());
});

test('several relays: the setting is checked, and a DM\'s own copy and the inbox list reach every relay', async () => {
  const other = await startNode();
  const { page } = A;
  await page.click('#settings summary');
  await page.fill('#chat-relays', 'not a relay');
  await page.click('#chat-relays-save');
  await waitText(page, '#chat-relays-error', /^"not a relay" is not a relay address/);
  await page.fill('#chat-relays', `${node.relayUrl}\n${other.relayUrl}`);
  await page.click('#chat-relays-save');
  await waitText(page, '#chat-relays-result', /^Chat relays saved\.$/);
  await page.click('#tab-chat');
  await waitText(page, '#chat-status', /Relays: 2 of 2 connected/);

  await page.click('#chat-contacts .chat-item >> text=Bob');
  await send(page, 'Through two relays');
  await page.waitForSelector('#chat-log li[data-from=me][data-state=sent] >> text=Through two relays', { timeout: 15_000 });
  await B.page.click('#tab-chat');
  await home(B);
  await B.page.click('#chat-contacts .chat-item');
  await waitMessage(B.page, 'them', 'Through two relays');

  // The second relay holds A's own copy (for A only) and A's DM inbox list (kind 10050) naming both.
  const reader = await raw(other);
  await reader.auth(A.sk);
  const copies = (await reader.req({ kinds: [1059], '#p': [A.pk] })).events.map((wrap) => nip59.unwrapEvent(wrap, A.sk).content);
  assert.deepEqual(copies, ['Through two relays']);
  const [inbox] = (await reader.req({ kinds: [10050], authors: [A.pk] })).events;
  assert.deepEqual(inbox.tags.filter((t) => t[0] === 'relay').map((t) => t[1]).sort(),
                   [node.relayUrl, other.relayUrl].map((url) => url.replace(/\/$/, '')).sort());

  await page.fill('#chat-relays', '');  // back to the node's relay alone (the settings are still open)
  await page.click('#chat-relays-save');
  await waitText(page, '#chat-relays-result', /^Chat relays saved\.$/);
  await waitText(page, '#chat-status', /Relays: 1 of 1 connected/);
});
