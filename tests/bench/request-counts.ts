import type { BenchApi } from './api-stack.ts';
import { recordOperations, type Operations } from './operations.ts';
import { speaker, type Reader } from './population.ts';

export type CountedCall = { call: string; operations: Operations };

async function send(url: string, token: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${path} : ${response.status} ${await response.text()}`);
  return response.json();
}

/**
 * The DynamoDB requests each API call makes, counted on the handler's own client. Calls
 * run one at a time, by professionals the function has already seen (a warm Lambda
 * caches them), except the row that measures what a first call costs.
 */
export async function countApiRequests(api: BenchApi, [reader]: readonly Reader[]): Promise<CountedCall[]> {
  const record = recordOperations(api.store);
  const { personId, token } = reader!;
  const as = (bearer: string, method: string, path: string, body?: unknown) => record(() => send(api.url, bearer, method, path, body));
  const { identity } = await send(api.url, token, 'GET', `/persons/${personId}`);
  const newcomer = await speaker(api.store, api.issuer);
  return [
    { call: 'GET /persons/{id} (card)', operations: await as(token, 'GET', `/persons/${personId}`) },
    { call: 'GET /persons/{id}/members (card + members)', operations: await as(token, 'GET', `/persons/${personId}/members`) },
    { call: 'GET /follow-ups (my follow-ups)', operations: await as(token, 'GET', '/follow-ups') },
    { call: 'POST /persons/lookup', operations: await as(token, 'POST', '/persons/lookup', identity) },
    { call: 'GET /follow-ups, first call of a professional in a fresh function', operations: await as(newcomer.token, 'GET', '/follow-ups') },
    { call: 'POST /persons/{id}/members (join)', operations: await as(newcomer.token, 'POST', `/persons/${personId}/members`, { reason: 'Parcours IAE' }) },
  ];
}
