/**
 * docker-compose.yml against the code: every command is an entry point that exists, every
 * nianbao service gets a configuration loadConfig accepts, and every variable it reads from
 * .env is documented in .env.example.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config.js';
import { repoRoot } from '../support/env.js';

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string | number | boolean>;
  env_file?: unknown;
  ports?: string[];
  container_name?: string;
  depends_on?: Record<string, { condition: string }> | string[];
}

const composeText = fs.readFileSync(path.join(repoRoot, 'docker-compose.yml'), 'utf8');
// merge: compose resolves `<<: *anchor` (YAML 1.1 merge keys), so the test does too.
const compose = parse(composeText, { merge: true }) as { services: Record<string, Service> };
const services = compose.services;
const envExample = fs.readFileSync(path.join(repoRoot, '.env.example'), 'utf8');
const documented = new Set([...envExample.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!));

/** Compose's own interpolation (${VAR}, ${VAR:-default}, ${VAR:?error}; $$ is a literal $). */
function interpolate(text: string, vars: Record<string, string>): string {
  return text.replace(
    /\$\$|\$\{([A-Z0-9_]+)(?:(:?[-?])([^}]*))?\}/g,
    (all, name: string | undefined, op?: string, arg?: string) => {
      if (!name) return '$';
      const v = vars[name];
      if (op?.endsWith('-')) return v ? v : (arg ?? '');
      if (op?.endsWith('?') && !v) throw new Error(`${name}: ${arg}`);
      return v ?? '';
    },
  );
}

/** What a user puts in .env: the secrets compose insists on, the rest left at the defaults. */
const dotEnv = {
  S3_ACCESS_KEY_ID: 'nianbao',
  S3_SECRET_ACCESS_KEY: 'minio-secret-123',
  POSTGRES_PASSWORD: 'pg-secret',
  DASHBOARD_TOKEN: 'a-token-of-16-characters-or-more',
};
const resolved = (parse(interpolate(composeText, dotEnv), { merge: true }) as typeof compose).services;

/** Services that run the nianbao image. */
const nianbao = Object.entries(resolved).filter(([, s]) => s.image === 'nianbao:latest');
const mainTs = fs.readFileSync(path.join(repoRoot, 'cli/main.ts'), 'utf8');

describe('docker-compose.yml', () => {
  it('runs every entry point that the package builds', () => {
    expect(nianbao.map(([n]) => n).sort()).toEqual(
      ['dashboard', 'extract', 'ingest', 'normalize', 'ocr', 'tables', 'watcher'].sort(),
    );
    for (const [name, s] of nianbao) {
      const [entry, sub] = s.command ?? [];
      const dist = /^dist\/(.+)\.js$/.exec(entry ?? '');
      if (dist) {
        // tsconfig.build.json has rootDir '.': dist/workers/x.js is built from workers/x.ts
        expect(fs.existsSync(path.join(repoRoot, `${dist[1]}.ts`)), `${name}: ${entry}`).toBe(true);
      } else {
        expect(entry, name).toBe('bin/nianbao.mjs');
        expect(mainTs.includes(`.command('${sub}')`), `${name}: nianbao ${sub}`).toBe(true);
      }
    }
  });

  it('keeps Redis durable and never evicting queue keys', () => {
    const cmd = services.redis!.command!.join(' ');
    expect(cmd).toMatch(/--appendonly yes/);
    expect(cmd).toMatch(/--maxmemory-policy noeviction/);
  });

  it('gives every nianbao service a configuration that loadConfig accepts, with Redis, S3 and PostgreSQL', () => {
    for (const [name, s] of nianbao) {
      const env = Object.fromEntries(Object.entries(s.environment ?? {}).map(([k, v]) => [k, String(v)]));
      const config = loadConfig(env);
      expect(config.redisUrl, name).toBe('redis://redis:6379');
      expect(config.s3, name).toMatchObject({ endpoint: 'http://minio:9000', bucket: 'nianbao', accessKeyId: 'nianbao' });
      expect(new URL(config.databaseUrl!).host, name).toBe('postgres:5432');
      expect(s.env_file, name).toBeDefined();
      const deps = s.depends_on as Record<string, { condition: string }>;
      expect(deps.redis?.condition, name).toBe('service_healthy');
      expect(deps.postgres?.condition, name).toBe('service_healthy');
      expect(deps['minio-init']?.condition, name).toBe('service_completed_successfully');
    }
  });

  it('signs in to MinIO and PostgreSQL with the credentials the pipeline is given', () => {
    const app = loadConfig(resolved.ingest!.environment as Record<string, string>);
    const minio = resolved.minio!.environment!;
    expect([minio.MINIO_ROOT_USER, minio.MINIO_ROOT_PASSWORD]).toEqual([app.s3!.accessKeyId, app.s3!.secretAccessKey]);
    expect(resolved['minio-init']!.environment!.S3_BUCKET).toBe(app.s3!.bucket);
    expect(resolved['minio-init']!.command!.join(' ')).toMatch(/mc mb --ignore-existing "local\/\$S3_BUCKET"/);
    const db = new URL(app.databaseUrl!);
    const pg = resolved.postgres!.environment!;
    expect([db.username, db.password, db.pathname]).toEqual([pg.POSTGRES_USER, pg.POSTGRES_PASSWORD, `/${pg.POSTGRES_DB}`]);
    expect(services.postgres!).toHaveProperty('healthcheck');
  });

  it('serves the dashboard beyond loopback only with a token from .env', () => {
    const env = resolved.dashboard!.environment as Record<string, string>;
    expect(loadConfig(env).dashboard).toMatchObject({ host: '0.0.0.0', token: dotEnv.DASHBOARD_TOKEN });
    expect(() => interpolate(composeText, { ...dotEnv, DASHBOARD_TOKEN: '' })).toThrow(/DASHBOARD_TOKEN/);
  });

  it('leaves the stages scalable: no fixed container names or host ports', () => {
    for (const name of ['ingest', 'extract', 'ocr', 'tables', 'normalize']) {
      expect(services[name]!.container_name, name).toBeUndefined();
      expect(services[name]!.ports, name).toBeUndefined();
    }
  });

  it('documents in .env.example every variable it reads', () => {
    const referenced = new Set([...composeText.replace(/\$\$/g, '').matchAll(/\$\{([A-Z0-9_]+)/g)].map((m) => m[1]!));
    expect(referenced.size).toBeGreaterThan(0);
    for (const name of referenced) expect(documented.has(name), name).toBe(true);
  });
});
