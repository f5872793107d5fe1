import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { NianbaoError } from '../errors.js';
import { sourceKey, type ArtifactStore, type StoredSource } from './artifact-store.js';

const KEY_RE = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;

/** An ArtifactStore in a local folder. Every write goes to a temporary file and is renamed. */
export class LocalArtifactStore implements ArtifactStore {
  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    // Keys are built by the code from hashes and fixed names; refuse anything else so that no
    // key can climb out of the store.
    if (!KEY_RE.test(key) || key.split('/').includes('..')) {
      throw new NianbaoError('INTERNAL', `invalid artifact key ${JSON.stringify(key)}`);
    }
    return path.join(this.root, key);
  }

  private async tempPath(): Promise<string> {
    const dir = path.join(this.root, 'tmp');
    await fs.mkdir(dir, { recursive: true });
    return path.join(dir, `${randomUUID()}.part`);
  }

  async putSource(stream: Readable): Promise<StoredSource> {
    const tmp = await this.tempPath();
    const hash = createHash('sha256');
    let bytes = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        bytes += chunk.length;
        done(null, chunk);
      },
    });
    try {
      await pipeline(stream, tap, createWriteStream(tmp, { flags: 'wx' }));
      const sha256 = hash.digest('hex');
      const key = sourceKey(sha256);
      const final = this.pathOf(key);
      await fs.mkdir(path.dirname(final), { recursive: true });
      // Same bytes, same key: a second copy of a file already stored is simply dropped.
      if (await exists(final)) await fs.rm(tmp, { force: true });
      else await fs.rename(tmp, final);
      return { sha256, key, bytes };
    } catch (err) {
      await fs.rm(tmp, { force: true });
      throw err;
    }
  }

  async put(key: string, data: Uint8Array | string): Promise<void> {
    const final = this.pathOf(key);
    const tmp = await this.tempPath();
    await fs.writeFile(tmp, data);
    await fs.mkdir(path.dirname(final), { recursive: true });
    await fs.rename(tmp, final);
  }

  async get(key: string): Promise<Buffer> {
    try {
      return await fs.readFile(this.pathOf(key));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new NianbaoError('STORE_UNAVAILABLE', `artifact ${key} is missing`, { cause: err });
      }
      throw err;
    }
  }

  async head(key: string, bytes: number): Promise<Buffer> {
    const handle = await fs.open(this.pathOf(key)).catch((err: NodeJS.ErrnoException) => {
      throw err.code === 'ENOENT' ? new NianbaoError('STORE_UNAVAILABLE', `artifact ${key} is missing`) : err;
    });
    try {
      const buf = Buffer.alloc(bytes);
      const { bytesRead } = await handle.read(buf, 0, bytes, 0);
      return buf.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }

  async has(key: string): Promise<boolean> {
    return exists(this.pathOf(key));
  }

  async putJson(key: string, value: unknown): Promise<void> {
    await this.put(key, JSON.stringify(value));
  }

  async getJson<T>(key: string): Promise<T> {
    return JSON.parse((await this.get(key)).toString('utf8')) as T;
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await fs.access(p);
    return true;
  } catch {
    return false;
  }
}
