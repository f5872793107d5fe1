/**
 * The PDF standard security handler, revision 2 (RC4, 40-bit key): enough to make PDFs that
 * need a user password and PDFs that only carry an owner password, as real producers do.
 */
import { createHash } from 'node:crypto';

const PAD = Buffer.from('28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a', 'hex');
/** Printing and copying allowed, modifying not: what an owner password usually protects. */
const PERMISSIONS = -44;

export interface Encryption {
  /** The /Encrypt dictionary (without object number). */
  dict: string;
  /** The key for the data of object `num` (generation 0). */
  objectKey(num: number): Buffer;
}

/** Encryption with passwords `user` ('' = anyone may open) and `owner`, for document id `fileId`. */
export function standardEncryption(user: string, owner: string, fileId: Buffer): Encryption {
  const o = rc4(md5(padded(owner || user)).subarray(0, 5), padded(user));
  const p = Buffer.alloc(4);
  p.writeInt32LE(PERMISSIONS);
  const fileKey = md5(padded(user), o, p, fileId).subarray(0, 5);
  const u = rc4(fileKey, PAD);
  return {
    dict: `<< /Filter /Standard /V 1 /R 2 /O <${o.toString('hex')}> /U <${u.toString('hex')}> /P ${PERMISSIONS} >>`,
    objectKey: (num) => md5(fileKey, Buffer.from([num & 0xff, (num >> 8) & 0xff, (num >> 16) & 0xff, 0, 0])).subarray(0, 10),
  };
}

function padded(password: string): Buffer {
  return Buffer.concat([Buffer.from(password, 'latin1'), PAD]).subarray(0, 32);
}

function md5(...parts: Buffer[]): Buffer {
  const h = createHash('md5');
  for (const p of parts) h.update(p);
  return h.digest();
}

export function rc4(key: Buffer, data: Uint8Array): Buffer {
  const s = Array.from({ length: 256 }, (_, i) => i);
  let j = 0;
  for (let i = 0; i < 256; i++) {
    j = (j + s[i]! + key[i % key.length]!) & 0xff;
    [s[i], s[j]] = [s[j]!, s[i]!];
  }
  const out = Buffer.alloc(data.length);
  let a = 0;
  j = 0;
  for (let k = 0; k < data.length; k++) {
    a = (a + 1) & 0xff;
    j = (j + s[a]!) & 0xff;
    [s[a], s[j]] = [s[j]!, s[a]!];
    out[k] = data[k]! ^ s[(s[a]! + s[j]!) & 0xff]!;
  }
  return out;
}
