// QR codes as SVG, drawn by paulmillr's zero-dependency `qr` (npm). Dark modules on a light box, whatever the colour scheme: scanners need it.
import encodeQR from 'qr';

/**
 * Shows `text` as a QR code inside `element` (its role="img" label says what it is). Bech32 and
 * BOLT11 text is given in upper case: QR's alphanumeric mode makes the code smaller and easier to scan.
 */
export function showQr(element: HTMLElement, text: string): void {
  // The SVG holds only path geometry computed from `text`, never the text itself.
  element.innerHTML = encodeQR(text, 'svg', { ecc: 'medium', border: 2 });
}
