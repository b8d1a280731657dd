// The Offline tab: eCash set aside while online, paid with no network as an animated QR code or
// by NFC, received by scanning, judged offline (the verdict says how safe it is), queued, and
// redeemed by itself as soon as the network is back.
import type { Core } from '../core/client.ts';
import type { OfflineEntry, OfflineVerdict } from '../core/types.ts';
import { messages } from '../i18n/index.ts';
import type { Session } from '../session.ts';
import { $, UserError, busy, describeError, field, fillTerms, readSat } from '../ui.ts';
import { densities, showAnimatedQr, type AnimatedQr } from './animated-qr.ts';
import { scanQr } from './scanner.ts';

const redeemEveryMs = 10_000;
const defaultDensity = 100;
/** Web NFC, where the browser has it (Chrome on Android). */
const Nfc = (globalThis as unknown as { NDEFReader?: new () => NdefReader }).NDEFReader;

interface NdefReader {
  write(message: { records: object[] }, options?: { signal?: AbortSignal }): Promise<void>;
  scan(options?: { signal?: AbortSignal }): Promise<void>;
  addEventListener(type: 'reading', listener: (event: { message: { records: WebNfcRecord[] } }) => void, options?: object): void;
}

interface WebNfcRecord {
  recordType: string;
  mediaType?: string;
  lang?: string;
  encoding?: string;
  data?: DataView;
}

