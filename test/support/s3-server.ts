/**
 * A private S3-compatible server for tests: s3rver (a real HTTP server speaking the S3 API) in
 * its own process on a free port, its objects in a temporary folder removed afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { createS3Client, type S3Settings } from '../../src/store/s3-client.js';
import { repoRoot } from './env.js';
import { freePort } from './redis-server.js';

// s3rver encrypts ListObjectsV2 continuation tokens with DES, which OpenSSL 3 only has in its
// legacy provider: without it every truncated listing is a 500. Hence a child process with
// --openssl-legacy-provider rather than s3rver inside the test process.
const SERVER_SCRIPT = `
const S3rver = require('s3rver');
const [port, dir, bucket] = process.argv.slice(1);
new S3rver({ address: '127.0.0.1', port: Number(port), directory: dir, silent: true, configureBuckets: [{ name: bucket }] })
  .run()
  .then(() => process.stdout.write('ready\\n'), (err) => { console.error(err); process.exit(1); });
`;

export class TestS3Server {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-s3-'));
  private child: ChildProcess | undefined;

  private constructor(
    readonly port: number,
    readonly bucket: string,
  ) {}

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The settings a config with S3 set would carry (s3rver accepts these fixed credentials). */
  settings(prefix = ''): S3Settings {
    return {
      endpoint: this.endpoint,
      region: 'us-east-1',
      bucket: this.bucket,
      prefix,
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
    };
  }

  /** The same settings as environment variables, for loadConfig. */
  env(prefix = ''): Record<string, string> {
    return {
      S3_ENDPOINT: this.endpoint,
      S3_BUCKET: this.bucket,
      S3_PREFIX: prefix,
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
    };
  }

  client(): S3Client {
    return createS3Client(this.settings());
  }

  static async start(bucket = 'nianbao-test'): Promise<TestS3Server> {
    const s = new TestS3Server(await freePort(), bucket);
    const child = spawn(process.execPath, ['--openssl-legacy-provider', '-e', SERVER_SCRIPT, String(s.port), s.dir, bucket], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    s.child = child;
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
      child.once('exit', (code) => reject(new Error(`s3rver exited with ${code}: ${stderr}`)));
    });
    return s;
  }

  async dispose(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null) {
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
