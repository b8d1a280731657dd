// Chats in the core's worker: NIP-17 direct messages with contacts and NIP-29 group chats, over the
// wasm relay pool (wasm/relay-pool.mjs moves the WebSocket bytes; signatures, gift wraps and
// de-duplication per subscription are the core's).
//
// - Relays: the ones configured in the settings, else the node's own (ws(s)://<page host>/). They
//   are this wallet's DM inbox (published as kind 10050) and the only relays it authenticates to
//   (NIP-42) besides the relays of its groups: delivering a gift wrap to someone else's inbox
//   relay does not reveal who sent it.
// - Contacts, groups and read markers live in chat.json on IDBFS. Messages are not stored: the
//   relays keep the gift wraps (the sender's own copy included) and the group messages, and they
//   are read again at every unlock, so no plaintext rests on the device.
// - The page learns about news by polling chatChanges(version): a counter bumped at every change,
//   answered with null while nothing changed, so a poll every second costs one message each way.
// - Everything closes when the wallet locks.
import { RelayPoolHost } from '@wasm/relay-pool.mjs';
import { asCoreError, dir, fail, hex, now, sync, wasm } from './runtime.ts';
import { keys, onLock } from './vault.ts';

const chatPath = `${dir}/chat.json`;
const chatFormat = 'flash-chat';
const timeouts = { connectTimeoutMs: 8000, eoseTimeoutMs: 8000, publishTimeoutMs: 10_000 };
const kinds = { dm: 14, wrap: 1059, inbox: 10050, auth: 22242, chat: 9, putUser: 9000, create: 9007,
                join: 9021, leave: 9022, metadata: 39000, admins: 39001, members: 39002 };
/** NIP-29 group ids as the node's relay accepts them. */
const groupIdPattern = /^[a-z0-9_-]{1,64}$/;

// ---- what crosses to the page ---------------------------------------------------------------------

export interface RelayOutcome {
  relay: string;
  status: 'accepted' | 'rejected' | 'timed-out';
  /** The relay's OK message, e.g. "restricted: not a member of this group". */
  message: string;
}

export interface ChatMessage {
  id: string;
  /** The author's public key (hex). */
  author: string;
  mine: boolean;
  content: string;
  /** Unix seconds, as the author dated it. */
  created_at: number;
  state: 'sending' | 'sent' | 'failed';
  /** The relays' answers to a message sent from here (empty for received ones). */
  relays: RelayOutcome[];
  /** For a DM sent from here: false when the sender's own copy could not be stored (it will not show after a reload). */
  copyKept?: boolean;
}

export interface ChatContact {
  pubkey: string;
  npub: string;
  /** The name given when adding, the NIP-05 name, or none. */
  name?: string;
  nip05?: string;
  /** False for someone who wrote without being added (a message request). */
  known: boolean;
  unread: number;
  /** The newest message's time, if any. */
  last?: number;
}

export interface ChatGroup {
  key: string;
  relay: string;
  id: string;
  /** `host'id`, the NIP-29 reference others use to join. */
  ref: string;
  name?: string;
  /** From the relay-signed member list; null while the relay has not told. */
  member: boolean | null;
  admin: boolean;
  private: boolean;
  closed: boolean;
  unread: number;
  last?: number;
}

export interface ChatOverview {
  version: number;
  me: string;
  contacts: ChatContact[];
  groups: ChatGroup[];
  relays: { url: string; state: string }[];
  unread: number;
}

export interface Conversation {
  messages: ChatMessage[];
  contact?: ChatContact;
  group?: ChatGroup;
  /** Names of the people in it, by public key (contacts only). */
  names: Record<string, string>;
}

// ---- the state of an open chat ----------------------------------------------------------------------

interface StoredContact { pubkey: string; name?: string; nip05?: string; read_at: number }
interface StoredGroup { relay: string; id: string; read_at: number }
interface ChatFile {
  format: typeof chatFormat;
  version: 1;
  /** The wallet the file belongs to (another wallet on this device starts afresh). */
  owner: string;
  contacts: StoredContact[];
  groups: StoredGroup[];
  /** The inbox relays last published as kind 10050. */
  inbox?: string[];
  /** Read markers of people who wrote without being contacts. */
  read: Record<string, number>;
}

