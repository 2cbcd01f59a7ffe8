import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { routes } from '#api/routes.ts';
import type { Route } from '#http/route.ts';
import { getPerson } from '#store/persons.ts';
import { testApi } from '#tests/support/api.ts';
import { newPerson } from '#tests/support/fixtures.ts';
import { expectFrenchProblem } from '#tests/support/problems.ts';
import { invalidItems, scanTable } from '#tests/support/stored-items.ts';
import { VALID_BODIES } from '#tests/support/valid-bodies.ts';

/** Requests per route: 50 keeps the whole file near two minutes on two busy cores beside the others (37 routes); raise it to hunt locally (GPS_FUZZ_RUNS=500). */
const RUNS = Number(process.env.GPS_FUZZ_RUNS ?? 50);

const SIAE = { siret: '44306184100047', name: 'Envie Rhône', kind: 'siae', departement: '69' } as const;

/** What a client may put in a path segment once it is past URL encoding, or type raw to get around it. */
const RAW_SEGMENTS = ['..', '.', '%00', '%2F', '%2e%2e', '%252e', encodeURIComponent('é'.repeat(600)), '0'.repeat(26), '7ZZZZZZZZZZZZZZZZZZZZZZZZZ'];

/** Short enough for a URL: past 16 KiB of request line and headers, Node's HTTP server answers 431 before GPS sees anything. */
const SHORT_TEXT = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }));
const TEXT = fc.oneof(SHORT_TEXT, fc.string({ unit: 'grapheme', minLength: 500, maxLength: 3000 }));
const ODD_VALUE = fc.oneof(TEXT, fc.jsonValue({ maxDepth: 3 }));
const DELETE = Symbol('delete');

/** A segment of the path: mostly the real id, so the other parts of the request reach the handler. */
const segment = (real: string) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constant(real) },
    { weight: 1, arbitrary: fc.constantFrom(...RAW_SEGMENTS) },
    { weight: 2, arbitrary: SHORT_TEXT.map(encodeURIComponent) },
    { weight: 1, arbitrary: fc.ulid() },
  );

function leafPaths(value: unknown, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  return [prefix, ...Object.entries(value).flatMap(([key, child]) => leafPaths(child, [...prefix, key]))];
}

function setAt(body: Record<string, unknown>, path: string[], value: unknown): unknown {
  if (path.length === 0) return value === DELETE ? undefined : value;
  const copy = structuredClone(body);
  let node: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  if (value === DELETE) delete node[path.at(-1)!];
  else node[path.at(-1)!] = value;
  return copy;
}

const at = (body: unknown, path: string[]) => path.reduce<any>((node, key) => node[key], body);

/** One field of a valid body changed, removed, lengthened with odd characters, or one field added. */
function mutationOf(valid: () => Record<string, unknown>) {
  const body = valid();
  const paths = leafPaths(body);
  const textPaths = paths.filter((path) => typeof at(body, path) === 'string');
  return fc.oneof(
    fc.tuple(fc.constantFrom(...paths), fc.oneof(ODD_VALUE, fc.constant(DELETE))).map(([path, value]) => setAt(body, path, value)),
    fc.tuple(fc.string({ maxLength: 12 }), ODD_VALUE).map(([key, value]) => ({ ...body, [key]: value })),
    ...(textPaths.length ? [fc.tuple(fc.constantFrom(...textPaths), TEXT).map(([path, suffix]) => setAt(body, path, `${at(body, path)}${suffix}`))] : []),
  );
}

type Sent = { raw?: string; contentType?: string };

const asJson = (value: unknown): Sent => {
  const raw = JSON.stringify(value);
  return raw === undefined ? {} : { raw, contentType: 'application/json' };
};

function bodyFor(route: Route) {
  const valid = VALID_BODIES[`${route.method} ${route.path}`];
  // fetch, like browsers, refuses a body on a GET.
  if (route.method === 'GET') return fc.constant<Sent>({});
  const anyBody = fc.oneof(fc.anything().map(asJson), fc.json().map((raw) => ({ raw, contentType: 'application/json' })));
  if (!valid) return fc.oneof({ weight: 4, arbitrary: fc.constant<Sent>({}) }, { weight: 1, arbitrary: anyBody });
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant(asJson(valid())) },
    { weight: 4, arbitrary: mutationOf(valid).map(asJson) },
    { weight: 1, arbitrary: anyBody },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', 'multipart/form-data'), TEXT)
        .map(([contentType, raw]) => ({ raw, contentType })),
    },
  );
}

function queryFor(route: Route) {
  const known = route.query ? Object.keys((route.query as unknown as { shape: object }).shape) : [];
  const names = known.length ? fc.oneof(fc.constantFrom(...known), fc.string({ maxLength: 8 })) : fc.string({ maxLength: 8 });
  const pairs = fc.dictionary(names, fc.oneof(SHORT_TEXT, fc.constantFrom('0', '-1', '1.5', '1e9', '2026-02-30', 'current', 'ended')), { maxKeys: 3 });
  return fc.oneof(
    { weight: 4, arbitrary: fc.constant('') },
    { weight: 2, arbitrary: pairs.map((query) => new URLSearchParams(query).toString()) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 60 }).map((raw) => raw.replace(/#/g, '')) },
  );
}

/** The version last read, a made-up one, or a malformed header: as a real client could send. */
const CURRENT_VERSION = 'current';
const ifMatch = fc.oneof(
  { weight: 3, arbitrary: fc.constant(CURRENT_VERSION) },
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.nat().map((n) => `"${n}"`) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 30 }) },
);

