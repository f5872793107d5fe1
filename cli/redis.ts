/**
 * Finding a Redis for `nianbao run`: the one at REDIS_URL if it answers; otherwise, for a
 * local URL, a redis-server started for this run when the binary is installed; otherwise a
 * message that says how to get one.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface RedisHandle {
  url: string;
  /** Stops the server this run started (no-op for an external Redis). */
  stop(): Promise<void>;
}

export async function redisAnswers(url: string, timeoutMs = 1500): Promise<boolean> {
  // Loaded here: the commands that never talk to Redis (convert, export) need not load it.
  const { Redis } = await import('ioredis');
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: timeoutMs,
    retryStrategy: () => null,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

function isLocal(url: URL): boolean {
  return ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(url.hostname);
}

export class RedisUnavailableError extends Error {
  override readonly name = 'RedisUnavailableError';
}

export async function ensureRedis(urlText: string, dataDir: string): Promise<RedisHandle> {
  if (await redisAnswers(urlText)) return { url: urlText, stop: async () => {} };
  const url = new URL(urlText);
  const hasBinary = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!isLocal(url) || !hasBinary) {
    throw new RedisUnavailableError(
      `No Redis answers at ${url.protocol}//${url.host}. Start one (for example \`redis-server\`, ` +
        `\`apt-get install redis-server\`, or \`docker compose up -d redis\`) or set REDIS_URL to a Redis that runs.`,
    );
  }
  const port = url.port || '6379';
  const dir = path.join(dataDir, 'redis');
  fs.mkdirSync(dir, { recursive: true });
  // Append-only file on, so that queued work survives a restart of this local server too.
  const child: ChildProcess = spawn(
    'redis-server',
    [
      '--port',
      port,
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--appendonly',
      'yes',
      '--save',
      '',
      '--maxmemory-policy',
      'noeviction',
    ],
    { stdio: 'ignore' },
  );
  for (let i = 0; i < 50; i++) {
    if (await redisAnswers(urlText, 300)) {
      return {
        url: urlText,
        stop: () =>
          new Promise<void>((resolve) => {
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      };
    }
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new RedisUnavailableError(`redis-server could not be started on port ${port}.`);
}