interface GroupView {
  self?: string;  // the relay's NIP-11 key, which signs the group state
  name?: string;
  private: boolean;
  closed: boolean;
  members: Set<string> | null;
  admins: Set<string>;
  stateAt: Record<number, number>;  // newest created_at per state kind
  messages: Map<string, ChatMessage>;
}

interface Chat {
  pool: RelayPoolHost;
  origin: string;
  me: string;
  secretKey: Uint8Array;
  nodeRelay: string;
  relays: string[];
  file: ChatFile;
  dms: Map<string, Map<string, ChatMessage>>;  // peer -> wrap id -> message
  groups: Map<string, GroupView>;              // group key -> view
  inboxes: Map<string, { relays: string[]; at: number }>;
  relayStates: Map<string, string>;
  groupSubs: Map<string, { close(): void }>;   // relay -> subscription of its groups
  inboxSub?: { close(): void };
  version: number;
  /** Rejects when the chats stop, so that nothing waits for a pool that is gone. */
  stopped: Promise<never>;
  halt: () => void;
}

let chat: Chat | null = null;

onLock(() => stop());

function stop(): void {
  chat?.halt();
  chat?.pool.close();
  chat = null;
}

function open(): Chat {
  if (!chat) throw fail('chat_stopped', 'the chats are not started');
  return chat;
}

const changed = (c: Chat) => { c.version += 1; };

// ---- relay URLs and group references ------------------------------------------------------------------

