/**
 * Draws the Teams app icons from simple geometry, so they can be regenerated rather than
 * edited by hand:
 *
 *   npx tsx manifest/icons.ts
 *
 * writes manifest/color.png (192x192, opaque: a white checklist on deep teal) and
 * manifest/outline.png (32x32, the same checklist in white on a transparent background).
 * The mark is a list of three rows: two ticked actions and one still open (a ring),
 * which is what the bot chases.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';

/** Deep teal, also the manifest's accentColor (#00695C). */
export const TEAL = { r: 0x00, g: 0x69, b: 0x5c } as const;

export const COLOR_SIZE = 192;
export const OUTLINE_SIZE = 32;

type Point = readonly [number, number];
/** A stroke in glyph units (0..1 square): a polyline or a ring, drawn with round ends. */
type Stroke = { kind: 'line'; points: readonly Point[] } | { kind: 'ring'; centre: Point; radius: number };

/** The checklist glyph in a unit square. */
function glyph(): Stroke[] {
  const rows = [0.2, 0.5, 0.8];
  const strokes: Stroke[] = [];
  rows.forEach((y, i) => {
    if (i < 2)
      strokes.push({
        kind: 'line',
        points: [
          [0.02, y],
          [0.11, y + 0.09],
          [0.28, y - 0.11],
        ],
      });
    else strokes.push({ kind: 'ring', centre: [0.13, y], radius: 0.1 });
    strokes.push({
      kind: 'line',
      points: [
        [0.44, y],
        [0.98, y],
      ],
    });
  });
  return strokes;
}

function distanceToSegment(px: number, py: number, [ax, ay]: Point, [bx, by]: Point): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

function distanceToStroke(px: number, py: number, s: Stroke): number {
  if (s.kind === 'ring') return Math.abs(Math.hypot(px - s.centre[0], py - s.centre[1]) - s.radius);
  let d = Infinity;
  for (let i = 1; i < s.points.length; i++) d = Math.min(d, distanceToSegment(px, py, s.points[i - 1], s.points[i]));
  return d;
}

/**
 * Coverage (0..1) of each pixel of a size x size image by the glyph placed in the square
 * [inset, size - inset], with strokes of the given half-width in glyph units. Each pixel is
 * sampled on an 8x8 grid for smooth (anti-aliased) edges.
 */
function coverage(size: number, inset: number, halfWidth: number): Float64Array {
  const strokes = glyph();
  const box = size - 2 * inset;
  const n = 8;
  const out = new Float64Array(size * size);
  // Distance is 1-Lipschitz and every sample lies within half a pixel diagonal of the pixel's
  // centre, so pixels clearly inside or outside every stroke need no sampling.
  const halfDiagonal = Math.SQRT1_2 / box;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const cx = (x + 0.5 - inset) / box;
      const cy = (y + 0.5 - inset) / box;
      const centre = Math.min(...strokes.map((s) => distanceToStroke(cx, cy, s)));
      if (centre > halfWidth + halfDiagonal) continue;
      if (centre < halfWidth - halfDiagonal) {
        out[y * size + x] = 1;
        continue;
      }
      let hits = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const gx = (x + (sx + 0.5) / n - inset) / box;
          const gy = (y + (sy + 0.5) / n - inset) / box;
          if (strokes.some((s) => distanceToStroke(gx, gy, s) <= halfWidth)) hits++;
        }
      }
      out[y * size + x] = hits / (n * n);
    }
  }
  return out;
}

/** 192x192, every pixel opaque: a full-bleed deep teal tile (Teams rounds its corners) with the white checklist inside the central safe area. */
export function renderColorIcon(): PNG {
  const size = COLOR_SIZE;
  const cover = coverage(size, 44, 0.05);
  const png = new PNG({ width: size, height: size });
  for (let i = 0; i < size * size; i++) {
    const c = cover[i];
    png.data[i * 4] = Math.round(TEAL.r + (255 - TEAL.r) * c);
    png.data[i * 4 + 1] = Math.round(TEAL.g + (255 - TEAL.g) * c);
    png.data[i * 4 + 2] = Math.round(TEAL.b + (255 - TEAL.b) * c);
    png.data[i * 4 + 3] = 255;
  }
  return png;
}

/** 32x32: white strokes only; every other pixel fully transparent (edges are white with partial alpha). */
export function renderOutlineIcon(): PNG {
  const size = OUTLINE_SIZE;
  const cover = coverage(size, 3, 0.045);
  const png = new PNG({ width: size, height: size });
  for (let i = 0; i < size * size; i++) {
    const a = Math.round(255 * cover[i]);
    // A fully transparent pixel is stored as transparent black; a visible one is pure white.
    const v = a === 0 ? 0 : 255;
    png.data[i * 4] = v;
    png.data[i * 4 + 1] = v;
    png.data[i * 4 + 2] = v;
    png.data[i * 4 + 3] = a;
  }
  return png;
}

/** Writes color.png and outline.png into dir (manifest/ by default). */
export function writeIcons(dir: string = __dirname): { color: string; outline: string } {
  const color = join(dir, 'color.png');
  const outline = join(dir, 'outline.png');
  writeFileSync(color, PNG.sync.write(renderColorIcon()));
  writeFileSync(outline, PNG.sync.write(renderOutlineIcon()));
  return { color, outline };
}

if (require.main === module) {
  const written = writeIcons();
  console.log(`Wrote ${written.color} and ${written.outline}`);
}
