/**
 * Test helper: renders one page of a PDF to pixels with pdf.js (legacy build, Node 20) on
 * @napi-rs/canvas, so tests can look at what the PDF shows rather than at its bytes. Both are root
 * dev dependencies; nothing at run time imports this. Not part of the public API.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createCanvas } from '@napi-rs/canvas';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface RenderedPage {
  width: number;
  height: number;
  /** RGBA bytes, row by row. */
  rgba: Uint8ClampedArray;
  png: Buffer;
  pageCount: number;
}

const pdfjsRoot = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

/**
 * Renders page `pageNumber` (1-based) at `scale` (1 = 72 dpi).
 * @example const page = await renderPdfPage(readFileSync('report.pdf'), 1, 1.5);
 */
export async function renderPdfPage(
  bytes: Uint8Array,
  pageNumber = 1,
  scale = 1.5,
): Promise<RenderedPage> {
  const doc = await getDocument({
    data: new Uint8Array(bytes),
    // Fonts Chromium embeds are drawn as paths; the standard fonts come from the package.
    disableFontFace: true,
    standardFontDataUrl: `${pathToFileURL(join(pdfjsRoot, 'standard_fonts')).href}/`,
    verbosity: 0,
  }).promise;
  try {
    const page = await doc.getPage(pageNumber);
    const viewport = page.getViewport({ scale });
    const width = Math.ceil(viewport.width);
    const height = Math.ceil(viewport.height);
    const canvas = createCanvas(width, height);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height);
    // @napi-rs/canvas stands in for the DOM canvas pdf.js's types name.
    const params = { canvas, canvasContext: ctx, viewport };
    await page.render(params as unknown as Parameters<typeof page.render>[0]).promise;
    const rgba = ctx.getImageData(0, 0, width, height).data;
    return { width, height, rgba, png: canvas.toBuffer('image/png'), pageCount: doc.numPages };
  } finally {
    await doc.destroy();
  }
}

/** Pixels in a box (x, y, w, h in pixels) whose colour is within `tolerance` of `rgb`. */
export function countColour(
  page: RenderedPage,
  rgb: readonly [number, number, number],
  box = { x: 0, y: 0, w: page.width, h: page.height },
  tolerance = 40,
): number {
  let n = 0;
  for (let y = box.y; y < Math.min(box.y + box.h, page.height); y++) {
    for (let x = box.x; x < Math.min(box.x + box.w, page.width); x++) {
      const i = (y * page.width + x) * 4;
      const d =
        Math.abs(page.rgba[i]! - rgb[0]) +
        Math.abs(page.rgba[i + 1]! - rgb[1]) +
        Math.abs(page.rgba[i + 2]! - rgb[2]);
      if (d <= tolerance) n++;
    }
  }
  return n;
}

/** Pixels in a box that are not near-white (ink). */
export function countInk(page: RenderedPage, box = { x: 0, y: 0, w: page.width, h: page.height }) {
  let n = 0;
  for (let y = box.y; y < Math.min(box.y + box.h, page.height); y++) {
    for (let x = box.x; x < Math.min(box.x + box.w, page.width); x++) {
      const i = (y * page.width + x) * 4;
      if (page.rgba[i]! + page.rgba[i + 1]! + page.rgba[i + 2]! < 600) n++;
    }
  }
  return n;
}
