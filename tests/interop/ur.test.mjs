// Offline eCash transports of the wasm core (offline/ur, offline/ndef) against independent
// clients: NUT-16 animated-QR frames against @ngraveio/bc-ur (the library cashu.me and Minibits
// use, through a fork), the frames drawn as QR codes by `qr` and read back by `jsqr`, and NDEF
// messages as cashu.me (Web NFC), Numo and Android write them, with tokens checked by cashu-ts.
// The tokens are real: 1, 4 and 8 P2PK-locked proofs with DLEQ proofs (support/offline-tokens.mjs).
// No flash-node is needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UR, URDecoder, UREncoder } from '@ngraveio/bc-ur';
import encodeQR from 'qr';
import jsQR from 'jsqr';
import { getDecodedToken, getDecodedTokenBinary } from '@cashu/cashu-ts';
import { loadCore } from '../../wasm/load-node.mjs';
import { keysetIds, offlineToken } from './support/offline-tokens.mjs';

const core = await loadCore();
const tokens = Object.fromEntries([1, 4, 8].map((n) => [n, offlineToken(n)]));
const fragmentSizes = [50, 100, 150, 200];
const utf8 = (text) => new TextEncoder().encode(text);

/** A seeded generator in [0, 1) (mulberry32), so that a failure can be replayed. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The same token in both decoders' words: mint, unit and each proof's fields, keyset ids in their
 * short form (a cashuB carries 8 bytes of a v2 id; cashu-ts expands them, our decoder does not).
 */
function normalised({ mint, unit, proofs }) {
  return {
    mint, unit,
    proofs: proofs.map((p) => ({
      id: p.id.slice(0, 16), amount: Number(p.amount.toString()), secret: p.secret, C: p.C, dleq: p.dleq && { ...p.dleq },
    })),
  };
}
const decoded = (token) => normalised(getDecodedToken(token, keysetIds));

/**
 * Shows frames from `next` until both decoders are done, each frame lost with probability `loss`
 * (the same frames reach both). Returns how many frames were shown until each one completed.
 */
function race(next, loss, rand) {
  const ours = core.urDecoder();
  const theirs = new URDecoder();
  const shown = { ours: 0, theirs: 0 };
  try {
    for (let n = 1; !ours.isComplete() || !theirs.isComplete(); n++) {
      assert.ok(n < 10_000, 'no decoder should need this many frames');
      const frame = next();
      if (rand() < loss) continue;
      if (!ours.isComplete()) {
        ours.receivePart(frame);
        if (ours.isComplete()) shown.ours = n;
      }
      if (!theirs.isComplete()) {
        theirs.receivePart(frame);
        if (theirs.isComplete()) shown.theirs = n;
      }
    }
    return { shown, ours: new TextDecoder().decode(ours.result()), theirs: theirs.resultUR().decodeCBOR().toString() };
  } finally {
    ours.delete();
  }
}

