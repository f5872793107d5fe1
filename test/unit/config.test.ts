import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('loadConfig', () => {
  it('applies defaults and resolves folders', () => {
    const cfg = loadConfig({});
    expect(cfg.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(cfg.uploadDir).toBe(path.resolve('uploads'));
    expect(cfg.concurrency.extract).toBeGreaterThan(0);
    expect(cfg.watch.poll).toBe(false);
  });

  it('reads every documented variable', () => {
    const cfg = loadConfig({
      REDIS_URL: 'redis://example:6380',
      UPLOAD_DIR: '/u',
      DATA_DIR: '/d',
      OUTPUT_DIR: '/o',
      EXTRACT_CONCURRENCY: '7',
      MAX_PAGES: '12',
      MAX_PAGE_PIXELS: '5000000',
      MAX_STREAM_BYTES: '1048576',
      WATCH_POLL: 'true',
    });
    expect(cfg).toMatchObject({ redisUrl: 'redis://example:6380', uploadDir: '/u', dataDir: '/d', outputDir: '/o' });
    expect(cfg.concurrency.extract).toBe(7);
    expect(cfg.limits).toEqual({
      maxFileBytes: 200 * 1024 * 1024,
      maxPages: 12,
      maxPagePixels: 5_000_000,
      maxStreamBytes: 1_048_576,
      maxTotalStreamBytes: 1024 * 1024 * 1024,
    });
    expect(cfg.watch.poll).toBe(true);
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ REDIS_URL: '', MAX_PAGES: '' }).limits.maxPages).toBe(1000);
  });

  it('refuses a bad environment with every problem listed at once', () => {
    let caught: unknown;
    try {
      loadConfig({ REDIS_URL: 'not a url', EXTRACT_CONCURRENCY: '0', QUEUE_PREFIX: 'a:b' });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems.join('\n');
    expect(problems).toMatch(/REDIS_URL/);
    expect(problems).toMatch(/EXTRACT_CONCURRENCY/);
    expect(problems).toMatch(/QUEUE_PREFIX/);
  });
});

describe('loadConfig: surfaces', () => {
  it('keeps the dashboard on loopback unless a token is set', () => {
    expect(loadConfig({}).dashboard).toEqual({ host: '127.0.0.1', port: 3000, token: undefined });
    expect(() => loadConfig({ DASHBOARD_HOST: '0.0.0.0' })).toThrow(/DASHBOARD_TOKEN/);
    const cfg = loadConfig({ DASHBOARD_HOST: '0.0.0.0', DASHBOARD_TOKEN: 'x'.repeat(32) });
    expect(cfg.dashboard.host).toBe('0.0.0.0');
  });

  it('turns S3 on only with a bucket and both keys', () => {
    expect(loadConfig({}).s3).toBeUndefined();
    expect(() => loadConfig({ S3_BUCKET: 'reports' })).toThrow(/S3_ACCESS_KEY_ID/);
    const cfg = loadConfig({
      S3_BUCKET: 'reports',
      S3_ACCESS_KEY_ID: 'k',
      S3_SECRET_ACCESS_KEY: 's',
      S3_ENDPOINT: 'http://127.0.0.1:9000',
    });
    expect(cfg.s3).toMatchObject({ bucket: 'reports', endpoint: 'http://127.0.0.1:9000', prefix: '', region: 'us-east-1' });
  });

  it('turns the PostgreSQL sink on with DATABASE_URL', () => {
    expect(loadConfig({}).databaseUrl).toBeUndefined();
    expect(loadConfig({ DATABASE_URL: 'postgres://127.0.0.1:5432/nianbao' }).databaseUrl).toBe(
      'postgres://127.0.0.1:5432/nianbao',
    );
  });
});
