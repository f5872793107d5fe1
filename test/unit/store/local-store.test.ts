import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NianbaoError } from '../../../src/errors.js';
import { derivedKey, sourceKey } from '../../../src/store/artifact-store.js';
import { LocalArtifactStore } from '../../../src/store/local-store.js';

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-store-'));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe('LocalArtifactStore', () => {
  it('stores a source under its sha256 and keeps one copy of the same bytes', async () => {
    const store = new LocalArtifactStore(root);
    const data = Buffer.from('%PDF-1.4 some bytes');
    const sha = createHash('sha256').update(data).digest('hex');
    const a = await store.putSource(Readable.from([data.subarray(0, 5), data.subarray(5)]));
    const b = await store.putSource(Readable.from([data]));
    expect(a).toEqual({ sha256: sha, key: sourceKey(sha), bytes: data.length });
    expect(b).toEqual(a);
    expect((await store.get(a.key)).equals(data)).toBe(true);
    expect((await store.head(a.key, 4)).toString()).toBe('%PDF');
    // nothing left behind in the temporary folder
    expect(fs.readdirSync(path.join(root, 'tmp'))).toEqual([]);
  });

  it('round-trips JSON artifacts', async () => {
    const store = new LocalArtifactStore(root);
    const key = derivedKey('ab'.repeat(32), 'layout.json');
    expect(await store.has(key)).toBe(false);
    await store.putJson(key, { pages: 3, text: '报告' });
    expect(await store.has(key)).toBe(true);
    expect(await store.getJson(key)).toEqual({ pages: 3, text: '报告' });
  });

  it('refuses keys that could leave the store', async () => {
    const store = new LocalArtifactStore(root);
    await expect(store.put('../escape', 'x')).rejects.toBeInstanceOf(NianbaoError);
    await expect(store.put('/etc/passwd', 'x')).rejects.toBeInstanceOf(NianbaoError);
    await expect(store.put('derived/../../x', 'x')).rejects.toBeInstanceOf(NianbaoError);
  });

  it('reports a missing artifact as a retryable store error', async () => {
    const store = new LocalArtifactStore(root);
    const err = await store.get('derived/00/missing').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NianbaoError);
    expect((err as NianbaoError).code).toBe('STORE_UNAVAILABLE');
    expect((err as NianbaoError).retryable).toBe(true);
  });
});