/** Wires the Offline panel; returns show(), to call whenever the panel is opened. */
export function attachOffline(session: Session): () => void {
  const { core, signal } = session;
  const nodeMint = location.origin;
  let sending: { qr: AnimatedQr; stop: AbortController } | null = null;
  let scanning: AbortController | null = null;
  let judged: string | null = null;   // the token whose verdict is shown
  $('offline-show').hidden = $('scanner').hidden = $('verdict').hidden = true;
  $('offline-nfc').hidden = $('nfc-receive').hidden = !Nfc;
  field('offline-density').replaceChildren(...densities.map((bytes) =>
    new Option(messages.offline.densityChoice(bytes), String(bytes), false, bytes === defaultDensity)));

  const refresh = async () => {
    try {
      const [balances, queue] = await Promise.all([core.ecashBalances(), core.offlineQueue()]);
      const ready = balances.filter((b) => b.unit === 'sat').reduce((sum, b) => sum + Number(b.offline), 0);
      $('offline-ready').textContent = ready ? messages.offline.ready(messages.sat(ready)) : messages.offline.notReady;
      showQueue(queue);
      $('offline-error').textContent = '';
      return queue;
    } catch (error) {
      $('offline-error').textContent = describeError(error);
      return [];
    }
  };
  // Queued tokens are redeemed whenever the network is there: now, when it comes back, and regularly.
  let redeeming = false;
  const redeem = async () => {
    if (redeeming || !navigator.onLine || signal.aborted) return;
    redeeming = true;
    try {
      if ((await core.offlineQueue()).some((e) => e.state === 'queued' || e.state === 'redeeming')) {
        await core.redeemQueued();
        session.refreshAccount();
      }
    } catch (error) {
      $('offline-error').textContent = describeError(error);
    } finally {
      redeeming = false;
      await refresh();
    }
  };
  window.addEventListener('online', redeem, { signal });
  const timer = setInterval(redeem, redeemEveryMs);
  signal.addEventListener('abort', () => {
    clearInterval(timer);
    sending?.stop.abort();
    scanning?.abort();
  });

  $('prepare-form').addEventListener('submit', (event) => {
    event.preventDefault();
    busy($<HTMLButtonElement>('prepare-submit'), $('prepare-error'), async () => {
      const amount = readSat(field('prepare-amount'));
      const lockTo = await contact(core, field('prepare-contact'));
      await core.addMint(nodeMint);
      await core.prepareOffline(nodeMint, amount, { lockTo });
      $('prepare-result').textContent = messages.offline.prepared(messages.sat(amount));
      field('prepare-amount').value = field('prepare-contact').value = '';
      await refresh();
    });
  }, { signal });

  const animate = (token: string, stop: AbortSignal) => showAnimatedQr(core, $('offline-qr'), token, {
    fragmentBytes: Number(field('offline-density').value),
    framesPerSecond: Number(field('offline-speed').value),
    signal: stop,
    onFrame: (qr) => { $('offline-frame').textContent = messages.offline.frame(qr.shown, qr.minimumFrames); },
  });
  const stopSending = () => {
    sending?.stop.abort();
    sending = null;
    $('offline-show').hidden = true;
  };
  $('offline-pay-form').addEventListener('submit', (event) => {
    event.preventDefault();
    busy($<HTMLButtonElement>('offline-pay-submit'), $('offline-pay-error'), async () => {
      const amount = readSat(field('offline-amount'));
      const to = await contact(core, field('offline-contact'));
      stopSending();
      const { token } = await core.sendOffline(nodeMint, amount, { to }).catch((error) => {
        // What is set aside cannot be split offline: only amounts its pieces add up to can be paid.
        if (error?.code === 'bad_argument') throw new UserError(messages.offline.noExactAmount);
        if (error?.code === 'insufficient_funds') throw new UserError(messages.offline.notEnoughSetAside);
        throw error;
      });
      const stop = new AbortController();
      $('offline-show').hidden = false;
      $('offline-show').dataset.token = token;
      sending = { qr: await animate(token, stop.signal), stop };
      field('offline-amount').value = '';
      await refresh();
    });
  }, { signal });
  field('offline-speed').addEventListener('input', () => sending?.qr.setSpeed(Number(field('offline-speed').value)), { signal });
  // A new density is a new fountain code of the same token.
  field('offline-density').addEventListener('change', async () => {
    const token = $('offline-show').dataset.token;
    if (!sending || !token) return;
    sending.stop.abort();
    const stop = new AbortController();
    sending = { qr: await animate(token, stop.signal), stop };
  }, { signal });
  $('offline-done').addEventListener('click', stopSending, { signal });
  $('offline-nfc').addEventListener('click', () => busy($<HTMLButtonElement>('offline-nfc'), $('offline-pay-error'), async () => {
    const token = $('offline-show').dataset.token;
    if (!Nfc || !token) return;
    $('offline-nfc-result').textContent = messages.offline.nfcWaiting;
    await new Nfc().write({ records: [await core.nfcRecord(token)] }, { signal });
    $('offline-nfc-result').textContent = messages.offline.nfcSent;
  }), { signal });

  const judge = async (token: string) => {
    const verdict = await core.offlineVerdict(token);
    showVerdict(verdict);
    judged = token;
    $('verdict-accept').hidden = !['locked_to_me', 'dleq_valid_unlocked', 'unverifiable'].includes(verdict.verdict);
    $('verdict').hidden = false;
    $('verdict-title').focus();
  };
  const stopScanning = () => {
    scanning?.abort();
    scanning = null;
    $('scanner').hidden = true;
  };
  $('scan-start').addEventListener('click', () => busy($<HTMLButtonElement>('scan-start'), $('offline-receive-error'), async () => {
    stopScanning();
    $('verdict').hidden = true;
    $('offline-receive-result').textContent = '';
    await core.urReset();
    const scan = new AbortController();
    scanning = scan;
    $<HTMLProgressElement>('scan-progress').value = 0;
    $('scan-status').textContent = messages.offline.scanStatus(0, 0);
    $('scanner').hidden = false;
    let done = false;
    scanQr($<HTMLVideoElement>('scan-video'), scan.signal, async (text) => {
      if (done) return;
      try {
        const { progress, frames, token } = await core.urReceive(text);
        $<HTMLProgressElement>('scan-progress').value = progress;
        $('scan-status').textContent = messages.offline.scanStatus(progress, frames);
        if (!token || done) return;
        done = true;
        stopScanning();
        await judge(token);
      } catch (error) {
        $('offline-receive-error').textContent = describeError(error);
      }
    }).catch(() => {
      if (scan.signal.aborted) return;
      stopScanning();
      $('offline-receive-error').textContent = messages.offline.noCamera;
    });
  }), { signal });
  $('scan-stop').addEventListener('click', stopScanning, { signal });
  $('nfc-receive').addEventListener('click', () => busy($<HTMLButtonElement>('nfc-receive'), $('offline-receive-error'), async () => {
    if (!Nfc) return;
    const reader = new Nfc();
    const stop = new AbortController();
    signal.addEventListener('abort', () => stop.abort());
    reader.addEventListener('reading', async ({ message }) => {
      try {
        const token = await core.nfcToken(message.records.map(nfcRecord));
        if (!token) return;
        await judge(token);
        // Read and judged: the reader stops. A token that cannot be read leaves it on for another tap.
        stop.abort();
        $('offline-receive-result').textContent = $('offline-receive-error').textContent = '';
      } catch (error) {
        $('offline-receive-error').textContent = describeError(error);
      }
    }, { signal: stop.signal });
    await reader.scan({ signal: stop.signal });
    $('offline-receive-result').textContent = messages.offline.nfcWaiting;
  }), { signal });

  $('verdict-reject').addEventListener('click', () => { judged = null; $('verdict').hidden = true; }, { signal });
  $('verdict-accept').addEventListener('click', () => {
    if (!judged) return;
    const token = judged;
    busy($<HTMLButtonElement>('verdict-accept'), $('offline-receive-error'), async () => {
      const received = await core.receiveOffline(token);
      judged = null;
      $('verdict').hidden = true;
      $('offline-receive-result').textContent = received.duplicate ? messages.offline.duplicate : messages.offline.accepted;
      await refresh();
      redeem();
    });
  }, { signal });
  $('redeem-now').addEventListener('click', () => busy($<HTMLButtonElement>('redeem-now'), $('offline-error'), redeem), { signal });

  // While online, the mint's keysets are cached so that its tokens can be judged offline later.
  const cacheMint = () => {
    if (!navigator.onLine) return;
    core.addMint(nodeMint).then(() => { $('offline-checks').textContent = messages.offline.canCheck; }, () => {});
  };
  cacheMint();
  return () => {
    refresh();
    cacheMint();
  };
}

