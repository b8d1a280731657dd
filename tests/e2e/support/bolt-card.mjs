// A simulated Bolt Card, written here with node:crypto and independent of the core: the SUN
// message a card puts in its link at each tap (p: PICCData encrypted with K1; c: the odd bytes of
// the AES-CMAC, under a session key from K2, of nothing). Checked against the official vectors.
import { createCipheriv, randomBytes } from 'node:crypto';

const aes = (key, block) => {
  const cipher = createCipheriv('aes-128-ecb', key, null);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(block), cipher.final()]);
};

/** One bit to the left across the 16 bytes. */
const shift = (bytes) => Buffer.from(bytes.map((b, i) => ((b << 1) | (i < 15 ? bytes[i + 1] >> 7 : 0)) & 0xff));
const xor = (a, b) => Buffer.from(a.map((x, i) => x ^ b[i]));

/** AES-CMAC (RFC 4493) of `message` under the 16-byte `key`. */
export function cmac(key, message) {
  const l = aes(key, Buffer.alloc(16));
  const k1 = shift(l);
  if (l[0] & 0x80) k1[15] ^= 0x87;
  const k2 = shift(k1);
  if (k1[0] & 0x80) k2[15] ^= 0x87;
  const blocks = Math.max(1, Math.ceil(message.length / 16));
  const whole = message.length > 0 && message.length % 16 === 0;
  const tail = Buffer.alloc(16);
  message.subarray((blocks - 1) * 16).copy(tail);
  if (!whole) tail[message.length - (blocks - 1) * 16] = 0x80;
  let x = Buffer.alloc(16);
  for (let i = 0; i < blocks - 1; i++) x = aes(key, xor(x, message.subarray(i * 16, i * 16 + 16)));
  return aes(key, xor(x, xor(tail, whole ? k1 : k2)));
}

/** The p and c (upper-case hex) of a tap of the card `uid` (hex) at `counter`, with keys K1 and K2 (hex). */
export function tap({ k1, k2, uid, counter, padding = randomBytes(5) }) {
  const ctr = Buffer.from([counter & 0xff, (counter >> 8) & 0xff, (counter >> 16) & 0xff]);
  const picc = Buffer.concat([Buffer.from([0xc7]), Buffer.from(uid, 'hex'), ctr, padding]);
  const p = aes(Buffer.from(k1, 'hex'), picc);
  const sv2 = Buffer.concat([Buffer.from('3cc300010080', 'hex'), Buffer.from(uid, 'hex'), ctr]);
  const session = cmac(Buffer.from(k2, 'hex'), sv2);
  const mac = cmac(session, Buffer.alloc(0));
  const c = Buffer.from([1, 3, 5, 7, 9, 11, 13, 15].map((i) => mac[i]));
  return { p: p.toString('hex').toUpperCase(), c: c.toString('hex').toUpperCase() };
}
