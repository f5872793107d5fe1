import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/log.js';

function capture(): { stream: Writable; text: () => string } {
  let out = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      out += chunk.toString();
      done();
    },
  });
  return { stream, text: () => out };
}

describe('logging', () => {
  it('never writes a credential from the configuration or a request', () => {
    const secrets = {
      redis: 'redis-pass-0d9e7c',
      db: 'pg-pass-71a2f3',
      key: 'AKIAEXAMPLEKEY123',
      secret: 's3-secret-4f8b2a',
      token: 'dashboard-token-5e6d7c8b9a',
    };
    const config = loadConfig({
      REDIS_URL: `redis://:${secrets.redis}@127.0.0.1:6379`,
      DATABASE_URL: `postgres://app:${secrets.db}@127.0.0.1:5432/nianbao`,
      S3_BUCKET: 'reports',
      S3_ACCESS_KEY_ID: secrets.key,
      S3_SECRET_ACCESS_KEY: secrets.secret,
      DASHBOARD_TOKEN: secrets.token,
    });
    const out = capture();
    const log = createLogger('info', 'test', out.stream);
    log.info({ config }, 'starting');
    log.info(config, 'flat');
    log.info(
      { req: { headers: { authorization: `Bearer ${secrets.token}`, cookie: `nianbao_token=${secrets.token}` } } },
      'request',
    );
    const text = out.text();
    expect(text.split('\n').filter(Boolean)).toHaveLength(3);
    for (const value of Object.values(secrets)) expect(text).not.toContain(value);
    expect(text).toContain('[redacted]');
    // What is not secret is still logged.
    expect(text).toContain('"bucket":"reports"');
    expect(text).toContain('"queuePrefix":"nianbao"');
  });
});
