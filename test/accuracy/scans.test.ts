/**
 * Accuracy on the corpus's scanned PDFs (OCR), graded by the shared grader, in-process and
 * through the queues. Silent errors (wrong values with high confidence and no failed check or
 * warning) must be zero: a consumer has to be able to tell which numbers to doubt.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, inject, it } from 'vitest';
import { corpusFiles, hasCorpus, tempDir } from '../support/env.js';
import { convertAll, expectAtLeast, grade, runAll } from './grading.js';

const files = corpusFiles(['scan.pdf']);
const root = tempDir('scans');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
const targets = { facts: 97, precision: 98, silent: 0 };

describe.skipIf(!hasCorpus)('corpus accuracy (scanned PDFs)', () => {
  it('convert: OCR records meet the accuracy targets', async () => {
    const out = path.join(root, 'convert');
    await convertAll(files, out);
    expectAtLeast(grade(out), targets);
  }, 1_800_000);

  it('run: OCR records made through the queues (per-page jobs) meet the same targets', async () => {
    expectAtLeast(grade(await runAll(files, path.join(root, 'run'), inject('redisUrl'))), targets);
  }, 1_800_000);
});
