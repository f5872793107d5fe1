#!/usr/bin/env node
// Runs the compiled CLI (built by `npm install` through the prepare script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  process.stderr.write('nianbao: not built yet; run `npm run build` in the nianbao folder.\n');
  process.exit(1);
}
await import(main.href);
