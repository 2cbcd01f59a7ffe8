import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for one S3 region on loopback, path-style GetObject and PutObject only: what the
 * import function uses. The AWS SDK talks to it for real (signing, serialization, errors).
 */
export async function startS3Bucket() {
  const objects = new Map<string, Buffer>();
  const server = createServer(async (request, response) => {
    const key = decodeURIComponent(new URL(request.url!, 'http://s3').pathname.slice(1));
    if (request.method === 'PUT') {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      objects.set(key, Buffer.concat(chunks));
      response.writeHead(200, { ETag: '"1"' }).end();
      return;
    }
    const object = objects.get(key);
    if (request.method === 'GET' && object) {
      response.writeHead(200, { 'Content-Type': 'text/csv', 'Content-Length': object.length }).end(object);
      return;
    }
    response.writeHead(404, { 'Content-Type': 'application/xml' }).end('<Error><Code>NoSuchKey</Code><Message>absent</Message></Error>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** `bucket/key` → content. */
    objects,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
