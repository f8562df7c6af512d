#!/usr/bin/env node
// Draws the Paper Margin icon and writes icons/icon-{16,32,48,128}.png.
//
// Pure Node: only node:zlib and node:fs. Every shape is a signed distance
// function evaluated per sub-sample (SS x SS per pixel) and composited
// back-to-front, so edges are anti-aliased without any graphics library.
// The PNG encoder (signature, IHDR, IDAT, IEND, CRC32, scanline filters) is
// written out below.
//
// Design: an off-white paper sheet with a folded top-right corner and a thin
// slate outline, a bold amber bar in the left margin (the margin note),
// grey text lines, and one line replaced by a green `</>` mark (code link).
// Each size has its own layout: 128 px is the master (icons/icon.svg is the
// same drawing in SVG; keep the two in step), 48 px redraws it on the pixel
// grid, 32 px and 16 px use fewer, thicker, pixel-aligned lines, and their
// smallest details (the `</>` at 32 px, the folded corner at 16 px) are set
// as whole-pixel cells.
//
// Usage: node scripts/make-icons.mjs

import { deflateSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';

const OUT_DIR = new URL('../icons/', import.meta.url);
const SS = 8; // sub-samples per axis (8 x 8 = 64 per pixel)

const COLORS = {
  outline: '#334155',
  paper: '#FFFDF8',
  flap: '#E2E8F0',
  text: '#94A3B8',
  margin: '#F59E0B',
  code: '#16A34A',
};

// ---------------------------------------------------------------------------
// Signed distance functions (negative inside, units = pixels of the target).

function sdRoundRect(x, y, x0, y0, x1, y1, r) {
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const qx = Math.abs(x - cx) - ((x1 - x0) / 2 - r);
  const qy = Math.abs(y - cy) - ((y1 - y0) / 2 - r);
  const ox = Math.max(qx, 0);
  const oy = Math.max(qy, 0);
  return Math.hypot(ox, oy) + Math.min(Math.max(qx, qy), 0) - r;
}

function sdSegment(x, y, ax, ay, bx, by) {
  const pax = x - ax;
  const pay = y - ay;
  const bax = bx - ax;
  const bay = by - ay;
  const len2 = bax * bax + bay * bay;
  const h = len2 === 0 ? 0 : Math.min(1, Math.max(0, (pax * bax + pay * bay) / len2));
  return Math.hypot(pax - bax * h, pay - bay * h);
}

// Half-plane: points p with (p - a) . n <= 0 are inside; n is normalised here.
function sdHalfPlane(x, y, ax, ay, nx, ny) {
  const len = Math.hypot(nx, ny);
  return ((x - ax) * nx + (y - ay) * ny) / len;
}

// ---------------------------------------------------------------------------
// Shape builders. Each returns { color, sd(x, y) } where sd <= 0 is covered.

const shape = (color, sd) => ({ color, sd });

function capsule(color, ax, ay, bx, by, width) {
  return shape(color, (x, y) => sdSegment(x, y, ax, ay, bx, by) - width / 2);
}

function polyline(color, pts, width) {
  return shape(color, (x, y) => {
    let d = Infinity;
    for (let i = 1; i < pts.length; i++) {
      d = Math.min(d, sdSegment(x, y, pts[i - 1][0], pts[i - 1][1], pts[i][0], pts[i][1]));
    }
    return d - width / 2;
  });
}

function roundRect(color, x0, y0, x1, y1, r) {
  return shape(color, (x, y) => sdRoundRect(x, y, x0, y0, x1, y1, r));
}

// Whole-pixel cells for the smallest sizes, given as rows of '#' and '.'
// with the top-left cell at (x0, y0).
function cells(color, x0, y0, rows) {
  return shape(color, (x, y) => {
    const row = rows[Math.floor(y - y0)];
    return row && x >= x0 && row[Math.floor(x - x0)] === '#' ? -1 : 1;
  });
}

// Paper sheet with the top-right corner cut off along a 45 degree diagonal,
// plus the folded flap that fills the cut. `stroke` is the outline width of
// the silhouette (also used on the flap's diagonal edge); `legStroke` is the
// width of the two fold lines inside the sheet; `flapRadius` rounds the
// flap's right-angle corner.
function paperLayers(p) {
  const { x0, y0, x1, y1, r, fold, stroke, legStroke = stroke, flapRadius = 0 } = p;
  // Diagonal from (x1 - fold, y0) to (x1, y0 + fold); outward normal (1, -1).
  const diagonal = (x, y) => sdHalfPlane(x, y, x1 - fold, y0, 1, -1);
  const body = (inset) => (x, y) =>
    Math.max(
      sdRoundRect(x, y, x0 + inset, y0 + inset, x1 - inset, y1 - inset, Math.max(r - inset, 0)),
      diagonal(x, y) + inset,
    );
  // Flap: right triangle with its right angle at (x1 - fold, y0 + fold),
  // built as a rounded rectangle (for the right-angle corner) cut by the
  // diagonal, so its acute corners meet the silhouette exactly.
  const flap = (leg, diag) => (x, y) =>
    Math.max(
      sdRoundRect(x, y, x1 - fold + leg, y0 - fold, x1 + fold, y0 + fold - leg, Math.max(flapRadius - leg, 0)),
      diagonal(x, y) + diag,
    );
  return [
    shape(COLORS.outline, body(0)),
    shape(COLORS.paper, body(stroke)),
    shape(COLORS.outline, flap(0, 0)),
    shape(COLORS.flap, flap(legStroke, stroke)),
  ];
}

// ---------------------------------------------------------------------------
// Layouts. Coordinates are in target pixels.

// Master layout on a 128-unit grid; used for 128 px (and icons/icon.svg).
function layout128() {
  const line = 9; // text line thickness
  const cy = 70; // centre of the code line
  const code = 6.5; // `</>` stroke width
  return [
    ...paperLayers({ x0: 17, y0: 5, x1: 111, y1: 123, r: 11, fold: 30, stroke: 5, legStroke: 4, flapRadius: 6 }),
    // Margin note: bold amber bar in the left margin, spanning the text block.
    roundRect(COLORS.margin, 29, 27.5, 42, 112.5, 6.5),
    // Text lines (the first one stops short of the folded corner).
    capsule(COLORS.text, 55, 32, 70, 32, line),
    capsule(COLORS.text, 55, 50, 96, 50, line),
    // Code-link line: `</>` in green.
    polyline(COLORS.code, [[63, cy - 7.5], [55, cy], [63, cy + 7.5]], code),
    capsule(COLORS.code, 71, cy + 7.5, 79, cy - 7.5, code),
    polyline(COLORS.code, [[87, cy - 7.5], [95, cy], [87, cy + 7.5]], code),
    capsule(COLORS.text, 55, 90, 96, 90, line),
    capsule(COLORS.text, 55, 108, 80, 108, line),
  ];
}

// 48 px: the master layout re-drawn on the pixel grid.
function layout48() {
  return [
    ...paperLayers({ x0: 6, y0: 2, x1: 42, y1: 46, r: 4, fold: 12, stroke: 2, legStroke: 1.5, flapRadius: 2 }),
    roundRect(COLORS.margin, 11, 11, 16, 42, 2.5),
    capsule(COLORS.text, 22.5, 12.5, 26.5, 12.5, 3),
    capsule(COLORS.text, 22.5, 19.5, 35.5, 19.5, 3),
    polyline(COLORS.code, [[24, 24], [21.5, 26.5], [24, 29]], 2.25),
    capsule(COLORS.code, 27.5, 29, 30.5, 24, 2.25),
    polyline(COLORS.code, [[34, 24], [36.5, 26.5], [34, 29]], 2.25),
    capsule(COLORS.text, 22.5, 33.5, 35.5, 33.5, 3),
    capsule(COLORS.text, 22.5, 40.5, 30.5, 40.5, 3),
  ];
}

// 32 px: pixel-aligned; three text lines and a compact `</>` set as
// whole-pixel cells (anti-aliased diagonals this small blur into a smudge).
function layout32() {
  return [
    ...paperLayers({ x0: 4, y0: 1, x1: 28, y1: 31, r: 3, fold: 9, stroke: 2, legStroke: 1 }),
    roundRect(COLORS.margin, 7, 8, 10, 25, 1),
    roundRect(COLORS.text, 13, 8, 18, 10, 1),
    roundRect(COLORS.text, 13, 12, 25, 14, 1),
    cells(COLORS.code, 13, 16, [
      '..##...#.##..',
      '.##...##..##.',
      '##....#....##',
      '.##..##...##.',
      '..##.#...##..',
    ]),
    roundRect(COLORS.text, 13, 23, 22, 25, 1),
  ];
}

// 16 px: pixel-aligned; one grey line, the code line as a green highlight
// bar, one more grey line. The folded corner is set as whole-pixel cells (a
// 1 px outline around a 5 px flap would otherwise blur into a dark blob).
function layout16() {
  return [
    // Sheet: outline cut along the diagonal through the staircase below,
    // square inner fill (the flap cells cover its top-right corner).
    shape(COLORS.outline, (x, y) => Math.max(sdRoundRect(x, y, 2, 1, 14, 15, 1.5), sdHalfPlane(x, y, 10, 1, 1, -1))),
    roundRect(COLORS.paper, 3, 2, 13, 14, 0),
    // Flap: dark diagonal edge and legs around a light face.
    cells(COLORS.outline, 9, 1, [
      '##...',
      '#.#..',
      '#..#.',
      '#...#',
      '#####',
    ]),
    cells(COLORS.flap, 9, 1, [
      '.....',
      '.#...',
      '.##..',
      '.###.',
      '.....',
    ]),
    roundRect(COLORS.margin, 4, 4, 6, 13, 0.5),
    roundRect(COLORS.text, 7, 7, 12, 8, 0),
    roundRect(COLORS.code, 7, 9, 12, 11, 0),
    roundRect(COLORS.text, 7, 12, 11, 13, 0),
  ];
}

const LAYOUTS = {
  16: layout16,
  32: layout32,
  48: layout48,
  128: layout128,
};

// ---------------------------------------------------------------------------
// Rasteriser: per sub-sample, the topmost covering shape wins. A pixel's
// alpha is the covered fraction of its sub-samples and its colour the mean
// colour of the covered ones (straight, non-premultiplied alpha as PNG wants).

function hexToRgb(hex) {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function render(size, layers) {
  const rgb = layers.map((l) => hexToRgb(l.color));
  const px = Buffer.alloc(size * size * 4);
  const n = SS * SS;
  for (let py = 0; py < size; py++) {
    for (let pxi = 0; pxi < size; pxi++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < SS; sy++) {
        const y = py + (sy + 0.5) / SS;
        for (let sx = 0; sx < SS; sx++) {
          const x = pxi + (sx + 0.5) / SS;
          for (let i = layers.length - 1; i >= 0; i--) {
            if (layers[i].sd(x, y) <= 0) {
              r += rgb[i][0];
              g += rgb[i][1];
              b += rgb[i][2];
              a += 1;
              break;
            }
          }
        }
      }
      const o = (py * size + pxi) * 4;
      if (a > 0) {
        px[o] = Math.round(r / a);
        px[o + 1] = Math.round(g / a);
        px[o + 2] = Math.round(b / a);
        px[o + 3] = Math.round((a / n) * 255);
      }
    }
  }
  return px;
}

// ---------------------------------------------------------------------------
// PNG encoder.

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf) {
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 255] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function paeth(a, b, c) {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}

