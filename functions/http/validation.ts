import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { z } from 'zod';
import { invalid } from '#domain/errors.ts';
import type { FieldError } from './problem.ts';
import type { Route } from './route.ts';

type Part = 'params' | 'query' | 'body' | 'headers';

const EMPTY: Record<Part, unknown> = { params: {}, query: {}, body: undefined, headers: {} };

/**
 * Validates every part of the request against the route's zod schemas and reports every
 * bad field at once, each with a JSON pointer into the request (`#/body/identity/birthDate`).
 */
export function validateRequest(route: Route, event: APIGatewayProxyEventV2) {
  const raw: Record<Part, unknown> = {
    params: event.pathParameters ?? {},
    query: event.queryStringParameters ?? {},
    body: event.body === undefined || event.body === '' ? undefined : event.body,
    headers: event.headers ?? {},
  };
  const parsed: Partial<Record<Part, unknown>> = {};
  const errors: FieldError[] = [];
  for (const part of ['params', 'query', 'body', 'headers'] as const) {
    const schema = route[part] as z.ZodType | undefined;
    if (!schema) {
      if (part !== 'headers' && !isEmpty(raw[part])) {
        errors.push({ pointer: `#/${part}`, detail: part === 'body' ? 'Cette adresse n’attend pas de corps de requête.' : 'Paramètres inattendus.' });
      }
      parsed[part] = EMPTY[part];
      continue;
    }
    const result = schema.safeParse(raw[part]);
    if (result.success) parsed[part] = result.data;
    else errors.push(...result.error.issues.map((issue) => fieldError(part, issue)));
  }
  if (errors.length > 0) {
    throw invalid(errors.length === 1 ? errors[0]!.detail : 'Plusieurs champs sont invalides : voir « errors ».', { errors });
  }
  return parsed as Record<Part, any>;
}

const isEmpty = (value: unknown) =>
  value === undefined || (typeof value === 'object' && value !== null && Object.keys(value).length === 0);

function fieldError(part: Part, issue: z.core.$ZodIssue): FieldError {
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] ?? ''] : issue.path;
  const pointer = ['#', part, ...path.map((segment) => String(segment).replace(/~/g, '~0').replace(/\//g, '~1'))].join('/');
  return { pointer, detail: issue.message };
}
