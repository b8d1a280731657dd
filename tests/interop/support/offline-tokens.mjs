// Real Cashu tokens for the offline tests and benchmarks, made without a mint: cashu-ts's own mint
// primitives sign P2PK-locked secrets (with locktime and refund keys), each proof carries its NUT-12
// DLEQ proof with r, and every DLEQ is checked with cashu-ts's hasValidDleq. The tokens are the
// `cashuB` texts a wallet would send offline (the largest kind: DLEQ + P2PK).
import {
  blindMessage, constructUnblindedSignature, createBlindSignature, createDLEQProof, createNewMintKeys,
  createP2PKsecret, getEncodedToken, getEncodedTokenBinary, hasValidDleq, numberToHexPadded64, pointFromBytes,
} from '@cashu/cashu-ts';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex } from '@noble/hashes/utils.js';

const mintUrl = 'https://mint.flash.example';
const keyset = createNewMintKeys(8, new Uint8Array(32).fill(7));  // amounts 1..128
const publicKeys = Object.fromEntries(Object.entries(keyset.pubKeys).map(([amount, key]) => [amount, bytesToHex(key)]));

const receiver = bytesToHex(secp256k1.getPublicKey(new Uint8Array(32).fill(1), true));
const refund = bytesToHex(secp256k1.getPublicKey(new Uint8Array(32).fill(2), true));
const locktime = String(1_900_000_000);

function proof(amount) {
  const secret = createP2PKsecret(receiver, [['locktime', locktime], ['refund', refund], ['sigflag', 'SIG_INPUTS']]);
  const { B_, r } = blindMessage(new TextEncoder().encode(secret));
  const privateKey = keyset.privKeys[amount];
  const signature = createBlindSignature(B_, privateKey, keyset.keysetId);
  const dleq = createDLEQProof(B_, privateKey);
  const { C } = constructUnblindedSignature(signature, r, new TextEncoder().encode(secret), pointFromBytes(keyset.pubKeys[amount]));
  return {
    id: keyset.keysetId, amount, secret, C: C.toHex(true),
    dleq: { e: bytesToHex(dleq.e), s: bytesToHex(dleq.s), r: numberToHexPadded64(r) },
  };
}

/** The keyset ids cashu-ts's getDecodedToken needs to expand the short (8-byte) ids of a cashuB. */
export const keysetIds = [keyset.keysetId];

/** A cashuB token of `count` DLEQ + P2PK proofs (amounts 1, 2, 4, ... cycling through the keyset). */
export function offlineToken(count) {
  const proofs = Array.from({ length: count }, (_, i) => proof(2 ** (i % 8)));
  for (const p of proofs)
    if (!hasValidDleq(p, { id: keyset.keysetId, keys: publicKeys })) throw new Error('DLEQ does not verify');
  const token = { mint: mintUrl, unit: 'sat', proofs };
  return { token: getEncodedToken(token), binary: getEncodedTokenBinary(token), proofs };
}
