import { expect } from 'vitest';
import type { Response } from './api.ts';

/** Words of the libraries' English messages that must never reach a French professional. */
const ENGLISH_OR_INTERNAL = /Invalid input|Unsupported|Internal|Exception|DynamoDB|\b(the|expected|required|unexpected|must)\b/i;

/** An RFC 9457 answer, its status repeated in the body, with a French `detail`. */
export function expectFrenchProblem(response: Response, context = '') {
  expect(response.headers.get('content-type'), context).toMatch(/^application\/problem\+json/);
  expect(response.body.status, context).toBe(response.status);
  expect(response.body.detail, context).toMatch(/[a-zé]/);
  expect(response.body.detail, context).not.toMatch(ENGLISH_OR_INTERNAL);
}
