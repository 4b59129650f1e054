// Draws the tab-bar icons (81x81 RGBA PNGs, grey and union red) into src/assets/tabbar/.
// Run once after changing a shape: `node apps/miniapp/scripts/gen-tabbar-icons.mjs`. The PNGs are committed,
// so builds never depend on this script or on downloaded artwork.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const SIZE = 81;
const SUPERSAMPLE = 4;
const COLORS = { normal: [0x8a, 0x8a, 0x8a], active: [0xd4, 0x23, 0x1e] };
const OUT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../src/assets/tabbar');

// Shapes live on a 0..100 canvas; each icon is a predicate "is this point ink?".
const inCircle = (x, y, cx, cy, r) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const inRect = (x, y, x0, y0, x1, y1) => x >= x0 && x <= x1 && y >= y0 && y <= y1;
const inRoundRect = (x, y, x0, y0, x1, y1, r) => {
  if (!inRect(x, y, x0, y0, x1, y1)) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return inCircle(x, y, cx, cy, r);
};
const inTriangle = (x, y, [ax, ay], [bx, by], [cx, cy]) => {
  const s = (px, py, qx, qy, rx, ry) => (px - rx) * (qy - ry) - (qx - rx) * (py - ry);
  const d1 = s(x, y, ax, ay, bx, by);
  const d2 = s(x, y, bx, by, cx, cy);
  const d3 = s(x, y, cx, cy, ax, ay);
  const neg = d1 < 0 || d2 < 0 || d3 < 0;
  const pos = d1 > 0 || d2 > 0 || d3 > 0;
  return !(neg && pos);
};

const ICONS = {
  // A house: roof, walls, a door cut out.
  home: (x, y) =>
    (inTriangle(x, y, [50, 10], [8, 48], [92, 48]) || inRect(x, y, 20, 44, 80, 90)) &&
    !inRoundRect(x, y, 41, 62, 59, 91, 3),
  // A map pin with a hole: the nearest post station.
  stations: (x, y) =>
    (inCircle(x, y, 50, 38, 30) || inTriangle(x, y, [24, 54], [76, 54], [50, 94])) &&
    !inCircle(x, y, 50, 38, 12),
  // A coupon with notched sides and a dashed tear line.
  benefits: (x, y) =>
    inRoundRect(x, y, 8, 24, 92, 78, 8) &&
    !inCircle(x, y, 8, 51, 10) &&
    !inCircle(x, y, 92, 51, 10) &&
    !(inRect(x, y, 60, 24, 65, 78) && Math.floor((y - 24) / 7) % 2 === 1),
  // A person: head and shoulders.
  mine: (x, y) => inCircle(x, y, 50, 30, 19) || (inCircle(x, y, 50, 96, 40) && y <= 90 && y >= 56),
};

function crc32(buf) {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function png(shape, [r, g, b]) {
  const rows = [];
  for (let py = 0; py < SIZE; py++) {
    const row = Buffer.alloc(1 + SIZE * 4); // filter byte 0 = none
    for (let px = 0; px < SIZE; px++) {
      let hits = 0;
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const x = ((px + (sx + 0.5) / SUPERSAMPLE) / SIZE) * 100;
          const y = ((py + (sy + 0.5) / SUPERSAMPLE) / SIZE) * 100;
          if (shape(x, y)) hits++;
        }
      }
      const o = 1 + px * 4;
      row[o] = r;
      row[o + 1] = g;
      row[o + 2] = b;
      row[o + 3] = Math.round((hits / SUPERSAMPLE ** 2) * 255);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

mkdirSync(OUT_DIR, { recursive: true });
for (const [name, shape] of Object.entries(ICONS)) {
  writeFileSync(resolve(OUT_DIR, `${name}.png`), png(shape, COLORS.normal));
  writeFileSync(resolve(OUT_DIR, `${name}-active.png`), png(shape, COLORS.active));
}
console.log(`tab-bar icons written to ${OUT_DIR}`);
