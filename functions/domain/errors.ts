/**
 * Typed domain errors. The store translates DynamoDB condition failures into these,
 * and the HTTP layer maps each `kind` to a status, so nothing from AWS leaks out.
 * Messages are French because they reach the professional as the problem `detail`.
 */
export type DomainErrorKind =
  | 'validation'
  | 'not_found'
  | 'forbidden'
  | 'conflict'
  | 'already_exists'
  | 'gone'
  | 'rate_limited';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (message = 'Ressource introuvable.') => new DomainError('not_found', message);

export const forbidden = (message: string) => new DomainError('forbidden', message);

export const conflict = (message: string, details: Record<string, unknown> = {}) =>
  new DomainError('conflict', message, details);

export const alreadyExists = (message: string, details: Record<string, unknown> = {}) =>
  new DomainError('already_exists', message, details);

/** A link that worked once and never will again (used, expired or revoked invitation). */
export const gone = (message: string) => new DomainError('gone', message);

export const rateLimited = (message: string, retryAfterSeconds: number) =>
  new DomainError('rate_limited', message, { retryAfter: retryAfterSeconds });

export const invalid = (message: string, details: Record<string, unknown> = {}) =>
  new DomainError('validation', message, details);

export const isDomainError = (error: unknown, kind?: DomainErrorKind): error is DomainError =>
  error instanceof DomainError && (kind === undefined || error.kind === kind);
