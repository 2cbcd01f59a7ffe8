import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { isDomainError, type DomainErrorKind } from '#domain/errors.ts';
import { isStoreUnavailable } from '#store/unavailable.ts';

/** A field-level validation error: RFC 9457 extension member `errors`. */
export type FieldError = { pointer: string; detail: string };

/** RFC 9457 problem details; `detail` is always French and never holds internals. */
export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
  [extension: string]: unknown;
};

/** An HTTP-level failure raised by the HTTP layer itself (authentication, preconditions…). */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    detail: string,
    readonly extensions: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }
}

const DOMAIN: Record<DomainErrorKind, { status: number; title: string }> = {
  validation: { status: 400, title: 'Requête invalide' },
  not_found: { status: 404, title: 'Introuvable' },
  forbidden: { status: 403, title: 'Action non autorisée' },
  conflict: { status: 409, title: 'Conflit' },
  already_exists: { status: 409, title: 'Existe déjà' },
  gone: { status: 410, title: 'Lien plus valable' },
  rate_limited: { status: 429, title: 'Trop de demandes' },
};

/** What middy's own errors (body parser…) mean, in French. */
const MIDDY: Record<number, { slug: string; title: string; detail: string }> = {
  413: { slug: 'too-large', title: 'Requête trop volumineuse', detail: 'Le corps de la requête est trop volumineux.' },
  415: {
    slug: 'unsupported-media-type',
    title: 'Type de contenu non pris en charge',
    detail: 'Le corps de la requête doit être du JSON envoyé avec « Content-Type: application/json ».',
  },
};

const MALFORMED_JSON = /malformed JSON/i;

/** Problem types are documented on the API reference page. */
const typeUri = (slug: string) => `/docs#probleme-${slug}`;

/** Long enough for DynamoDB to shed a throttle or for a restarted store to answer again. */
export const STORE_RETRY_AFTER_SECONDS = 5;

export function problemFromError(error: unknown): { problem: Problem; headers: Record<string, string> } {
  if (isDomainError(error)) {
    const { status, title } = DOMAIN[error.kind];
    return {
      problem: { type: typeUri(error.kind.replace('_', '-')), title, status, detail: error.message, ...error.details },
      headers: typeof error.details.retryAfter === 'number' ? { 'Retry-After': String(error.details.retryAfter) } : {},
    };
  }
  if (error instanceof HttpProblem) {
    return {
      problem: { type: typeUri(error.slug), title: error.title, status: error.status, detail: error.message, ...error.extensions },
      headers: error.headers,
    };
  }
  const statusCode = (error as { statusCode?: number } | undefined)?.statusCode;
  if (statusCode === 415 && MALFORMED_JSON.test((error as Error).message)) {
    return {
      problem: { type: typeUri('validation'), title: DOMAIN.validation.title, status: 400, detail: 'Le corps de la requête n’est pas du JSON valide.' },
      headers: {},
    };
  }
  const known = statusCode ? MIDDY[statusCode] : undefined;
  if (known) {
    return { problem: { type: typeUri(known.slug), title: known.title, status: statusCode!, detail: known.detail }, headers: {} };
  }
  if (isStoreUnavailable(error)) {
    return {
      problem: {
        type: typeUri('unavailable'),
        title: 'Service momentanément indisponible',
        status: 503,
        detail: `GPS est momentanément indisponible. Réessayez dans ${STORE_RETRY_AFTER_SECONDS} secondes.`,
      },
      headers: { 'Retry-After': String(STORE_RETRY_AFTER_SECONDS) },
    };
  }
  return {
    problem: {
      type: typeUri('internal'),
      title: 'Erreur interne',
      status: 500,
      detail: 'Une erreur inattendue est survenue. Réessayez plus tard ; si elle persiste, contactez le support GPS.',
    },
    headers: {},
  };
}

export const problemResponse = (problem: Problem, headers: Record<string, string> = {}): APIGatewayProxyStructuredResultV2 => ({
  statusCode: problem.status,
  headers: { ...headers, 'Content-Type': 'application/problem+json; charset=utf-8' },
  body: JSON.stringify(problem),
});
