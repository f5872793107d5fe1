#!/usr/bin/env node
// Regenerates samples/expected/<input name>.json from samples/inputs with `nianbao convert`.
// Review the diff before committing: these files are what the samples test holds the code to.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const inputs = path.join(root, 'samples', 'inputs');
const expected = path.join(root, 'samples', 'expected');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-samples-'));
const files = fs.readdirSync(inputs).sort().map((f) => path.join(inputs, f));
execFileSync(process.execPath, [path.join(root, 'bin', 'nianbao.mjs'), 'convert', '--out', tmp, ...files], { stdio: 'inherit' });
fs.rmSync(expected, { recursive: true, force: true });
fs.mkdirSync(expected);
for (const f of fs.readdirSync(tmp)) {
  const record = JSON.parse(fs.readFileSync(path.join(tmp, f), 'utf8'));
  // receivedAt is the time of conversion, not a property of the document.
  record.source.receivedAt = '1970-01-01T00:00:00.000Z';
  fs.writeFileSync(path.join(expected, `${record.source.name}.json`), `${JSON.stringify(record, null, 1)}\n`);
}
fs.rmSync(tmp, { recursive: true, force: true });
console.log(`${fs.readdirSync(expected).length} expected records in samples/expected`);
