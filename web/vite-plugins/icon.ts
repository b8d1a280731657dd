// Flash's app icon, drawn at build time at any size: a lightning bolt on a dark rounded square
// (or on a full square for "maskable" icons, whose corners the phone cuts itself). Written as a
// PNG with node:zlib, so the repository holds the drawing, not generated images.
import { crc32, deflateSync } from 'node:zlib';

type Point = readonly [number, number];

const background = [0x1b, 0x1d, 0x23] as const;
const accent = [0xf7, 0x93, 0x1a] as const;
/** The bolt in a unit square (y down). */
const bolt: Point[] = [[0.6, 0.05], [0.23, 0.55], [0.47, 0.55], [0.4, 0.95], [0.77, 0.43], [0.53, 0.43]];
const samples = 3;  // per pixel and axis: smooth enough edges, and fast

/** Whether (x, y) lies inside `polygon` (even-odd rule). */
function inside(polygon: Point[], x: number, y: number): boolean {
  let hit = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i];
    const [xj, yj] = polygon[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) hit = !hit;
  }
  return hit;
}

/** Whether (x, y) lies in the unit square with corners rounded to `radius`. */
function inRoundedSquare(x: number, y: number, radius: number): boolean {
  const dx = Math.max(radius - x, x - (1 - radius), 0);
  const dy = Math.max(radius - y, y - (1 - radius), 0);
  return dx * dx + dy * dy <= radius * radius;
}

/**
 * The icon as RGBA pixels. `maskable`: the square is filled to the edges and the bolt kept in the
 * middle 60% (the safe zone is a circle of 80%).
 */
function draw(size: number, maskable: boolean): Uint8Array {
  const pixels = new Uint8Array(size * size * 4);
  const scale = maskable ? 0.6 : 0.74;
  const offset = (1 - scale) / 2;
  const shape = bolt.map(([x, y]) => [offset + x * scale, offset + y * scale] as const);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let covered = 0, lit = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = (px + (sx + 0.5) / samples) / size;
          const y = (py + (sy + 0.5) / samples) / size;
          if (!maskable && !inRoundedSquare(x, y, 0.22)) continue;
          covered++;
          if (inside(shape, x, y)) lit++;
        }
      }
      const at = (py * size + px) * 4;
      const share = covered ? lit / covered : 0;
      for (let c = 0; c < 3; c++) pixels[at + c] = Math.round(background[c] + (accent[c] - background[c]) * share);
      pixels[at + 3] = Math.round((255 * covered) / (samples * samples));
    }
  }
  return pixels;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
}

/** A PNG file of the icon, `size` pixels square. */
export function iconPng(size: number, { maskable = false } = {}): Buffer {
  const pixels = draw(size, maskable);
  const rows = Buffer.alloc(size * (size * 4 + 1));  // each row starts with filter type 0
  for (let y = 0; y < size; y++) rows.set(pixels.subarray(y * size * 4, (y + 1) * size * 4), y * (size * 4 + 1) + 1);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);  // 8 bits per channel, RGBA, deflate, no filter choice, no interlace
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header),
                        chunk('IDAT', deflateSync(rows, { level: 9 })), chunk('IEND', new Uint8Array())]);
}
