// A stand-in for Web NFC (https://w3c.github.io/web-nfc/), for tests only: headless Chromium has
// no NFC hardware, so a context made with `webNfc` gets a window.NDEFReader that behaves as the
// spec says, with the radio replaced by the test. Messages cross it as NDEF bytes, as they do
// between phones and tags:
//   - write(message) turns the NDEFMessageInit into an NDEF message (the spec's "create NDEF
//     message": text as UTF-8 with its language, url with the URI identifier code, mime with
//     its media type, ...) and stays pending until the test collects the bytes (`nfcWritten`),
//     as it would until a phone or a tag comes near;
//   - the test brings a tag or a phone near a page (`nfcTap`) with NDEF bytes, or with records
//     to write first; every reader scanning there gets a 'reading' event whose NDEFMessage is
//     parsed from those bytes as the spec says (recordType, mediaType, id, data as a DataView,
//     encoding and lang for text), or a 'readingerror' event if they are not NDEF.
// Nothing of this is shipped in web/.

/** Installed in every page of the context (it must hold no reference to this module). */
function install() {
  const utf8 = new TextEncoder();
  const latin = (bytes) => String.fromCharCode(...bytes);
  // NFC Forum URI RTD: the abbreviations of a URI record's first byte.
  const prefixes = ['', 'http://www.', 'https://www.', 'http://', 'https://', 'tel:', 'mailto:', 'ftp://anonymous:anonymous@',
    'ftp://ftp.', 'ftps://', 'sftp://', 'smb://', 'nfs://', 'ftp://', 'dav://', 'news:', 'telnet://', 'imap:', 'rtsp://', 'urn:',
    'pop:', 'sip:', 'sips:', 'tftp:', 'btspp://', 'btl2cap://', 'btgoep://', 'tcpobex://', 'irdaobex://', 'file://',
    'urn:epc:id:', 'urn:epc:tag:', 'urn:epc:pat:', 'urn:epc:raw:', 'urn:epc:', 'urn:nfc:'];
  const Tnf = { empty: 0, wellKnown: 1, media: 2, absoluteUri: 3, external: 4, unknown: 5, unchanged: 6 };

  const bytesOf = (source, what) => {
    if (source instanceof ArrayBuffer) return new Uint8Array(source.slice(0));
    if (ArrayBuffer.isView(source)) return new Uint8Array(source.buffer.slice(source.byteOffset, source.byteOffset + source.byteLength));
    throw new TypeError(`${what}: data must be a BufferSource`);
  };

  /** The spec's "map NDEFRecordInit to NDEF record" (the forms the tests and the app use). */
  function recordFromInit(init) {
    const id = init.id === undefined ? new Uint8Array() : utf8.encode(init.id);
    const type = init.recordType;
    switch (type) {
      case 'empty':
        return { tnf: Tnf.empty, type: new Uint8Array(), id, payload: new Uint8Array() };
      case 'text': {
        let text, encoding = init.encoding ?? 'utf-8';
        if (typeof init.data === 'string') {
          if (init.encoding !== undefined && init.encoding !== 'utf-8') throw new TypeError('text: a string is written as utf-8');
          text = utf8.encode(init.data);
        } else {
          text = bytesOf(init.data, 'text');
        }
        if (!['utf-8', 'utf-16', 'utf-16le', 'utf-16be'].includes(encoding)) throw new TypeError(`text: encoding ${encoding}`);
        const lang = utf8.encode(init.lang ?? (document.documentElement.lang || 'en'));
        if (lang.length > 63) throw new SyntaxError('text: lang is too long');
        const status = (encoding === 'utf-8' ? 0 : 0x80) | lang.length;
        return { tnf: Tnf.wellKnown, type: utf8.encode('T'), id, payload: new Uint8Array([status, ...lang, ...text]) };
      }
      case 'url': case 'absolute-url': {
        if (typeof init.data !== 'string') throw new TypeError(`${type}: data must be a string`);
        try { new URL(init.data); } catch { throw new SyntaxError(`${type}: not a URL: ${init.data}`); }
        if (type === 'absolute-url') return { tnf: Tnf.absoluteUri, type: utf8.encode(init.data), id, payload: new Uint8Array() };
        const code = prefixes.reduce((best, prefix, i) => (prefix && init.data.startsWith(prefix) && prefix.length > prefixes[best].length ? i : best), 0);
        return { tnf: Tnf.wellKnown, type: utf8.encode('U'), id, payload: new Uint8Array([code, ...utf8.encode(init.data.slice(prefixes[code].length))]) };
      }
      case 'mime':
        return { tnf: Tnf.media, type: utf8.encode(init.mediaType ?? 'application/octet-stream'), id, payload: bytesOf(init.data, 'mime') };
      case 'unknown':
        return { tnf: Tnf.unknown, type: new Uint8Array(), id, payload: bytesOf(init.data, 'unknown') };
      default:
        if (/^[^:]+\.[^:]+:.+$/.test(type ?? '')) return { tnf: Tnf.external, type: utf8.encode(type), id, payload: bytesOf(init.data, type) };
        throw new TypeError(`the stand-in does not write recordType ${JSON.stringify(type)}`);
    }
  }

  /** An NDEF message's bytes from an NDEFMessageSource (a string, a BufferSource or {records}). */
  function encodeMessage(source) {
    let inits;
    if (typeof source === 'string') inits = [{ recordType: 'text', data: source }];
    else if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) inits = [{ recordType: 'mime', data: source }];
    else if (source && Array.isArray(source.records) && source.records.length) inits = source.records;
    else throw new TypeError('an NDEF message has at least one record');
    const records = inits.map(recordFromInit);
    const out = [];
    records.forEach((r, i) => {
      const short = r.payload.length < 256;
      out.push((i === 0 ? 0x80 : 0) | (i === records.length - 1 ? 0x40 : 0) | (short ? 0x10 : 0) | (r.id.length ? 0x08 : 0) | r.tnf);
      out.push(r.type.length);
      const n = r.payload.length;
      out.push(...(short ? [n] : [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]));
      if (r.id.length) out.push(r.id.length);
      out.push(...r.type, ...r.id, ...r.payload);
    });
    return new Uint8Array(out);
  }

  /** The records of an NDEF message (chunked records are not supported); throws if malformed. */
  function decodeMessage(bytes) {
    const records = [];
    let at = 0;
    const take = (n) => {
      if (at + n > bytes.length) throw new Error('NDEF message cut short');
      const part = bytes.slice(at, at + n);
      at += n;
      return part;
    };
    while (at < bytes.length) {
      const [header] = take(1);
      if (records.length === 0 && !(header & 0x80)) throw new Error('the first record has no MB flag');
      if (header & 0x20) throw new Error('chunked records are not supported');
      const [typeLength] = take(1);
      const length = header & 0x10 ? take(1)[0] : take(4).reduce((n, b) => n * 256 + b, 0);
      const idLength = header & 0x08 ? take(1)[0] : 0;
      records.push({ tnf: header & 0x07, type: take(typeLength), id: take(idLength), payload: take(length) });
      if (header & 0x40) break;
    }
    if (at !== bytes.length || !records.length) throw new Error('not one NDEF message');
    return records;
  }

  /** The spec's "parse NDEF record into NDEFRecord". */
  function parseRecord(r) {
    const fields = { recordType: '', mediaType: null, id: r.id.length ? latin(r.id) : null, data: null, encoding: null, lang: null };
    const type = latin(r.type);
    const view = (bytes) => new DataView(Uint8Array.from(bytes).buffer);
    switch (r.tnf) {
      case Tnf.empty:
        fields.recordType = 'empty';
        break;
      case Tnf.wellKnown:
        if (type === 'T') {
          const status = r.payload[0] ?? 0;
          const langLength = status & 0x3f;
          Object.assign(fields, { recordType: 'text', encoding: status & 0x80 ? 'utf-16be' : 'utf-8',
                                  lang: latin(r.payload.slice(1, 1 + langLength)), data: view(r.payload.slice(1 + langLength)) });
        } else if (type === 'U') {
          const prefix = utf8.encode(prefixes[r.payload[0]] ?? '');
          Object.assign(fields, { recordType: 'url', data: view([...prefix, ...r.payload.slice(1)]) });
        } else if (type === 'Sp') {
          Object.assign(fields, { recordType: 'smart-poster', data: view(r.payload) });
        } else {
          Object.assign(fields, { recordType: type, data: view(r.payload) });
        }
        break;
      case Tnf.media:
        Object.assign(fields, { recordType: 'mime', mediaType: type, data: view(r.payload) });
        break;
      case Tnf.absoluteUri:
        Object.assign(fields, { recordType: 'absolute-url', data: view(r.type) });
        break;
      case Tnf.external:
        Object.assign(fields, { recordType: type, data: view(r.payload) });
        break;
      case Tnf.unknown:
        Object.assign(fields, { recordType: 'unknown', data: view(r.payload) });
        break;
      default:
        throw new Error(`TNF ${r.tnf} cannot be read`);
    }
    return new NDEFRecord({ [internal]: fields });
  }

  const internal = Symbol('web-nfc stand-in');
  class NDEFRecord {
    constructor(init) {
      if (init?.[internal]) {
        Object.assign(this, init[internal]);
      } else {
        // new NDEFRecord(init) from a page: the record as it would be read back once written.
        Object.assign(this, parseRecord(recordFromInit(init)));
      }
      Object.freeze(this);
    }
    toRecords() { return null; }
  }
  class NDEFMessage {
    constructor(source) {
      const list = source?.[internal] ?? decodeMessage(encodeMessage(source)).map(parseRecord);
      this.records = Object.freeze(list);
    }
  }

  class NDEFReadingEvent extends Event {
    constructor(type, init) {
      super(type, init);
      this.serialNumber = init.serialNumber ?? '';
      this.message = init.message instanceof NDEFMessage ? init.message : new NDEFMessage(init.message);
    }
  }

  // The radio: readers scanning now, and writes waiting for a peer.
  const scanning = new Set();
  const pending = [];
  const abortError = () => new DOMException('The operation was aborted.', 'AbortError');

  class NDEFReader extends EventTarget {
    onreading = null;
    onreadingerror = null;

    scan(options = {}) {
      const { signal } = options;
      if (signal?.aborted) return Promise.reject(abortError());
      if (scanning.has(this)) return Promise.reject(new DOMException('A scan is already in progress.', 'InvalidStateError'));
      scanning.add(this);
      signal?.addEventListener('abort', () => scanning.delete(this), { once: true });
      return Promise.resolve();
    }

    write(message, options = {}) {
      const { signal } = options;
      if (signal?.aborted) return Promise.reject(abortError());
      let bytes;
      try {
        bytes = encodeMessage(message);
      } catch (error) {
        return Promise.reject(error);
      }
      return new Promise((resolve, reject) => {
        const write = { bytes: Array.from(bytes), resolve };
        pending.push(write);
        signal?.addEventListener('abort', () => {
          const at = pending.indexOf(write);
          if (at >= 0) pending.splice(at, 1);
          reject(abortError());
        }, { once: true });
      });
    }

    makeReadOnly() { return Promise.resolve(); }

    dispatchEvent(event) {
      const handler = event.type === 'reading' ? this.onreading : event.type === 'readingerror' ? this.onreadingerror : null;
      if (typeof handler === 'function') handler.call(this, event);
      return super.dispatchEvent(event);
    }
  }

  Object.assign(globalThis, { NDEFReader, NDEFRecord, NDEFMessage, NDEFReadingEvent });
  globalThis.testNfc = {
    /** How many writes wait for a peer. */
    get pendingWrites() { return pending.length; },
    /** How many readers scan. */
    get readers() { return scanning.size; },
    /** The bytes of the oldest pending write, which then completes. */
    collect() {
      const write = pending.shift();
      if (!write) return null;
      write.resolve();
      return write.bytes;
    },
    /** A tag or phone holding `message` (NDEF bytes, or an NDEFMessageInit) comes near; resolves to how many readers saw it. */
    tap(message, serialNumber = '04:a3:94:93:cc:86:80') {
      const bytes = Array.isArray(message) ? Uint8Array.from(message) : encodeMessage(message);
      let event;
      try {
        const records = decodeMessage(bytes).map(parseRecord);
        event = new NDEFReadingEvent('reading', { serialNumber, message: new NDEFMessage({ [internal]: records }) });
      } catch {
        event = new Event('readingerror');
      }
      const readers = [...scanning];
      for (const reader of readers) reader.dispatchEvent(event);
      return readers.length;
    },
    /** The records of NDEF `bytes` as a reader gets them, with their data decoded as text (for checks). */
    read: (bytes) => decodeMessage(Uint8Array.from(bytes)).map(parseRecord).map((r) => ({
      recordType: r.recordType, mediaType: r.mediaType, encoding: r.encoding, lang: r.lang,
      text: r.data && new TextDecoder(r.encoding ?? 'utf-8').decode(r.data),
    })),
  };
}

