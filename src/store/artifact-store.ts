/**
 * The artifact store: source files keyed by their sha256, and the intermediate results of
 * each stage. Jobs carry keys into it, never bytes. A local folder implements it here; an
 * S3-compatible bucket can implement the same interface.
 */
import type { Readable } from 'node:stream';

export interface StoredSource {
  /** Hex sha256 of the bytes: the document id. */
  sha256: string;
  /** Key of the stored copy. */
  key: string;
  bytes: number;
}

export interface ArtifactStore {
  /** Stores a stream under the key derived from its sha256; an existing copy is kept as is. */
  putSource(stream: Readable): Promise<StoredSource>;
  put(key: string, data: Uint8Array | string): Promise<void>;
  get(key: string): Promise<Buffer>;
  /** The first `bytes` bytes (fewer if the blob is shorter). */
  head(key: string, bytes: number): Promise<Buffer>;
  has(key: string): Promise<boolean>;
  putJson(key: string, value: unknown): Promise<void>;
  getJson<T>(key: string): Promise<T>;
}

/** Key of a source blob: spread over 256 folders so that no folder grows too large. */
export function sourceKey(sha256: string): string {
  return `sources/${sha256.slice(0, 2)}/${sha256}`;
}

/** Key of a stage's output for a document. */
export function derivedKey(sha256: string, name: string): string {
  return `derived/${sha256.slice(0, 2)}/${sha256}/${name}`;
}
