/**
 * Writes the corpus of hostile and broken inputs (test/support/bad/fixtures.ts) into a folder:
 *
 *   npx tsx scripts/make-bad-fixtures.ts [outDir]     (default test/fixtures/bad, git-ignored)
 *
 * The intact variants are derived from the committed samples, so no corpus checkout is needed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeBadFixtures } from '../test/support/bad/fixtures.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.resolve(process.argv[2] ?? path.join(root, 'test/fixtures/bad'));

const written = await writeBadFixtures(outDir, {
  reportPdf: fs.readFileSync(path.join(root, 'samples/inputs/syn12.text.pdf')),
  reportHtml: fs.readFileSync(path.join(root, 'samples/inputs/syn05.html'), 'utf8'),
});
for (const f of written) {
  const expected = 'code' in f.expect ? f.expect.code : `same facts as ${f.expect.sameFactsAs}`;
  console.log(
    `${f.name.padEnd(20)} ${String(fs.statSync(path.join(outDir, f.name)).size).padStart(9)} B  ${expected.padEnd(28)} ${f.what}`,
  );
}
console.log(`${written.length} files in ${outDir}`);
