// Offline transport of eCash tokens in the core's worker: NUT-16 animated QR codes (ur:bytes
// with fountain codes, offline/ur in the wasm core) and NFC messages (NDEF, offline/ndef). The
// page draws and scans; the frames and records are made and read here.
import { guarded, fail, wasm } from './runtime.ts';

/** The senders shown at the moment (a page shows one or two), by id. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- embind objects
const encoders = new Map<number, any>();
let nextEncoder = 1;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let decoder: any = null;

/** A Web NFC record as the page reads it (text records already decoded to a string). */
export interface NfcRecord {
  recordType: string;
  mediaType?: string;
  lang?: string;
  data: string | Uint8Array;
}

export const offlineApi = {
  /**
   * Starts the animated QR of `token`: fragments of at most `fragmentBytes` (10..4096); returns
   * its id and how many frames a receiver needs at least.
   */
  urStart(token: string, fragmentBytes: number): { id: number; minimumFrames: number } {
    return guarded(() => {
      const encoder = wasm().urEncoder(new TextEncoder().encode(token), fragmentBytes);
      const id = nextEncoder++;
      encoders.set(id, encoder);
      return { id, minimumFrames: encoder.seqLen() };
    });
  },

  /** The next `count` frames of sender `id`, upper case (the QR alphanumeric mode packs them densest). */
  urFrames(id: number, count: number): string[] {
    const encoder = encoders.get(id);
    if (!encoder) throw fail('bad_argument', 'no such animated QR');
    return guarded(() => Array.from({ length: count }, () => String(encoder.nextPart()).toUpperCase()));
  },

  urStop(id: number): void {
    encoders.get(id)?.delete();
    encoders.delete(id);
  },

  /** Forgets what the scanner received (a new scan starts from nothing). */
  urReset(): void {
    decoder?.delete();
    decoder = null;
  },

  /**
   * One scanned frame: progress in percent and, once complete, the token. Text that is not a UR
   * frame but a whole token (a plain cashu QR code) completes at once. CoreError bad_ur / ur_mismatch.
   */
  urReceive(text: string): { progress: number; frames: number; token: string | null } {
    const trimmed = text.trim();
    if (/^cashu[AB]/.test(trimmed)) return { progress: 100, frames: 1, token: trimmed };
    return guarded(() => {
      decoder ??= wasm().urDecoder();
      decoder.receivePart(trimmed.toLowerCase());
      const token = decoder.isComplete() ? new TextDecoder().decode(decoder.result()) : null;
      return { progress: Math.floor(decoder.progress()), frames: decoder.receivedPartCount(), token };
    });
  },

  /** The hex public key of a contact given as npub or hex; CoreError bad_bech32 / bad_argument otherwise. */
  contactKey(text: string): string {
    const trimmed = text.trim();
    if (/^[0-9a-f]{64}$/i.test(trimmed)) return trimmed.toLowerCase();
    return guarded(() => {
      const entity = JSON.parse(wasm().nip19Decode(trimmed.replace(/^nostr:/, '')));
      if (entity.type !== 'npub') throw fail('bad_argument', 'not an npub');
      return entity.data as string;
    });
  },

  /** The Web NFC record that carries `token` (text record with the cashuB… token, as other wallets write it). */
  nfcRecord(token: string): NfcRecord {
    return guarded(() => wasm().ndefTokenRecord(token, 'text', ''));
  },

  /** The Cashu token in the records of a scanned NFC tag or phone (text, URL #token= or binary craw), or null. */
  nfcToken(records: NfcRecord[]): string | null {
    return guarded(() => wasm().ndefParse(wasm().ndefEncode(records)).token);
  },
};
