import middy, { type MiddlewareObj } from '@middy/core';
import httpCors from '@middy/http-cors';
import httpEventNormalizer from '@middy/http-event-normalizer';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import httpSecurityHeaders from '@middy/http-security-headers';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { withProvenance } from '#store/client.ts';
import { logger } from '../observability/logger.ts';
import { currentPerson } from './current-person.ts';
import { currentProfessional } from './current-professional.ts';
import { HttpProblem, problemFromError, problemResponse } from './problem.ts';
import type { ApiDeps, Reply, Route } from './route.ts';
import { validateRequest } from './validation.ts';

type Event = APIGatewayProxyEventV2;
type Result = APIGatewayProxyStructuredResultV2;
type Caller = Awaited<ReturnType<typeof currentProfessional>> | Awaited<ReturnType<typeof currentPerson>>;
type GpsContext = Context & { gps: { route: Route; caller?: Caller; input?: ReturnType<typeof validateRequest> } };
type Middleware = MiddlewareObj<Event, Result, Error, GpsContext>;
export type HttpHandler = (event: Event, context: Context) => Promise<Result>;

/** API Gateway accepts 10 MB; nothing GPS stores comes near this. */
export const MAX_BODY_BYTES = 64 * 1024;

const notFoundRoute = () =>
  new HttpProblem(404, 'not-found', 'Introuvable', 'Cette adresse n’existe pas dans l’API GPS : voir /docs.');

const resolveRoute = (routes: Map<string, Route>): Middleware => ({
  before: async (request) => {
    // API Gateway (payload 2.0) hands cookies apart from the headers.
    const { event } = request;
    if (event.cookies?.length && !event.headers.cookie) event.headers.cookie = event.cookies.join('; ');
    const route = routes.get(request.event.routeKey);
    if (!route) throw notFoundRoute();
    request.context.gps = { route };
  },
});

const limitBody: Middleware = {
  before: async ({ event }) => {
    if (event.body && Buffer.byteLength(event.body, event.isBase64Encoded ? 'base64' : 'utf8') > MAX_BODY_BYTES) {
      throw new HttpProblem(413, 'too-large', 'Requête trop volumineuse', `Le corps de la requête dépasse ${MAX_BODY_BYTES / 1024} Kio.`);
    }
  },
};

/** Only requests that carry a body need a JSON one: a bodiless POST (accept, reveal…) is fine. */
const parseJsonBody = (): Middleware => {
  const parser = httpJsonBodyParser() as Middleware;
  return { before: (request) => (request.event.body ? parser.before?.(request) : undefined) };
};

const authenticate = (deps: () => ApiDeps): Middleware => ({
  before: async (request) => {
    const { route } = request.context.gps;
    if (route.public) return;
    const { headers } = request.event;
    request.context.gps.caller = await (route.person ? currentPerson : currentProfessional)(deps(), headers.authorization, headers.origin);
  },
});

const validate: Middleware = {
  before: async (request) => {
    request.context.gps.input = validateRequest(request.context.gps.route, request.event);
  },
};

/** Last in the stack: every failure becomes RFC 9457 problem+json; nothing internal leaks. */
const problemDetails: Middleware = {
  onError: async (request) => {
    const { problem, headers } = problemFromError(request.error);
    // A 503 is the store out of reach for a moment (the API's 5xx alarm counts it), not a bug: no stack.
    if (problem.status === 503) logger.warn({ message: 'store_unavailable', route: request.event.routeKey, error: request.error?.name });
    else if (problem.status >= 500) logger.error({ message: 'request_failed', route: request.event.routeKey, status: problem.status }, request.error as Error);
    request.response = problemResponse(problem, headers);
  },
};

function toResult(reply: Reply): Result {
  if (reply.html !== undefined) {
    return { statusCode: reply.status, headers: { 'Content-Type': 'text/html; charset=utf-8', ...reply.headers }, body: reply.html };
  }
  if (reply.text !== undefined) {
    return { statusCode: reply.status, headers: { 'Content-Type': reply.text.contentType, ...reply.headers }, body: reply.text.body };
  }
  return {
    statusCode: reply.status,
    // Files of persons must not linger in shared caches or the browser's.
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...reply.headers },
    ...(reply.cookies ? { cookies: reply.cookies } : {}),
    ...(reply.body === undefined ? {} : { body: JSON.stringify(reply.body) }),
  };
}

/**
 * CORS for GPS's origins and every trusted issuer's, which come from the configuration: built
 * on the first request, not at module init, so a cold start does not parse the configuration
 * before it has a request to answer (tests/bench measures module init).
 */
function lazyCors(deps: () => ApiDeps): Middleware {
  let cors: Middleware | undefined;
  const built = () =>
    (cors ??= httpCors({
      origins: [...deps().allowedOrigins],
      headers: 'Authorization, Content-Type, If-Match',
      methods: 'GET, POST, PATCH, OPTIONS',
      exposeHeaders: 'ETag, Location, Link',
      maxAge: 600,
      disableBeforePreflightResponse: false,
    }) as Middleware);
  return {
    before: (request) => built().before?.(request),
    after: (request) => built().after?.(request),
    onError: (request) => built().onError?.(request),
  };
}

/**
 * The one HTTP stack of every GPS function, in order: event and header normalizers, route,
 * body size and JSON parser, security headers, CORS (allow-list), authentication, zod
 * validation, then the route's handler; the problem-details error handler comes last.
 * `deps` is a factory so a Lambda builds its clients once, on first use.
 */
export function createHttpHandler(routes: readonly Route[], deps: () => ApiDeps): HttpHandler {
  const byRouteKey = new Map(routes.map((route) => [`${route.method} ${route.path}`, route]));
  const core = async (_event: Event, context: GpsContext): Promise<Result> => {
    const { route, caller, input } = context.gps;
    const base = deps();
    // Public routes have no caller. What a caller writes is recorded as coming from their token's issuer: no handler can forget it.
    const handled = caller ? { ...input!, ...caller, deps: { ...base, store: withProvenance(base.store, caller.provenance) } } : { ...input!, deps: base };
    return toResult(await (route.handle as (input: typeof handled) => Promise<Reply>)(handled));
  };
  const handler = middy<Event, Result, Error, GpsContext>(core)
    .use(httpEventNormalizer() as unknown as Middleware)
    .use(httpHeaderNormalizer() as Middleware)
    // No reporting endpoint is configured: leave out the empty header (option missing from the typings).
    .use(httpSecurityHeaders({ reportingEndpoints: false } as never) as Middleware)
    .use(lazyCors(deps))
    .use(resolveRoute(byRouteKey))
    .use(limitBody)
    .use(parseJsonBody())
    .use(authenticate(deps))
    .use(validate)
    .use(problemDetails);
  // Middy's typings ask for a third argument that Lambda and the local server never need.
  return handler as unknown as HttpHandler;
}