test('the test tokens are real: DLEQ + P2PK proofs that our core decodes as cashu-ts does', () => {
  for (const [count, { token }] of Object.entries(tokens)) {
    const ours = JSON.parse(core.decodeCashuToken(token));
    const theirs = getDecodedToken(token, keysetIds);
    assert.equal(ours.proofs.length, Number(count));
    assert.deepEqual(normalised(ours), normalised(theirs));
    for (const proof of ours.proofs) {
      assert.match(proof.secret, /^\["P2PK",/);
      assert.ok(proof.dleq.r, 'DLEQ with r');
    }
  }
});

test('each of our frames is bc-ur\'s frame of its sequence number (upper case for QR alphanumeric mode)', () => {
  for (const { token } of Object.values(tokens)) {
    for (const size of fragmentSizes) {
      const ours = core.urEncoder(utf8(token), size);
      const ur = UR.fromBuffer(Buffer.from(token));
      const reference = new UREncoder(ur, size, 0);
      assert.equal(ours.seqLen(), reference.fragmentsLength);
      let skipped = 0;
      for (let i = 0; i < 3 * ours.seqLen() + 5; i++) {
        const frame = ours.nextPart();
        assert.equal(frame, frame.toUpperCase());
        const seq = Number(frame.match(/^UR:BYTES\/(\d+)-/)[1]);
        // The pure parts come in bc-ur's order; later numbers whose part mixes fewer than 3
        // fragments are skipped (offline/ur/fountain_encoder.hpp), the others are bc-ur's parts.
        if (i < ours.seqLen()) assert.equal(seq, i + 1);
        assert.equal(frame.toLowerCase(), new UREncoder(ur, size, seq - 1).nextPart());
        skipped = seq - (i + 1);
      }
      assert.ok(skipped > 0, 'some sparse parts are skipped');
      ours.delete();
    }
  }
});

test('frames cross both ways, whole and with 30% dropped at random; our decoder never needs more than bc-ur on the same frames', (t) => {
  const rand = random(30);
  for (const [count, { token }] of Object.entries(tokens)) {
    for (const size of fragmentSizes) {
      const stats = { ours: [], theirs: [], bcurFrames: [] };
      let seqLen = 0;
      for (let trial = 0; trial < 10; trial++) {
        const loss = trial === 0 ? 0 : 0.3;
        // Our frames into both decoders.
        const encoder = core.urEncoder(utf8(token), size);
        seqLen = encoder.seqLen();
        const mine = race(() => encoder.nextPart(), loss, rand);
        encoder.delete();
        assert.equal(mine.ours, token);
        assert.equal(mine.theirs, token);
        assert.ok(mine.shown.ours <= mine.shown.theirs, `ours ${mine.shown.ours} > bc-ur ${mine.shown.theirs}`);
        if (loss === 0) assert.equal(mine.shown.ours, seqLen);
        // bc-ur's own frame sequence (lower case, every number) into both decoders.
        const bcur = new UREncoder(UR.fromBuffer(Buffer.from(token)), size, 0);
        const theirs = race(() => bcur.nextPart(), loss, rand);
        assert.equal(theirs.ours, token);
        assert.equal(theirs.theirs, token);
        if (loss > 0) {
          stats.ours.push(mine.shown.ours, theirs.shown.ours);
          stats.theirs.push(mine.shown.theirs, theirs.shown.theirs);
        }
      }
      const mean = (xs) => (xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(1);
      t.diagnostic(`${count} proofs, ${size}-byte fragments (${seqLen} fragments), 30% loss, over both senders' frames: frames shown until ` +
                   `decoded by our decoder ${mean(stats.ours)}, by bc-ur's ${mean(stats.theirs)} (max ${Math.max(...stats.ours)} / ${Math.max(...stats.theirs)})`);
    }
  }
});

/** A QR symbol of `text` as RGBA pixels, as a camera frame would show it (4 px per module). */
function qrImage(text) {
  const modules = encodeQR(text, 'raw', { ecc: 'low', border: 4 });
  const scale = 4;
  const size = modules.length * scale;
  const rgba = new Uint8ClampedArray(size * size * 4).fill(255);
  modules.forEach((row, y) => row.forEach((dark, x) => {
    if (!dark) return;
    for (let dy = 0; dy < scale; dy++) for (let dx = 0; dx < scale; dx++) {
      const at = ((y * scale + dy) * size + x * scale + dx) * 4;
      rgba[at] = rgba[at + 1] = rgba[at + 2] = 0;
    }
  }));
  return { rgba, size, modules: modules.length - 8 };
}

test('frames drawn as QR codes (qr) and read back by an independent reader (jsqr) decode in both', (t) => {
  const { token } = tokens[8];
  const encoder = core.urEncoder(utf8(token), 150);
  const ours = core.urDecoder();
  const theirs = new URDecoder();
  const rand = random(16);
  let shown = 0;
  let sizes = null;
  while (!ours.isComplete() || !theirs.isComplete()) {
    const frame = encoder.nextPart();
    shown++;
    assert.ok(shown < 10 * encoder.seqLen());
    const image = qrImage(frame);
    const read = jsQR(image.rgba, image.size, image.size);
    assert.ok(read, `jsqr read frame ${shown}`);
    assert.equal(read.data, frame);
    if (!sizes) sizes = { upper: image.modules, lower: qrImage(frame.toLowerCase()).modules, length: frame.length };
    if (rand() < 0.3) continue;  // the camera missed it
    if (!ours.isComplete()) ours.receivePart(read.data);
    if (!theirs.isComplete()) theirs.receivePart(read.data);
  }
  assert.equal(new TextDecoder().decode(ours.result()), token);
  assert.equal(theirs.resultUR().decodeCBOR().toString(), token);
  // Upper case fits alphanumeric mode (5.5 bits a character instead of 8): a smaller symbol.
  assert.ok(sizes.upper < sizes.lower, `upper ${sizes.upper} vs lower ${sizes.lower} modules`);
  t.diagnostic(`8 proofs, 150-byte fragments: ${encoder.seqLen()} fragments, ${shown} frames shown at 30% loss; ` +
               `a ${sizes.length}-character frame is ${sizes.upper}x${sizes.upper} modules (lower case: ${sizes.lower}x${sizes.lower})`);
  encoder.delete();
  ours.delete();
});

test('malformed and foreign frames are refused with typed errors and do not disturb the decoder', () => {
  const { token } = tokens[4];
  const encoder = core.urEncoder(utf8(token), 100);
  const decoder = core.urDecoder();
  const first = encoder.nextPart();
  decoder.receivePart(first);
  const codeOf = (frame) => {
    try {
      decoder.receivePart(frame);
      return 'accepted';
    } catch (e) {
      return e.code;
    }
  };
  // Two different bytewords swapped: every word is valid, the CRC-32 is not.
  const body = first.lastIndexOf('/') + 1;
  let at = body;
  while (first.slice(at, at + 2) === first.slice(at + 2, at + 4)) at += 2;
  const swapped = first.slice(0, at) + first.slice(at + 2, at + 4) + first.slice(at, at + 2) + first.slice(at + 4);
  assert.equal(codeOf(swapped), 'bad_checksum');
  assert.equal(codeOf(first.slice(0, body) + 'QQ' + first.slice(body + 2)), 'bad_ur');  // no such word
  assert.equal(codeOf(first.slice(0, -1)), 'bad_ur');
  assert.equal(codeOf('UR:BYTES/1-0/AEAD'), 'bad_ur');
  assert.equal(codeOf('hello'), 'bad_ur');
  assert.equal(codeOf(first.replace(/\/\d+-/, '/7-')), 'bad_ur');  // sequence component disagrees with the part
  const other = new UREncoder(UR.fromBuffer(Buffer.from(tokens[8].token)), 100, 0);
  assert.equal(codeOf(other.nextPart()), 'ur_mismatch');
  const psbt = new UREncoder(new UR(UR.fromBuffer(Buffer.from(token)).cbor, 'crypto-psbt'), 100, 0);
  assert.equal(codeOf(psbt.nextPart()), 'ur_mismatch');
  assert.equal(decoder.receivedPartCount(), 1);
  while (!decoder.isComplete()) decoder.receivePart(encoder.nextPart());
  assert.equal(new TextDecoder().decode(decoder.result()), token);
  assert.throws(() => core.urEncoder(utf8(token), 5), { code: 'bad_argument' });
  assert.throws(() => core.urEncoder(utf8(token), 100.5), { code: 'bad_argument' });
  encoder.delete();
  decoder.delete();
});

/** NDEF bytes of one record, short or long, built by hand as Android's NdefRecord serialises it. */
function androidRecord({ tnf, type, payload, first = true, last = true }) {
  const short = payload.length < 256;
  const flags = (first ? 0x80 : 0) | (last ? 0x40 : 0) | (short ? 0x10 : 0) | tnf;
  const length = short ? [payload.length] : [payload.length >>> 24, (payload.length >>> 16) & 255, (payload.length >>> 8) & 255, payload.length & 255];
  return Buffer.concat([Buffer.from([flags, type.length, ...length]), Buffer.from(type), Buffer.from(payload)]);
}

test('NDEF: token records in the three wallet forms round-trip; cashu-ts reads the binary form', () => {
  for (const { token, binary } of Object.values(tokens)) {
    const text = core.ndefTokenRecord(token, 'text', '');
    assert.deepEqual(text, { recordType: 'text', lang: 'en', data: token });
    const url = core.ndefTokenRecord(token, 'url', 'https://wallet.example/');
    assert.equal(url.data, `https://wallet.example/#token=${token}`);
    const raw = core.ndefTokenRecord(token, 'binary', '');
    assert.equal(raw.mediaType, 'application/octet-stream');
    assert.deepEqual(normalised(getDecodedTokenBinary(raw.data)), decoded(token));

    for (const record of [text, url, raw]) {
      const parsed = core.ndefParse(core.ndefEncode([record]));
      assert.equal(parsed.records.length, 1);
      assert.equal(parsed.records[0].recordType, record.recordType);
      assert.deepEqual(decoded(parsed.token), decoded(token));
    }
    // cashu.me's binary record carries cashu-ts's own craw bytes.
    const cashuMe = core.ndefEncode([{ recordType: 'mime', mediaType: 'application/octet-stream', data: binary }]);
    assert.deepEqual(decoded(core.ndefParse(cashuMe).token), decoded(token));
  }
});

test('NDEF: messages as Android, Numo and Web NFC write them', () => {
  const { token } = tokens[4];  // 2.5 kB: a long (not short) record
  // NdefRecord.createTextRecord("en", token) + an Android application record (TNF external).
  const text = androidRecord({ tnf: 1, type: 'T', payload: Buffer.concat([Buffer.from([2]), Buffer.from('en'), Buffer.from(token)]), last: false });
  const aar = androidRecord({ tnf: 4, type: 'android.com:pkg', payload: Buffer.from('me.cashu.wallet'), first: false });
  let parsed = core.ndefParse(new Uint8Array(Buffer.concat([text, aar])));
  assert.deepEqual(parsed.records.map((r) => r.recordType), ['text', 'android.com:pkg']);
  assert.equal(parsed.records[0].data, token);
  assert.equal(parsed.token, token);
  // NdefRecord.createUri: "https://" abbreviated to code 0x04, as Numo's spec shows it.
  const uri = androidRecord({ tnf: 1, type: 'U', payload: Buffer.concat([Buffer.from([4]), Buffer.from(`cashu.me/#token=${token}`)]) });
  parsed = core.ndefParse(new Uint8Array(uri));
  assert.equal(parsed.records[0].data, `https://cashu.me/#token=${token}`);
  assert.equal(parsed.token, token);
  // Our URL record abbreviates the same way.
  const ours = core.ndefEncode([{ recordType: 'url', data: `https://cashu.me/#token=${token}` }]);
  assert.deepEqual(Buffer.from(ours), uri);
  // A Numo payment request (Text record) carries no token.
  const request = androidRecord({ tnf: 1, type: 'T', payload: Buffer.concat([Buffer.from([2]), Buffer.from('en'), Buffer.from('creqAo2F0')]) });
  assert.equal(core.ndefParse(new Uint8Array(request)).token, null);
  // Malformed messages are typed errors.
  for (const bad of [new Uint8Array(), new Uint8Array([0xd1, 0x01]), text, Buffer.concat([uri, Buffer.from([0])])])
    assert.throws(() => core.ndefParse(new Uint8Array(bad)), { code: 'bad_ndef' });
  assert.throws(() => core.ndefEncode([{ recordType: 'text' }]), { code: 'bad_argument' });
  assert.throws(() => core.ndefTokenRecord('cashuBnope', 'binary', ''), { code: 'bad_token' });
});