/** The contact's key from an npub field (undefined when left empty). */
async function contact(core: Core, input: HTMLInputElement): Promise<string | undefined> {
  const text = input.value.trim();
  if (!text) return undefined;
  try {
    return await core.contactKey(text);
  } catch {
    input.focus();
    throw new UserError(messages.offline.badContact);
  }
}

/** A Web NFC record as the core reads it: text records decoded, other data as bytes. */
function nfcRecord(record: WebNfcRecord) {
  const bytes = record.data ? new Uint8Array(record.data.buffer, record.data.byteOffset, record.data.byteLength) : new Uint8Array();
  const text = record.recordType === 'text' || record.recordType === 'url' || record.recordType === 'absolute-url';
  return {
    recordType: record.recordType,
    mediaType: record.mediaType,
    lang: record.lang,
    data: text ? new TextDecoder(record.encoding ?? 'utf-8').decode(bytes) : bytes,
  };
}

function showVerdict(verdict: OfflineVerdict) {
  const said = messages.offline.verdicts[verdict.verdict] ?? messages.offline.verdicts.unsupported;
  $('verdict').dataset.verdict = verdict.verdict;
  $('verdict-title').textContent = said.title;
  $('verdict-title').tabIndex = -1;
  const lines = [said.text];
  if (verdict.locktime && verdict.verdict === 'locked_to_me') lines.push(messages.offline.takeBackAfter(messages.time(Number(verdict.locktime))));
  $('verdict-text').textContent = lines.join(' ');
  fillTerms($('verdict-details'), [
    [messages.offline.terms.amount, messages.sat(Number(verdict.amount))],
    [messages.offline.terms.mint, new URL(verdict.mint).host],
  ]);
}

function showQueue(queue: OfflineEntry[]) {
  const list = $('offline-queue');
  if (!queue.length) {
    list.replaceChildren(Object.assign(document.createElement('li'), { className: 'empty', textContent: messages.offline.queueEmpty }));
    return;
  }
  list.replaceChildren(...[...queue].reverse().map((entry) => {
    const li = document.createElement('li');
    li.dataset.state = entry.state;
    const what = Object.assign(document.createElement('span'), {
      className: 'what', textContent: messages.offline.verdicts[entry.verdict]?.title ?? entry.verdict,
    });
    const amount = Object.assign(document.createElement('span'), { className: 'amount in', textContent: `+${messages.sat(Number(entry.amount))}` });
    const failure = entry.state === 'failed' && entry.error?.reason === 'double_spent' ? ` · ${messages.offline.doubleSpent}` : '';
    const detail = Object.assign(document.createElement('span'), {
      className: 'detail', textContent: `${messages.time(Number(entry.received_at))} · ${messages.offline.states[entry.state] ?? entry.state}${failure}`,
    });
    li.append(what, amount, detail);
    return li;
  }));
}
