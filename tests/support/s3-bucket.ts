import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

/** The part of s3rver (untyped CommonJS) used here. */
type S3rver = { run(): Promise<AddressInfo>; close(): Promise<void> };
const S3rver = createRequire(import.meta.url)('s3rver') as new (options: {
  address: string;
  port: number;
  directory: string;
  silent: boolean;
  vhostBuckets: boolean;
  configureBuckets: { name: string }[];
}) => S3rver;

/** s3rver knows this one key pair only (it does not check V4 signatures, but refuses any other key id). */
const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/**
 * The buckets on an S3 emulator (s3rver, in this process) on a free loopback port, stored in a
 * temporary folder removed by `close`. The import function's own S3Client talks to it for real
 * (signing, serialization, errors) when given `endpoint` and `credentials`; `objects` reads
 * and writes through another real S3Client, path-style. The SDK's default checksums pass as they
 * are (s3rver ignores the CRC headers of in-memory bodies, and sends none back); a streamed upload
 * (`aws-chunked`, checksum trailer) would need `requestChecksumCalculation: 'WHEN_REQUIRED'`.
 */
export async function startS3Bucket(...buckets: string[]) {
  const directory = await mkdtemp(join(tmpdir(), 'gps-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    directory,
    silent: true,
    vhostBuckets: false,
    configureBuckets: buckets.map((name) => ({ name })),
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({
    endpoint,
    region: 'eu-west-3',
    credentials,
    forcePathStyle: true,
  });
  /** `bucket/key` → its two parts. */
  const split = (path: string) => {
    const slash = path.indexOf('/');
    return { Bucket: path.slice(0, slash), Key: path.slice(slash + 1) };
  };

  return {
    endpoint,
    credentials,
    /** What the import function's SDK client needs to reach the emulator (path-style, as for any IP endpoint), as environment variables. */
    environment: {
      AWS_ENDPOINT_URL_S3: endpoint,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    },
    /** Objects named `bucket/key`, read and written with PutObject, GetObject and ListObjectsV2. */
    objects: {
      async set(path: string, body: Uint8Array | string) {
        await client.send(new PutObjectCommand({ ...split(path), Body: body }));
      },
      async get(path: string): Promise<Buffer | undefined> {
        try {
          const object = await client.send(new GetObjectCommand(split(path)));
          return Buffer.from(await object.Body!.transformToByteArray());
        } catch (error) {
          if (error instanceof NoSuchKey) return undefined;
          throw error;
        }
      },
      async keys(): Promise<string[]> {
        const keys: string[] = [];
        for (const Bucket of buckets) {
          let ContinuationToken: string | undefined;
          do {
            const page = await client.send(new ListObjectsV2Command({ Bucket, ContinuationToken }));
            keys.push(...(page.Contents ?? []).map(({ Key }) => `${Bucket}/${Key}`));
            ContinuationToken = page.NextContinuationToken;
          } while (ContinuationToken);
        }
        return keys;
      },
    },
    close: async () => {
      client.destroy();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
