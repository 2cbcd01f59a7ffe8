import { S3Client } from '@aws-sdk/client-s3';
import type { Context, S3Event } from 'aws-lambda';
import { storeFromEnv } from '../config.ts';
import { loadSecrets } from '../secrets.ts';
import { importS3Object, type S3ImportDeps } from './s3-import.ts';

await loadSecrets();

let deps: S3ImportDeps | undefined;

/** S3 writes keys URL-encoded, spaces as `+`. */
const objectKey = (encoded: string) => decodeURIComponent(encoded.replace(/\+/g, ' '));

/** A CSV dropped under `imports/` of the import bucket (see infra/gps-service.ts). */
export const handler = async (event: S3Event, context: Context) => {
  deps ??= { s3: new S3Client({}), store: storeFromEnv() };
  for (const record of event.Records) {
    await importS3Object(deps, record.s3.bucket.name, objectKey(record.s3.object.key), () => context.getRemainingTimeInMillis());
  }
};