/** Gives every page of `context` the Web NFC stand-in (globalThis.NDEFReader and globalThis.testNfc). */
export function webNfc(context) {
  return context.addInitScript(install);
}

/**
 * The NDEF bytes (an array of numbers) of the message `page` writes by NFC, once it writes one:
 * a phone comes near and takes it (the write then resolves).
 */
export async function nfcWritten(page, timeout = 15_000) {
  await page.waitForFunction(() => globalThis.testNfc.pendingWrites > 0, null, { timeout });
  return page.evaluate(() => globalThis.testNfc.collect());
}

/**
 * A tag or phone holding `message` (NDEF bytes as an array, or an NDEFMessageInit whose `data`
 * may be an array of bytes for binary records) comes near `page`; resolves to how many readers
 * scanning there saw it.
 */
export function nfcTap(page, message) {
  return page.evaluate((m) => {
    const init = Array.isArray(m) ? m : {
      records: m.records.map((r) => (Array.isArray(r.data) ? { ...r, data: Uint8Array.from(r.data) } : r)),
    };
    return globalThis.testNfc.tap(init);
  }, message);
}

/** The records of NDEF `bytes` as a reader in `page` gets them: {recordType, mediaType, encoding, lang, text}. */
export function nfcRecords(page, bytes) {
  return page.evaluate((b) => globalThis.testNfc.read(b), bytes);
}
