/**
 * Per-document progress in Redis: which stage a document is in, its outcome and its error.
 * The dashboard reads it, and ingest consults it so that a document already finished is not
 * converted again.
 */
import type { Redis } from 'ioredis';

export type DocStatus = 'queued' | 'ingest' | 'extract' | 'ocr' | 'tables' | 'normalize' | 'complete' | 'partial' | 'failed';

const TERMINAL: ReadonlySet<string> = new Set(['complete', 'partial', 'failed']);

export interface DocState {
  docId: string;
  name: string;
  status: DocStatus;
  updatedAt: string;
  pagesDone?: number;
  pagesTotal?: number;
  errorCode?: string;
  errorMessage?: string;
}

export class DocRegistry {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(docId: string): string {
    return `${this.prefix}:doc:${docId}`;
  }

  private get indexKey(): string {
    return `${this.prefix}:docs`;
  }

  /** The dead letters: documents whose outcome is `failed`, by the time they failed. */
  private get failedKey(): string {
    return `${this.prefix}:docs:failed`;
  }

  async update(docId: string, fields: Partial<Omit<DocState, 'docId'>>): Promise<void> {
    const now = Date.now();
    const flat: Record<string, string> = { updatedAt: new Date(now).toISOString() };
    for (const [k, v] of Object.entries(fields)) if (v !== undefined) flat[k] = String(v);
    const tx = this.redis.multi().hset(this.key(docId), flat).zadd(this.indexKey, 'NX', now, docId);
    if (fields.status === 'failed') tx.zadd(this.failedKey, now, docId);
    else if (fields.status !== undefined) tx.zrem(this.failedKey, docId);
    await tx.exec();
  }

  async get(docId: string): Promise<DocState | undefined> {
    const h = await this.redis.hgetall(this.key(docId));
    if (!h.status) return undefined;
    return {
      docId,
      name: h.name ?? '',
      status: h.status as DocStatus,
      updatedAt: h.updatedAt ?? '',
      ...(h.pagesDone ? { pagesDone: Number(h.pagesDone) } : {}),
      ...(h.pagesTotal ? { pagesTotal: Number(h.pagesTotal) } : {}),
      ...(h.errorCode ? { errorCode: h.errorCode } : {}),
      ...(h.errorMessage ? { errorMessage: h.errorMessage } : {}),
    };
  }

  /** Counts one more page done; returns the new count. */
  async pageDone(docId: string): Promise<number> {
    return this.redis.hincrby(this.key(docId), 'pagesDone', 1);
  }

  /** True once the document has an outcome (a record was written for it). */
  async isFinished(docId: string): Promise<boolean> {
    const status = await this.redis.hget(this.key(docId), 'status');
    return status !== null && TERMINAL.has(status);
  }

  /** Documents, newest first. */
  async list(limit = 100, offset = 0): Promise<DocState[]> {
    return this.states(await this.redis.zrevrange(this.indexKey, offset, offset + limit - 1));
  }

  /** Failed documents, most recently failed first. */
  async listFailed(limit = 100, offset = 0): Promise<DocState[]> {
    return this.states(await this.redis.zrevrange(this.failedKey, offset, offset + limit - 1));
  }

  private async states(ids: string[]): Promise<DocState[]> {
    const states = await Promise.all(ids.map((id) => this.get(id)));
    return states.filter((s): s is DocState => s !== undefined);
  }
}