/** A relay URL as the pool names it (core/nostr/relay_url.cpp): lower-case scheme and host, no default port, no lone "/". */
function normalRelay(url: string): string {
  const match = /^(wss?):\/\/([^/?#]+)([^#]*)$/i.exec(url.trim());
  if (!match || /[\s@]/.test(url.trim())) throw fail('bad_relay', `not a relay URL: ${url.slice(0, 100)}`);
  const scheme = match[1].toLowerCase();
  const host = match[2].toLowerCase().replace(scheme === 'ws' ? /:80$/ : /:443$/, '');
  const tail = match[3] === '/' ? '' : match[3].replace(/^\/\?/, '?');
  return `${scheme}://${host}${tail}`;
}

/** The node's relay: the page's origin over WebSocket. */
const relayOfOrigin = (origin: string) => normalRelay(origin.replace(/^http/i, 'ws'));
const hostOf = (relay: string) => relay.replace(/^wss?:\/\//, '').replace(/\/$/, '');
const groupKey = (relay: string, id: string) => `${relay} ${id}`;

/** `host'id` (NIP-29), a relay URL and id, or an id alone (a group on the node's relay). */
function parseGroupRef(c: Chat, ref: string): { relay: string; id: string } {
  const text = ref.trim();
  const quote = text.lastIndexOf("'");
  const id = (quote < 0 ? text : text.slice(quote + 1)).trim();
  if (!groupIdPattern.test(id)) throw fail('bad_group', 'a group id is 1 to 64 characters of a-z, 0-9, - and _');
  if (quote < 0) return { relay: c.nodeRelay, id };
  const host = text.slice(0, quote).trim();
  if (/^wss?:\/\//i.test(host)) return { relay: normalRelay(host), id };
  if (!host || /[\s/@]/.test(host)) throw fail('bad_group', 'not a group reference');
  return { relay: host.toLowerCase() === hostOf(c.nodeRelay) ? c.nodeRelay : normalRelay(`wss://${host}`), id };
}

// ---- storage ---------------------------------------------------------------------------------------

function readFile(owner: string): ChatFile {
  const fresh: ChatFile = { format: chatFormat, version: 1, owner, contacts: [], groups: [], read: {} };
  try {
    const file = JSON.parse(wasm().FS.readFile(chatPath, { encoding: 'utf8' })) as ChatFile;
    const valid = file?.format === chatFormat && file.version === 1 && file.owner === owner &&
      Array.isArray(file.contacts) && Array.isArray(file.groups);
    return valid ? { ...file, read: file.read ?? {} } : fresh;
  } catch {
    return fresh;  // none yet, or unreadable: contacts are added again
  }
}

async function save(c: Chat): Promise<void> {
  wasm().FS.writeFile(`${chatPath}.tmp`, JSON.stringify(c.file));
  wasm().FS.rename(`${chatPath}.tmp`, chatPath);
  await sync(false);
}

// ---- signing and publishing ------------------------------------------------------------------------

function sign(c: Chat, kind: number, tags: string[][], content = ''): { id: string; [field: string]: unknown } {
  try {
    return JSON.parse(wasm().signEvent(JSON.stringify({ kind, created_at: now(), tags, content }), c.secretKey));
  } catch (error) {
    throw asCoreError(error);
  }
}

interface Published { succeeded: boolean; relays: RelayOutcome[] }

async function publish(c: Chat, event: object, relays: string[]): Promise<Published> {
  try {
    const result = await Promise.race([c.pool.publish(event, relays), c.stopped]);
    return { succeeded: result.succeeded, relays: result.relays.map(({ relay, status, message }) => ({ relay, status, message })) };
  } catch (error) {
    throw asCoreError(error);
  }
}

/** Answers a relay's NIP-42 challenge with this wallet's key, for its own and its groups' relays only. */
function answerChallenge(c: Chat, relay: string, challenge: string): void {
  const trusted = c.relays.includes(relay) || c.file.groups.some((g) => g.relay === relay);
  if (!trusted || chat !== c) return;
  const auth = sign(c, kinds.auth, [['relay', relay], ['challenge', challenge]]);
  c.pool.authenticate(relay, auth);
}

// ---- NIP-17 direct messages ---------------------------------------------------------------------

function conversationOf(c: Chat, peer: string): Map<string, ChatMessage> {
  let messages = c.dms.get(peer);
  if (!messages) c.dms.set(peer, messages = new Map());
  return messages;
}

/** A gift wrap addressed to this wallet: opened, filed under the other person, once. */
function receiveWrap(c: Chat, wrap: { id: string }): void {
  if ([...c.dms.values()].some((messages) => messages.has(wrap.id))) return;
  let dm: { kind: number; sender: string; recipients: string[]; content: string; created_at: number };
  try {
    dm = JSON.parse(wasm().dmUnwrap(JSON.stringify(wrap), c.secretKey));
  } catch {
    return;  // not for us, or forged: nothing to show
  }
  if (dm.kind !== kinds.dm) return;
  const mine = dm.sender === c.me;
  const peer = mine ? dm.recipients.find((r) => r !== c.me) : dm.sender;
  if (!peer) return;
  conversationOf(c, peer).set(wrap.id, { id: wrap.id, author: dm.sender, mine, content: dm.content, created_at: dm.created_at,
                                         state: 'sent', relays: [] });
  changed(c);
}

/** Where `peer` reads DMs: their kind 10050 relays when known, else this wallet's relays. */
const inboxOf = (c: Chat, peer: string) => c.inboxes.get(peer)?.relays ?? c.relays;

function subscribeInboxes(c: Chat): void {
  c.inboxSub?.close();
  c.inboxSub = undefined;
  const authors = c.file.contacts.map((contact) => contact.pubkey);
  if (!authors.length) return;
  c.inboxSub = c.pool.subscribe([{ kinds: [kinds.inbox], authors }], c.relays, {
    onevent: (event) => {
      const known = c.inboxes.get(event.pubkey);
      if (known && known.at >= event.created_at) return;
      const relays = (event.tags as string[][]).filter((t) => t[0] === 'relay' && t[1]).flatMap((t) => {
        try { return [normalRelay(t[1])]; } catch { return []; }
      });
      if (relays.length) c.inboxes.set(event.pubkey, { relays, at: event.created_at });
    },
  });
}

/** Publishes this wallet's DM inbox relays (kind 10050) when they changed since the last time. */
async function announceInbox(c: Chat): Promise<void> {
  if (JSON.stringify(c.file.inbox) === JSON.stringify(c.relays)) return;
  const result = await publish(c, sign(c, kinds.inbox, c.relays.map((r) => ['relay', r])), c.relays);
  if (!result.succeeded || chat !== c) return;
  c.file.inbox = [...c.relays];
  await save(c);
}

// ---- NIP-29 groups -------------------------------------------------------------------------------

/** The relay's NIP-11 "self" key, which must sign the group state. */
async function relayKey(relay: string): Promise<string | undefined> {
  const url = new URL(relay.replace(/^ws/, 'http'));
  try {
    const response = await fetch(url, { headers: { accept: 'application/nostr+json' }, signal: AbortSignal.timeout(8000) });
    const self = (await response.json())?.self;
    return typeof self === 'string' && /^[0-9a-f]{64}$/.test(self) ? self : undefined;
  } catch {
    return undefined;
  }
}

function groupView(c: Chat, key: string): GroupView {
  let view = c.groups.get(key);
  if (!view) {
    view = { private: false, closed: false, members: null, admins: new Set(), stateAt: {}, messages: new Map() };
    c.groups.set(key, view);
  }
  return view;
}

/** A group event from `relay`: a chat message, or a state event signed by the relay's key. */
function receiveGroupEvent(c: Chat, relay: string, event: { id: string; pubkey: string; kind: number; created_at: number;
                                                            content: string; tags: string[][] }): void {
  const tag = (name: string) => event.tags.find((t) => t[0] === name)?.[1];
  if (event.kind === kinds.chat) {
    const id = tag('h');
    const view = id && c.groups.get(groupKey(relay, id));
    if (!view || view.messages.has(event.id)) return;
    view.messages.set(event.id, { id: event.id, author: event.pubkey, mine: event.pubkey === c.me, content: event.content,
                                  created_at: event.created_at, state: 'sent', relays: [] });
    changed(c);
    return;
  }
  const id = tag('d');
  const view = id && c.groups.get(groupKey(relay, id));
  if (!view || !view.self || event.pubkey !== view.self) return;  // state by anyone but the relay is ignored
  if ((view.stateAt[event.kind] ?? -1) >= event.created_at) return;  // older, or seen again after a resubscription
  view.stateAt[event.kind] = event.created_at;
  const people = () => new Set(event.tags.filter((t) => t[0] === 'p' && t[1]).map((t) => t[1]));
  if (event.kind === kinds.metadata) {
    view.name = tag('name');
    view.private = event.tags.some((t) => t[0] === 'private');
    view.closed = event.tags.some((t) => t[0] === 'closed');
  } else if (event.kind === kinds.admins) {
    view.admins = people();
  } else if (event.kind === kinds.members) {
    const was = view.members?.has(c.me) ?? false;
    view.members = people();
    // Newly a member of a private group: what it said before is readable now.
    if (!was && view.members.has(c.me) && view.private) queueMicrotask(() => { if (chat === c) subscribeGroups(c, relay); });
  }
  changed(c);
}

/** (Re)subscribes to the messages and state of every group on `relay` (again after AUTH: private groups show members only then). */
function subscribeGroups(c: Chat, relay: string): void {
  c.groupSubs.get(relay)?.close();
  c.groupSubs.delete(relay);
  const ids = c.file.groups.filter((g) => g.relay === relay).map((g) => g.id);
  if (!ids.length) return;
  c.groupSubs.set(relay, c.pool.subscribe(
    [{ kinds: [kinds.chat], '#h': ids }, { kinds: [kinds.metadata, kinds.admins, kinds.members], '#d': ids }],
    [relay], { onevent: (event) => receiveGroupEvent(c, relay, event) }));
}

async function followGroup(c: Chat, relay: string, id: string): Promise<void> {
  const view = groupView(c, groupKey(relay, id));
  if (!c.file.groups.some((g) => g.relay === relay && g.id === id)) {
    c.file.groups.push({ relay, id, read_at: 0 });
    await save(c);
  }
  view.self ??= await relayKey(relay);
  subscribeGroups(c, relay);
  changed(c);
}

// ---- summaries ---------------------------------------------------------------------------------------

const npubOf = (pubkey: string): string => wasm().nip19Encode(JSON.stringify({ type: 'npub', data: pubkey }));
const unreadOf = (messages: Iterable<ChatMessage>, readAt: number) =>
  [...messages].filter((m) => !m.mine && m.created_at > readAt).length;
const lastOf = (messages: Iterable<ChatMessage>) =>
  [...messages].reduce<number | undefined>((last, m) => Math.max(last ?? 0, m.created_at), undefined);

function contactSummary(c: Chat, pubkey: string): ChatContact {
  const stored = c.file.contacts.find((contact) => contact.pubkey === pubkey);
  const messages = c.dms.get(pubkey)?.values() ?? [];
  const list = [...messages];
  return { pubkey, npub: npubOf(pubkey), name: stored?.name, nip05: stored?.nip05, known: !!stored,
           unread: unreadOf(list, stored?.read_at ?? c.file.read[pubkey] ?? 0), last: lastOf(list) };
}

function groupSummary(c: Chat, stored: StoredGroup): ChatGroup {
  const key = groupKey(stored.relay, stored.id);
  const view = groupView(c, key);
  const list = [...view.messages.values()];
  return { key, relay: stored.relay, id: stored.id, ref: `${hostOf(stored.relay)}'${stored.id}`, name: view.name,
           member: view.members ? view.members.has(c.me) : null, admin: view.admins.has(c.me), private: view.private,
           closed: view.closed, unread: unreadOf(list, stored.read_at), last: lastOf(list) };
}

function overview(c: Chat): ChatOverview {
  const people = new Set([...c.file.contacts.map((contact) => contact.pubkey), ...c.dms.keys()]);
  const contacts = [...people].map((pubkey) => contactSummary(c, pubkey));
  const groups = c.file.groups.map((g) => groupSummary(c, g));
  return {
    version: c.version, me: c.me, contacts, groups,
    relays: c.relays.map((url) => ({ url, state: c.relayStates.get(url) ?? 'connecting' })),
    unread: [...contacts, ...groups].reduce((n, x) => n + x.unread, 0),
  };
}

const sorted = (messages: Iterable<ChatMessage>) =>
  [...messages].sort((a, b) => a.created_at - b.created_at || a.id.localeCompare(b.id));

function names(c: Chat): Record<string, string> {
  return Object.fromEntries(c.file.contacts.filter((x) => x.name || x.nip05).map((x) => [x.pubkey, (x.name || x.nip05)!]));
}

// ---- contacts --------------------------------------------------------------------------------------

/** A public key from an npub, an nprofile, 64 hex characters or a NIP-05 name@domain. */
async function resolveContact(c: Chat, text: string): Promise<{ pubkey: string; nip05?: string }> {
  const input = text.trim().replace(/^nostr:/i, '');
  if (/^[0-9a-f]{64}$/i.test(input)) return { pubkey: input.toLowerCase() };
  if (/^n(pub|profile)1/i.test(input)) {
    try {
      const { type, data } = JSON.parse(wasm().nip19Decode(input.toLowerCase()));
      return { pubkey: type === 'npub' ? data : data.pubkey };
    } catch {
      throw fail('bad_contact', 'this npub cannot be read');
    }
  }
  const nip05 = /^([a-z0-9._-]+)@([a-z0-9.-]+(:\d+)?)$/i.exec(input);
  if (!nip05) throw fail('bad_contact', 'not an npub, a public key or a name@domain');
  return { pubkey: await lookupNip05(c, nip05[1].toLowerCase(), nip05[2].toLowerCase()), nip05: input.toLowerCase() };
}

/** NIP-05: /.well-known/nostr.json?name= at the domain (this node's own origin when it is its host); no redirects. */
async function lookupNip05(c: Chat, name: string, domain: string): Promise<string> {
  const base = domain === new URL(c.origin).host ? c.origin : `https://${domain}`;
  let answer: { names?: Record<string, unknown> };
  try {
    const response = await fetch(`${base}/.well-known/nostr.json?name=${encodeURIComponent(name)}`,
                                 { redirect: 'error', signal: AbortSignal.timeout(10_000) });
    if (response.status === 404) throw fail('nip05_not_found', `${name}@${domain} is not known there`);
    if (!response.ok) throw fail('nip05_unreachable', `HTTP ${response.status}`);
    answer = await response.json();
  } catch (error) {
    if ((error as { name?: string })?.name === 'CoreError') throw error;
    throw fail('nip05_unreachable', String(error));
  }
  const pubkey = answer?.names?.[name];
  if (typeof pubkey !== 'string' || !/^[0-9a-f]{64}$/.test(pubkey)) throw fail('nip05_not_found', `${name}@${domain} is not known there`);
  if (chat !== c) throw fail('chat_stopped', 'the chats were closed');
  return pubkey;
}

// ---- the API the page calls ----------------------------------------------------------------------------

export const chatApi = {
  /**
   * Opens the chats of the unlocked wallet: `origin` is the page's (the node's relay is there),
   * `relays` the configured ones (empty: the node's relay). Restarts them when already open.
   */
  async chatStart(origin: string, relays: string[] = []): Promise<ChatOverview> {
    const { identity, secretKey } = keys();
    stop();
    const nodeRelay = relayOfOrigin(origin);
    const list = [...new Set(relays.map(normalRelay))];
    const c: Chat = {
      pool: undefined as unknown as RelayPoolHost, origin, me: identity.nostrPubkey, secretKey, nodeRelay,
      relays: list.length ? list : [nodeRelay], file: readFile(identity.nostrPubkey), dms: new Map(), groups: new Map(),
      inboxes: new Map(), relayStates: new Map(), groupSubs: new Map(), version: 1,
      stopped: undefined as unknown as Promise<never>, halt: () => {},
    };
    c.stopped = new Promise<never>((_, reject) => { c.halt = () => reject(fail('chat_stopped', 'the chats were closed')); });
    c.stopped.catch(() => {});  // only the operations racing it care
    c.pool = new RelayPoolHost(wasm(), {
      timeouts,
      // Deferred: the pool is in the middle of handing out its output when it reports a challenge.
      onAuthChallenge: ({ relay, challenge }) => queueMicrotask(() => answerChallenge(c, relay, challenge)),
      onAuthResult: ({ relay, accepted }) => { if (accepted && chat === c) subscribeGroups(c, relay); },
      onRelayState: ({ relay, state }) => {
        c.relayStates.set(relay, state);
        changed(c);
      },
    });
    chat = c;
    for (const relay of c.relays) c.pool.addRelay(relay);
    c.pool.subscribe([{ kinds: [kinds.wrap], '#p': [c.me] }], c.relays, { onevent: (wrap) => receiveWrap(c, wrap) });
    subscribeInboxes(c);
    for (const relay of new Set(c.file.groups.map((g) => g.relay))) {
      for (const g of c.file.groups.filter((x) => x.relay === relay)) groupView(c, groupKey(relay, g.id));
      relayKey(relay).then((self) => {
        if (chat !== c) return;
        for (const g of c.file.groups.filter((x) => x.relay === relay)) groupView(c, groupKey(relay, g.id)).self ??= self;
        subscribeGroups(c, relay);
      });
    }
    announceInbox(c).catch((error) => console.warn('kind 10050', error));
    return overview(c);
  },

  chatStop(): void {
    stop();
  },

  /** The overview when something changed since `version`, else null (cheap enough to poll every second). */
  chatChanges(version: number): ChatOverview | null {
    const c = open();
    return c.version === version ? null : overview(c);
  },

  /** Adds a contact by npub, hex key or NIP-05 name@domain; `name` is how the page shows them. */
  async addContact(text: string, name = ''): Promise<ChatContact> {
    const c = open();
    const { pubkey, nip05 } = await resolveContact(c, text);
    if (pubkey === c.me) throw fail('self_contact', 'this is your own key');
    const existing = c.file.contacts.find((contact) => contact.pubkey === pubkey);
    const label = name.trim().slice(0, 80) || undefined;
    if (existing) {
      existing.name = label ?? existing.name;
      existing.nip05 = nip05 ?? existing.nip05;
    } else {
      c.file.contacts.push({ pubkey, name: label, nip05, read_at: c.file.read[pubkey] ?? 0 });
      delete c.file.read[pubkey];
    }
    await save(c);
    subscribeInboxes(c);
    changed(c);
    return contactSummary(c, pubkey);
  },

  async removeContact(pubkey: string): Promise<void> {
    const c = open();
    c.file.contacts = c.file.contacts.filter((contact) => contact.pubkey !== pubkey);
    await save(c);
    subscribeInboxes(c);
    changed(c);
  },

  /** The messages with `pubkey`, oldest first; marks them read. */
  async directMessages(pubkey: string): Promise<Conversation> {
    const c = open();
    const messages = sorted(c.dms.get(pubkey)?.values() ?? []);
    const last = messages.at(-1)?.created_at ?? 0;
    const stored = c.file.contacts.find((contact) => contact.pubkey === pubkey);
    const readAt = stored ? stored.read_at : c.file.read[pubkey] ?? 0;
    if (last > readAt) {
      if (stored) stored.read_at = last;
      else c.file.read[pubkey] = last;
      changed(c);
      await save(c);
    }
    return { messages, contact: contactSummary(c, pubkey), names: names(c) };
  },

  /**
   * Sends `text` to `pubkey` (NIP-17): one gift wrap to their inbox relays, one to this wallet's
   * own relays (its copy). Resolves when the relays answered, with the message and their answers;
   * meanwhile the message shows as 'sending'.
   */
  async sendDirectMessage(pubkey: string, text: string): Promise<ChatMessage> {
    const c = open();
    const content = text.trim();
    if (!content) throw fail('empty_message', 'nothing to send');
    // The kind-14 message, sealed and wrapped once for them and once for this wallet (its copy).
    const sentAt = now();
    let wraps: { recipient: string; wrap: { id: string } }[];
    try {
      wraps = JSON.parse(wasm().dmWrap(JSON.stringify({ content, recipients: [pubkey] }), c.secretKey, sentAt));
    } catch (error) {
      throw asCoreError(error);
    }
    const toThem = wraps.find((w) => w.recipient === pubkey)!.wrap;
    const toMe = wraps.find((w) => w.recipient === c.me)!.wrap;
    const message: ChatMessage = { id: toMe.id, author: c.me, mine: true, content, created_at: sentAt, state: 'sending', relays: [] };
    conversationOf(c, pubkey).set(message.id, message);
    changed(c);
    const [delivered, kept] = await Promise.all([
      publish(c, toThem, inboxOf(c, pubkey)),
      publish(c, toMe, c.relays).catch(() => ({ succeeded: false, relays: [] })),
    ]);
    Object.assign(message, { state: delivered.succeeded ? 'sent' : 'failed', relays: delivered.relays, copyKept: kept.succeeded });
    changed(c);
    return { ...message };
  },

  /**
   * Follows the group `ref` (`host'id`, or an id on the node's relay) and asks to join it
   * (kind 9021, with `code` for a closed group). The group stays listed when the relay refuses:
   * the answers say why.
   */
  async joinGroup(ref: string, code = ''): Promise<{ group: ChatGroup; relays: RelayOutcome[]; joined: boolean }> {
    const c = open();
    const { relay, id } = parseGroupRef(c, ref);
    await followGroup(c, relay, id);
    const tags = [['h', id], ...(code.trim() ? [['code', code.trim()]] : [])];
    const result = await publish(c, sign(c, kinds.join, tags), [relay]);
    const joined = result.succeeded || result.relays.some((r) => /^duplicate:.*member/.test(r.message));
    if (joined) subscribeGroups(c, relay);  // a private group's messages are served to members only
    return { group: groupSummary(c, c.file.groups.find((g) => g.relay === relay && g.id === id)!), relays: result.relays, joined };
  },

  /** Creates a group on the node's relay (this wallet becomes its admin): private = only members read, closed = joining needs the admin. */
  async createGroup(name: string, { isPrivate = false, closed = false } = {}): Promise<{ group: ChatGroup | null; relays: RelayOutcome[] }> {
    const c = open();
    const id = hex(wasm().randomBytes(8));
    const tags = [['h', id], ...(name.trim() ? [['name', name.trim().slice(0, 100)]] : []),
                  ...(isPrivate ? [['private']] : []), ...(closed ? [['closed']] : [])];
    const relay = c.nodeRelay;
    const result = await publish(c, sign(c, kinds.create, tags), [relay]);
    if (!result.succeeded) return { group: null, relays: result.relays };
    await followGroup(c, relay, id);
    return { group: groupSummary(c, c.file.groups.find((g) => g.relay === relay && g.id === id)!), relays: result.relays };
  },

  /** An admin adds someone (npub, hex or name@domain) to a group (kind 9000). */
  async addGroupMember(key: string, text: string): Promise<{ relays: RelayOutcome[]; succeeded: boolean }> {
    const c = open();
    const group = c.file.groups.find((g) => groupKey(g.relay, g.id) === key);
    if (!group) throw fail('bad_group', 'unknown group');
    const { pubkey } = await resolveContact(c, text);
    return publish(c, sign(c, kinds.putUser, [['h', group.id], ['p', pubkey]]), [group.relay]);
  },

  /** Leaves a group (kind 9022 when a member) and stops following it. */
  async leaveGroup(key: string): Promise<void> {
    const c = open();
    const group = c.file.groups.find((g) => groupKey(g.relay, g.id) === key);
    if (!group) return;
    if (c.groups.get(key)?.members?.has(c.me)) await publish(c, sign(c, kinds.leave, [['h', group.id]]), [group.relay]).catch(() => {});
    c.file.groups = c.file.groups.filter((g) => g !== group);
    c.groups.delete(key);
    await save(c);
    subscribeGroups(c, group.relay);
    changed(c);
  },

  /** The messages of a group, oldest first; marks them read. */
  async groupMessages(key: string): Promise<Conversation> {
    const c = open();
    const stored = c.file.groups.find((g) => groupKey(g.relay, g.id) === key);
    if (!stored) throw fail('bad_group', 'unknown group');
    const messages = sorted(c.groups.get(key)?.messages.values() ?? []);
    const last = messages.at(-1)?.created_at ?? 0;
    if (last > stored.read_at) {
      stored.read_at = last;
      changed(c);
      await save(c);
    }
    return { messages, group: groupSummary(c, stored), names: names(c) };
  },

  /** Posts `text` to a group (kind 9 with its "h" tag); a relay's refusal (not a member…) comes back in the answers. */
  async sendGroupMessage(key: string, text: string): Promise<ChatMessage> {
    const c = open();
    const stored = c.file.groups.find((g) => groupKey(g.relay, g.id) === key);
    if (!stored) throw fail('bad_group', 'unknown group');
    const content = text.trim();
    if (!content) throw fail('empty_message', 'nothing to send');
    const event = sign(c, kinds.chat, [['h', stored.id]], content);
    const message: ChatMessage = { id: event.id, author: c.me, mine: true, content, created_at: now(), state: 'sending', relays: [] };
    const view = groupView(c, key);
    view.messages.set(message.id, message);
    changed(c);
    const result = await publish(c, event, [stored.relay]);
    Object.assign(message, { state: result.succeeded ? 'sent' : 'failed', relays: result.relays });
    changed(c);
    return { ...message };
  },
};
