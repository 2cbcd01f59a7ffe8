import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Context } from 'aws-lambda';
import type { HttpHandler } from '#http/handler.ts';
import type { Route } from '#http/route.ts';
import { toApiGatewayEvent, type RouteMatch } from './api-gateway-event.ts';

/** Extra local-only endpoints (dev token issuer, mailbox…): return true when handled. */
export type LocalEndpoint = (request: IncomingMessage, response: ServerResponse) => boolean | Promise<boolean>;

const API_GATEWAY_MAX_BODY = 10 * 1024 * 1024;

/** Matches like API Gateway: exact paths before paths with parameters. */
function routeMatcher(routes: readonly Route[]) {
  const compiled = routes
    .map((route) => ({
      route,
      names: [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!),
      pattern: new RegExp(`^${route.path.replace(/\{\w+\}/g, '([^/]+)')}$`),
    }))
    .sort((a, b) => a.names.length - b.names.length);
  return (method: string, path: string): RouteMatch => {
    const candidates = compiled.filter(({ pattern }) => pattern.test(path));
    const found = candidates.find(({ route }) => route.method === method) ?? (method === 'OPTIONS' ? candidates[0] : undefined);
    if (!found) return { routeKey: '$default' };
    const values = found.pattern.exec(path)!.slice(1);
    return {
      routeKey: `${method} ${found.route.path}`,
      pathParameters: Object.fromEntries(found.names.map((name, i) => [name, decodeParameter(values[i]!)])),
    };
  };
}

/** `%zz` is no escape: handed on as it is, the route's validation refuses it with a 400. */
function decodeParameter(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > API_GATEWAY_MAX_BODY) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The local API Gateway: plain HTTP in, the same Lambda handler GPS runs on AWS, plain
 * HTTP out. `npm start` and the end-to-end tests use it.
 */
export async function startApiServer(options: {
  handler: HttpHandler;
  routes: readonly Route[];
  port?: number;
  endpoints?: LocalEndpoint[];
}): Promise<{ server: Server; url: string; close: () => Promise<void> }> {
  const match = routeMatcher(options.routes);
  const server = createServer(async (request, response) => {
    try {
      for (const endpoint of options.endpoints ?? []) if (await endpoint(request, response)) return;
      const method = request.method ?? 'GET';
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      const body = await readBody(request);
      if (body === undefined) {
        response.writeHead(413, { 'Content-Type': 'application/json' }).end('{"message":"Request Entity Too Large"}');
        return;
      }
      const event = toApiGatewayEvent({
        method,
        url: request.url ?? '/',
        headers: request.headers,
        body,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        match: match(method, path),
      });
      const result = await options.handler(event, { awsRequestId: event.requestContext.requestId } as Context);
      const headers = Object.fromEntries(
        Object.entries(result.headers ?? {}).flatMap(([name, value]) => (value === undefined ? [] : [[name, String(value)]])),
      );
      response.writeHead(result.statusCode ?? 200, { ...headers, ...(result.cookies ? { 'Set-Cookie': result.cookies } : {}) }).end(result.body ?? '');
    } catch (error) {
      // API Gateway's own answer when the function itself fails.
      console.error(error);
      response.writeHead(500, { 'Content-Type': 'application/json' }).end('{"message":"Internal Server Error"}');
    }
  });
  server.listen(options.port ?? 0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
