import { describe, expect, it } from 'vitest';
import { inkRegions } from '../../../src/ocr/ocr-page.js';

const W = 200;
const H = 300;
const opts = { gapPx: 30, minHeightPx: 4, padPx: 3 };

function page(): Buffer {
  return Buffer.alloc(W * H, 255);
}

function fill(grey: Buffer, x0: number, y0: number, x1: number, y1: number, value = 0): void {
  for (let y = y0; y < y1; y++) grey.fill(value, y * W + x0, y * W + x1);
}

describe('inkRegions', () => {
  it('finds no region on a blank page, nor on specks of noise', () => {
    const grey = page();
    expect(inkRegions(grey, W, H, 128, opts)).toEqual([]);
    grey[50 * W + 60] = 0; // one dark pixel in a row: noise
    fill(grey, 10, 100, 40, 102); // a 2-px-high smear: lower than minHeightPx
    expect(inkRegions(grey, W, H, 128, opts)).toEqual([]);
  });

  it('splits text blocks at tall blank gaps only, and cuts each to its ink, padded', () => {
    const grey = page();
    // Three lines 10 px apart (one block), then a gap of 60 rows, then one line.
    fill(grey, 20, 10, 150, 20);
    fill(grey, 30, 30, 120, 40);
    fill(grey, 25, 50, 160, 60);
    fill(grey, 50, 120, 90, 130);
    expect(inkRegions(grey, W, H, 128, opts)).toEqual([
      [17, 7, 163, 63],
      [47, 117, 93, 133],
    ]);
  });

  it('takes only pixels at or below the threshold as ink, and keeps the padding inside the page', () => {
    const grey = page();
    fill(grey, 0, 0, 30, 10, 100);
    fill(grey, 100, 200, 200, 300, 200); // light grey: paper
    expect(inkRegions(grey, W, H, 128, opts)).toEqual([[0, 0, 33, 13]]);
    expect(inkRegions(grey, W, H, 210, opts)).toEqual([
      [0, 0, 33, 13],
      [97, 197, 200, 300],
    ]);
  });
});
