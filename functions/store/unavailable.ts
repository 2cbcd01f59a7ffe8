const STORE_BUSY_ERRORS = new Set([
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'InternalServerError',
  'TimeoutError',
]);
const NETWORK_FAILURES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ECONNABORTED', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/**
 * The store is out of reach or overloaded for a moment (after the SDK's own retries): what
 * was asked is not wrong and may succeed later — a 503 for the API, a retry for the import.
 */
export function isStoreUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { name, code, CancellationReasons } = error as Error & { code?: string; CancellationReasons?: { Code?: string }[] };
  if (STORE_BUSY_ERRORS.has(name) || (code !== undefined && NETWORK_FAILURES.has(code))) return true;
  if (name === 'TransactionCanceledException') return CancellationReasons?.some((reason) => reason.Code === 'ThrottlingError') ?? false;
  if (error instanceof AggregateError) return error.errors.some(isStoreUnavailable);
  return isStoreUnavailable(error.cause);
}
