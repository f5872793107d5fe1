/**
 * Starts a private redis-server on a free port for the whole test run (AOF on, data in a temp
 * folder that is removed afterwards), so tests never touch a shared Redis. Tests read its URL
 * with `inject('redisUrl')`.
 */
import type { TestProject } from 'vitest/node';
import { hasRedisServer, TestRedisServer } from './redis-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!hasRedisServer()) {
    throw new Error('redis-server is not installed: `apt-get install redis-server` (or run `bash .ci/run`).');
  }
  const server = await TestRedisServer.start();
  project.provide('redisUrl', server.url);
  return () => server.dispose();
}
