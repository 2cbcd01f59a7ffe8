import {
  DynamoDBServiceException,
  InternalServerError,
  ProvisionedThroughputExceededException,
  RequestLimitExceeded,
  ThrottlingException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ulid } from 'ulid';
import { ensureTable, startDynamoDbLocal, type DynamoDbLocal } from '#local/dynamodb-local.ts';
import { createStore } from '#store/client.ts';
import { keys } from '#store/keys.ts';
import { identityDigest } from '#domain/identity.ts';
import { testApi, type Response } from '#tests/support/api.ts';
import { newPerson } from '#tests/support/fixtures.ts';
import { problemFromError } from '#http/problem.ts';
import { expectFrenchProblem } from '#tests/support/problems.ts';
import { byEntity, invalidItems, scanTable } from '#tests/support/stored-items.ts';

// SES down is covered by tests/integration/invitations.test.ts ("SES down: the invitation
// stays, is retried, and is delivered once when SES is back"): the invitation is stored and
// queued in one transaction, retried after the outage, and sent exactly once.

const IDENTITY_SECRET = 'faults-identity-secret';
const WRITERS = 8;
/** Successes before the store is stopped: the outage then cuts into writes in flight. */
const ACCEPTED_BEFORE_OUTAGE = 15;

/** A distinct, valid last name per creation. */
const nameOf = (n: number) => `Panne${[...String(n)].map((digit) => String.fromCharCode(97 + Number(digit))).join('')}`;

describe('when DynamoDB stops in the middle of writes', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gps-faults-'));
  let dynamoDb: DynamoDbLocal = await startDynamoDbLocal({ dataDir });
  afterAll(async () => {
    await dynamoDb.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const table = `gps-faults-${ulid()}`;
  await ensureTable(dynamoDb.endpoint, table);
  const api = await testApi({ store: createStore({ endpoint: dynamoDb.endpoint, table, identitySecret: IDENTITY_SECRET }) });
  const camille = await api.as();

  const created: string[] = [];
  const refused: { response: Response; seconds: number }[] = [];
  let attempts = 0;

  it('every refused request is a 503 problem with a French explanation and Retry-After, within seconds', async () => {
    let stopping: Promise<void> | undefined;
    const deadline = Date.now() + 30_000;
    await Promise.all(
      Array.from({ length: WRITERS }, async () => {
        while ((!refused.length || !stopping) && Date.now() < deadline) {
          attempts += 1;
          const started = Date.now();
          const response = await camille.call('POST', '/persons', { body: { ...newPerson({ lastName: nameOf(attempts) }), reason: 'Suivi' } });
          if (response.status === 201) created.push(response.body.id);
          else refused.push({ response, seconds: (Date.now() - started) / 1000 });
          if (created.length >= ACCEPTED_BEFORE_OUTAGE) stopping ??= dynamoDb.stop();
        }
      }),
    );
    await stopping;

    expect(created.length).toBeGreaterThanOrEqual(ACCEPTED_BEFORE_OUTAGE);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    for (const { response, seconds } of refused) {
      expect(response.status, JSON.stringify(response.body)).toBe(503);
      expectFrenchProblem(response);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(seconds).toBeLessThan(10);
    }
  }, 60_000);

  it('after a restart on the same data, each person is there whole (guard, link, audit) or not at all', async () => {
    dynamoDb = await startDynamoDbLocal({ dataDir });
    const store = createStore({ endpoint: dynamoDb.endpoint, table, identitySecret: IDENTITY_SECRET });
    const items = await scanTable(store);
    const persons = byEntity(items, 'person');
    const has = (entity: string, predicate: (item: Record<string, any>) => boolean) => items.some((item) => item.entity === entity && predicate(item));

    expect(invalidItems(items)).toEqual([]);
    expect(persons.map((person) => person.id)).toEqual(expect.arrayContaining(created));
    for (const person of persons) {
      const guard = keys.identityGuard(identityDigest(IDENTITY_SECRET, person.identity));
      expect(has('identity_guard', (item) => item.PK === guard.PK && item.personId === person.id), `guard of ${person.id}`).toBe(true);
      expect(has('follow_up', (link) => link.personId === person.id && link.proId === camille.id), `link of ${person.id}`).toBe(true);
      expect(has('audit_event', (event) => event.personId === person.id && event.kind === 'person_created'), `audit of ${person.id}`).toBe(true);
    }
    const ids = new Set(persons.map((person) => person.id));
    for (const part of [...byEntity(items, 'identity_guard'), ...byEntity(items, 'follow_up'), ...byEntity(items, 'audit_event')]) {
      expect(ids.has(part.personId), `${part.PK} ${part.SK} without its person`).toBe(true);
    }
  }, 60_000);
});

describe('DynamoDB overloaded or failing, as the SDK reports it after its own retries', () => {
  const $metadata = { httpStatusCode: 400, attempts: 3 };
  const message = 'raised by the SDK';

  it.each([
    ['throttled', new ThrottlingException({ message, $metadata })],
    ['over its provisioned throughput', new ProvisionedThroughputExceededException({ message, $metadata })],
    ['over the account’s request limit', new RequestLimitExceeded({ message, $metadata })],
    ['failing inside', new InternalServerError({ message, $metadata })],
    ['unavailable', new DynamoDBServiceException({ name: 'ServiceUnavailable', $fault: 'server', message, $metadata })],
    [
      'throttling one item of a transaction',
      new TransactionCanceledException({ message, $metadata, CancellationReasons: [{ Code: 'None' }, { Code: 'ThrottlingError' }] }),
    ],
  ])('%s → 503 with Retry-After', (_, error) => {
    const { problem, headers } = problemFromError(error);

    expect(problem).toMatchObject({ status: 503, type: '/docs#probleme-unavailable' });
    expect(Number(headers['Retry-After'])).toBeGreaterThan(0);
  });

  it('a transaction cancelled as invalid is not mistaken for an outage', () => {
    const error = new TransactionCanceledException({ message, $metadata, CancellationReasons: [{ Code: 'ValidationError' }] });
    expect(problemFromError(error).problem.status).toBe(500);
  });
});

describe('requests malformed in ways tests/api/malformed-input.test.ts does not try', async () => {
  const api = await testApi();
  const camille = await api.as();
  const send = (rawBody: string, contentType = 'application/json') => camille.call('POST', '/persons/lookup', { rawBody, headers: { 'Content-Type': contentType } });
  const identity = JSON.stringify(newPerson().identity);

  it.each([
    ['arrays nested 30,000 deep, just under the size limit', `${'['.repeat(30_000)}${']'.repeat(30_000)}`],
    ['a byte-order mark before the JSON', `\uFEFF${identity}`],
    ['two JSON documents in a row', `${identity}${identity}`],
    ['a number too large for a double', `{"firstName":1e999}`],
    ['a lone surrogate escaped in a string', identity.replace('Léa', 'L\\ud800a')],
  ])('%s → 4xx problem', async (_, body) => {
    const response = await send(body);

    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expectFrenchProblem(response);
  });

  it('JSON with a charset parameter is accepted', async () => {
    expect((await send(identity, 'application/json; charset=utf-8')).status).toBe(200);
  });
});