describe('whatever a signed-in member sends, GPS answers a clear 4xx or a success, never a 5xx, and stores nothing invalid', async () => {
  // One member makes every route's file and fuzzes them all: far past a working day's quotas, which abuse.test.ts checks.
  const api = await testApi({ quotas: { lookups: 100_000, creations: 100_000, joins: 100_000, leaves: 100_000, personWrites: 100_000 } });
  const camille = await api.as();
  const colleague = await api.as();
  const applicant = await api.as({ organization: SIAE });
  const answered = new Map<string, number[]>();
  let groups = 0;

  /** A fresh group per route, so that a fuzzed "leave the group" does not starve the routes after it. */
  async function group() {
    groups += 1;
    const lastName = `Fuzz${String.fromCharCode(...[...String(groups)].map((digit) => 97 + Number(digit)))}`;
    const person = (await camille.call('POST', '/persons', { body: { ...newPerson({ lastName }), reason: 'Suivi' } })).body;
    await colleague.call('POST', `/persons/${person.id}/members`, { body: { reason: 'Accompagnement RSA' } });
    await applicant.call('POST', `/persons/${person.id}/members`, { body: { reason: 'Parcours IAE' } });
    const invitation = (await colleague.call('POST', `/persons/${person.id}/invitations`, { body: { email: `invite.${groups}@exemple.fr` } })).body;
    // The person themself, for the routes of their own space, with a need of theirs.
    const herself = await api.asPerson({ given_name: person.identity.firstName, family_name: lastName, birthdate: person.identity.birthDate });
    const need = (await herself.call('POST', '/my-file/needs', { body: { text: 'Passer le permis.', category: 'mobilite' } })).body;
    return { id: person.id as string, proId: applicant.id, invitationId: invitation.id as string, needId: need.id as string, herself };
  }

  // The documentation is static and takes no input; the page's sign-in (/auth/…) is not
  // configured on this stack (every call is a 404) and is driven by cookies and redirects,
  // which tests/unit/sign-in.test.ts covers. The public statistics take a query: fuzzed too.
  for (const route of routes.filter((r) => !r.public || r.path.startsWith('/public/'))) {
    const key = `${route.method} ${route.path}`;

    it(`${key}: any path, query, body or If-Match`, async () => {
      const ids = await group();
      const params = fc.record({
        id: segment(ids.id),
        proId: fc.oneof(segment(ids.proId), fc.constant(colleague.id), fc.constant(camille.id)),
        invitationId: segment(ids.invitationId),
        needId: segment(ids.needId),
      });
      const statuses: number[] = [];
      answered.set(key, statuses);

      await fc.assert(
        fc.asyncProperty(params, queryFor(route), bodyFor(route), ifMatch, async (values, query, body, version) => {
          const path = route.path.replace(/\{(\w+)\}/g, (_, name: keyof typeof values) => values[name]);
          const headers: Record<string, string> = body.contentType ? { 'Content-Type': body.contentType } : {};
          if (route.headers && version !== undefined) {
            headers['If-Match'] = version === CURRENT_VERSION ? `"${(await getPerson(api.store, ids.id))?.version}"` : version;
          }
          const caller = route.person ? ids.herself : camille;
          const response = await caller.call(route.method, `${path}${query ? `?${query}` : ''}`, { headers, ...(body.raw === undefined ? {} : { rawBody: body.raw }) });
          statuses.push(response.status);

          const seen = `${route.method} ${path.slice(0, 200)}?${query.slice(0, 100)} ${body.raw?.slice(0, 200)} → ${response.status} ${JSON.stringify(response.body).slice(0, 300)}`;
          expect(response.status, seen).toBeLessThan(500);
          if (response.status >= 300) expectFrenchProblem(response, seen);
          else expect(response.headers.get('content-type'), seen).toMatch(route.path.endsWith('.csv') ? /^text\/csv/ : /^application\/json/);
        }),
        { numRuns: RUNS, interruptAfterTimeLimit: 40_000 },
      );

      // A fuzz that only ever hits the validation would prove little about the handlers.
      expect(statuses.filter((status) => status !== 400).length, `${key}: ${statuses.join(' ')}`).toBeGreaterThan(0);
    }, 60_000);
  }

  it('leaves only valid items in the table', async () => {
    const items = await scanTable(api.store);

    expect(invalidItems(items)).toEqual([]);
    expect(items.filter((item) => item.entity === 'person').length).toBeGreaterThan(groups);
  });

  afterAll(() => {
    const tally = [...answered].map(([key, statuses]) => {
      const counts = new Map<number, number>();
      for (const status of statuses.toSorted()) counts.set(status, (counts.get(status) ?? 0) + 1);
      return `${key.padEnd(52)} ${[...counts].map(([status, count]) => `${status}×${count}`).join(' ')}`;
    });
    console.info(`Fuzz, ${RUNS} requests per route:\n${tally.join('\n')}`);
  });
});
