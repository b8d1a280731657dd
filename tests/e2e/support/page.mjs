// Waiting on what a page shows, reading the QR codes it draws, and showing it pictures through
// its test camera.
import { decodeQR } from 'qr/decode.js';

/**
 * Waits until the text of `selector` matches `pattern` (pages poll the node every few seconds);
 * fails with what it says instead. Resolves to the text.
 */
export async function waitText(page, selector, pattern, timeout = 15_000) {
  try {
    await page.waitForFunction(([sel, source, flags]) => new RegExp(source, flags).test(document.querySelector(sel)?.textContent ?? ''),
                               [selector, pattern.source, pattern.flags], { timeout });
  } catch (error) {
    const now = await page.evaluate((sel) => document.querySelector(sel)?.textContent, selector);
    throw new Error(`${selector} never matched ${pattern} (it says ${JSON.stringify(now)}): ${error.message}`);
  }
  return page.textContent(selector);
}

/**
 * The camera of a context made with `testCamera` (below) shows `svg` (a QR code's markup), drawn
 * on white with a margin, as a phone held in front of another phone's screen would see it.
 */
export function showToCamera(page, svg) {
  return page.evaluate(async (markup) => {
    const image = new Image();
    image.src = `data:image/svg+xml;base64,${btoa(markup)}`;
    await image.decode();
    const paint = globalThis.testCamera.getContext('2d');
    paint.fillStyle = '#fff';
    paint.fillRect(0, 0, 480, 480);
    paint.drawImage(image, 40, 40, 400, 400);
  }, svg);
}

/** Gives `context` a camera: a canvas (globalThis.testCamera) streamed as getUserMedia's video. */
export function testCamera(context) {
  return context.addInitScript(() => {
    const canvas = Object.assign(document.createElement('canvas'), { width: 480, height: 480 });
    const paint = canvas.getContext('2d');
    paint.fillStyle = '#fff';
    paint.fillRect(0, 0, 480, 480);
    globalThis.testCamera = canvas;
    navigator.mediaDevices.getUserMedia = async () => canvas.captureStream(20);
  });
}

/**
 * What the QR code drawn (as SVG) in `selector` says, read from its pixels by an independent decoder
 * (paulmillr's `qr`), drawn `size` pixels wide.
 */
export async function readQr(page, selector, size = 400) {
  const image = await page.evaluate(async ([sel, side]) => {
    const svg = new XMLSerializer().serializeToString(document.querySelector(`${sel} svg`));
    const img = new Image();
    img.src = `data:image/svg+xml;base64,${btoa(svg)}`;
    await img.decode();
    const canvas = Object.assign(document.createElement('canvas'), { width: side, height: side });
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, side, side);
    ctx.drawImage(img, 0, 0, side, side);
    return { width: side, height: side, data: Array.from(ctx.getImageData(0, 0, side, side).data) };
  }, [selector, size]);
  return decodeQR({ ...image, data: Uint8Array.from(image.data) });
}
