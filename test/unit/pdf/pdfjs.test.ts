import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../support/env.js';

/** Whether Array.prototype.push is still the one the process started with after importing `specifier`. */
function pushKeptAfterImport(specifier: string): boolean {
  // A process of its own: the test runner may have loaded pdf.js already. Identity is what
  // counts: core-js also makes its polyfills print as "[native code]".
  const script = `const push = Array.prototype.push;
await import(${JSON.stringify(specifier)});
process.stdout.write(String(Array.prototype.push === push));`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  return out.trim() === 'true';
}

describe('pdf.js loading', () => {
  it("keeps the engine's own Array.prototype.push, which pdf.js's legacy build replaces", () => {
    expect(pushKeptAfterImport('pdfjs-dist/legacy/build/pdf.mjs')).toBe(false);
    expect(pushKeptAfterImport(pathToFileURL(path.join(repoRoot, 'src/pdf/pdfjs.ts')).href)).toBe(true);
  });
});
