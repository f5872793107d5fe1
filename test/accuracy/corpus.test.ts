/**
 * Accuracy on the shared corpus, graded by the shared grader: every text PDF and web page,
 * once in-process (`convert`) and once through the queues (`run`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, inject, it } from 'vitest';
import { corpusFiles, hasCorpus, tempDir } from '../support/env.js';
import { convertAll, expectAtLeast, grade, runAll } from './grading.js';

const files = corpusFiles(['text.pdf', 'html']);
const root = tempDir('accuracy');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
const targets = { facts: 99, precision: 99, meta: 95, silent: 0 };

describe.skipIf(!hasCorpus)('corpus accuracy (text PDFs and web pages)', () => {
  it('convert: in-process records meet the accuracy targets', async () => {
    const out = path.join(root, 'convert');
    await convertAll(files, out);
    expectAtLeast(grade(out), targets);
  }, 300_000);

  it('run: records made through the queues meet the same targets', async () => {
    expectAtLeast(grade(await runAll(files, path.join(root, 'run'), inject('redisUrl'))), targets);
  }, 300_000);
});
