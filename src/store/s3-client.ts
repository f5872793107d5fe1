/** The S3 client every S3 user in nianbao shares: the artifact store, the bucket watcher, the records sink. */
import { S3Client } from '@aws-sdk/client-s3';
import type { Config } from '../config.js';

export type S3Settings = NonNullable<Config['s3']>;

export function createS3Client(s3: S3Settings): S3Client {
  return new S3Client({
    region: s3.region,
    // No endpoint means AWS itself; MinIO and other S3-compatible servers need theirs.
    ...(s3.endpoint ? { endpoint: s3.endpoint } : {}),
    // Bucket in the path, not the host name: MinIO and test servers have no per-bucket DNS.
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    // The SDK's default (WHEN_SUPPORTED) sends streamed bodies as aws-chunked with a trailing
    // checksum. Servers that do not decode that framing (s3rver, older MinIO and gateways)
    // store the frames inside the object, silently corrupting it. Checksums only where the
    // API requires them; the store verifies content by its own sha256 anyway.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 3,
  });
}

/** True when an S3 error means "no such object" (GetObject says NoSuchKey, HeadObject only 404). */
export function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || e?.$metadata?.httpStatusCode === 404;
}
