// A secret sealed under a passphrase, as flash-cli's wallet file and the PWA's vault store it:
//   key = scrypt(NFKC(passphrase), salt 16 bytes, N = 2^log_n, r = 8, p = 1, 32 bytes)
//   ciphertext = XChaCha20-Poly1305(key, nonce 24 random bytes, associated data = `context`, secret)
// serialised as {kdf: {name, log_n, r, p, salt (hex)}, cipher: {name, nonce (hex)}, ciphertext (base64)}.
// The parameters travel with the ciphertext; a change to any of them, to the context or to the
// ciphertext makes opening fail. Both primitives run in the wasm core; works in Node and browsers.

/** scrypt cost: 2^16 needs 64 MiB and about 0.6 s in wasm. */
export const defaultLogN = 16;
export const minLogN = 10;
export const maxLogN = 20;

const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const fromHex = (text) => Uint8Array.from(text.match(/../g) ?? [], (pair) => parseInt(pair, 16));
const base64 = (bytes) => btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join(''));
const fromBase64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

function passphraseKey(core, passphrase, salt, { log_n: logN, r, p }) {
  return core.scrypt(new TextEncoder().encode(passphrase.normalize('NFKC')), salt, logN, r, p, 32);
}

/**
 * Seals `secret` (bytes) under `passphrase` (non-empty) for `context` (a string naming the format,
 * bound as associated data). `logN` must be within minLogN..maxLogN (a RangeError otherwise).
 */
export function sealSecret(core, secret, passphrase, { context, logN = defaultLogN }) {
  if (!Number.isInteger(logN) || logN < minLogN || logN > maxLogN) throw new RangeError(`log_n must be ${minLogN}..${maxLogN}`);
  const kdf = { name: 'scrypt', log_n: logN, r: 8, p: 1 };
  const salt = core.randomBytes(16);
  const nonce = core.randomBytes(24);
  const key = passphraseKey(core, passphrase, salt, kdf);
  try {
    const sealed = core.xchacha20Poly1305Seal(key, nonce, new TextEncoder().encode(context), secret);
    return { kdf: { ...kdf, salt: hex(salt) }, cipher: { name: 'xchacha20-poly1305', nonce: hex(nonce) }, ciphertext: base64(sealed) };
  } finally {
    key.fill(0);
  }
}

/**
 * The secret of `sealed` (a fresh Uint8Array the caller should wipe). A wrong passphrase, another
 * context or any change to `sealed` throws the core's error with code 'decrypt_failed'.
 */
export function openSecret(core, sealed, passphrase, { context }) {
  const { kdf, cipher, ciphertext } = sealed;
  const key = passphraseKey(core, passphrase, fromHex(kdf.salt), kdf);
  try {
    return core.xchacha20Poly1305Open(key, fromHex(cipher.nonce), new TextEncoder().encode(context), fromBase64(ciphertext));
  } finally {
    key.fill(0);
  }
}

/** Whether `value` has the shape of a sealed secret (read from a file someone may have edited). */
export function isSealedSecret(value) {
  const { kdf, cipher, ciphertext } = value ?? {};
  return kdf?.name === 'scrypt' && Number.isInteger(kdf.log_n) && kdf.log_n >= 1 && kdf.log_n <= 22 &&
    Number.isInteger(kdf.r) && Number.isInteger(kdf.p) && /^[0-9a-f]{32}$/.test(kdf.salt) &&
    cipher?.name === 'xchacha20-poly1305' && /^[0-9a-f]{48}$/.test(cipher.nonce) &&
    typeof ciphertext === 'string' && /^[A-Za-z0-9+/]*={0,2}$/.test(ciphertext);
}
