/**
 * Records in the bucket as well as in OUTPUT_DIR: `<prefix><id>.json`, the same bytes as the
 * file, so that a consumer with bucket access needs no shared folder. A PUT replaces the
 * object whole, so a record written twice (a retried job) is one object.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { NianbaoError } from '../errors.js';
import type { NianbaoRecord } from '../record/schema.js';
import { recordFileName } from '../record/write.js';
import type { RecordSink } from './record-sink.js';

export class S3RecordSink implements RecordSink {
  readonly name = 's3-records';

  /** The client belongs to the caller, who destroys it; prefix is e.g. `nianbao/records/`. */
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly prefix: string,
  ) {}

  keyOf(id: string): string {
    return this.prefix + recordFileName(id);
  }

  async write(record: NianbaoRecord): Promise<void> {
    // Formatted as writeRecord formats the file, so that both copies compare equal.
    const body = Buffer.from(`${JSON.stringify(record, null, 1)}\n`);
    const put = new PutObjectCommand({
      Bucket: this.bucket,
      Key: this.keyOf(record.id),
      Body: body,
      ContentLength: body.length,
      ContentType: 'application/json; charset=utf-8',
    });
    await this.client.send(put).catch((err: unknown) => {
      throw new NianbaoError('STORE_UNAVAILABLE', `record ${record.id} not written to the bucket: ${(err as Error).message}`, {
        cause: err,
      });
    });
  }

  async close(): Promise<void> {
    // Nothing of our own to release: the client is shared with the store and the watcher.
  }
}
