// What a mnemonic opens: the BIP-39 seed (on-chain account, PSBT signing) and the NIP-06 NOSTR key
// (m/44'/1237'/0'/0/0) that signs every API request. No BIP-39 passphrase is used.
const hex = (bytes) => Buffer.from(bytes).toString('hex');

/** Typed words in BIP-39's canonical form: NFKD, lower case, single spaces. */
export const canonicalWords = (typed) => typed.normalize('NFKD').toLowerCase().trim().split(/\s+/).join(' ');

export function walletKeys(core, mnemonic) {
  const { secretKey, publicKey } = core.nip06Key(mnemonic, '', 0);
  return {
    mnemonic,
    seed: core.mnemonicToSeed(mnemonic, ''),
    nostrSecret: secretKey,
    nostrPubkey: hex(publicKey),
  };
}

export const npub = (core, pubkeyHex) => core.nip19Encode(JSON.stringify({ type: 'npub', data: pubkeyHex }));