// Filters each scanline with whichever of the five PNG filters gives the
// smallest sum of absolute (signed) residuals, the usual libpng heuristic.
function filterScanlines(px, width, height) {
  const bpp = 4;
  const stride = width * bpp;
  const out = Buffer.alloc((stride + 1) * height);
  const cand = Array.from({ length: 5 }, () => Buffer.alloc(stride));
  for (let y = 0; y < height; y++) {
    const row = px.subarray(y * stride, (y + 1) * stride);
    const prev = y > 0 ? px.subarray((y - 1) * stride, y * stride) : null;
    for (let i = 0; i < stride; i++) {
      const x = row[i];
      const a = i >= bpp ? row[i - bpp] : 0;
      const b = prev ? prev[i] : 0;
      const c = prev && i >= bpp ? prev[i - bpp] : 0;
      cand[0][i] = x;
      cand[1][i] = (x - a) & 255;
      cand[2][i] = (x - b) & 255;
      cand[3][i] = (x - ((a + b) >> 1)) & 255;
      cand[4][i] = (x - paeth(a, b, c)) & 255;
    }
    let best = 0;
    let bestSum = Infinity;
    for (let f = 0; f < 5; f++) {
      let sum = 0;
      for (let i = 0; i < stride; i++) {
        const v = cand[f][i];
        sum += v < 128 ? v : 256 - v;
      }
      if (sum < bestSum) {
        bestSum = sum;
        best = f;
      }
    }
    const o = y * (stride + 1);
    out[o] = best;
    cand[best].copy(out, o + 1);
  }
  return out;
}

function encodePng(px, width, height) {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type: RGBA
  ihdr[10] = 0; // compression: deflate
  ihdr[11] = 0; // filter method: adaptive
  ihdr[12] = 0; // interlace: none
  const idat = deflateSync(filterScanlines(px, width, height), { level: 9 });
  return Buffer.concat([
    signature,
    chunk('IHDR', ihdr),
    chunk('IDAT', idat),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---------------------------------------------------------------------------

mkdirSync(OUT_DIR, { recursive: true });
for (const [sizeStr, layout] of Object.entries(LAYOUTS)) {
  const size = Number(sizeStr);
  const png = encodePng(render(size, layout()), size, size);
  const file = new URL(`icon-${size}.png`, OUT_DIR);
  writeFileSync(file, png);
  console.log(`icons/icon-${size}.png  ${size}x${size}  ${png.length} bytes`);
}
