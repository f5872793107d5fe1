import type pg from 'pg';

/**
 * Runs `fn` in a transaction on one pooled connection: COMMIT when it resolves, ROLLBACK and
 * rethrow when it throws. A connection that failed is discarded instead of going back to the
 * pool, where it could hand a broken session to the next caller.
 */
export async function withTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let failure: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    failure = err instanceof Error ? err : new Error(String(err));
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release(failure);
  }
}
