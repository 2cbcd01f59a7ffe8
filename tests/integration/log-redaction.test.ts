import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createStore, type Store } from '#store/client.ts';
import { getOutboxEmail } from '#store/outbox.ts';
import { newPerson } from '#tests/support/fixtures.ts';
import { TEST_INVITATION_SECRET, testApi } from '#tests/support/api.ts';
import { byEntity, scanTable } from '#tests/support/stored-items.ts';
import { deliverEmail } from '../../functions/workers/deliver-email.ts';
import type { WorkerDeps } from '../../functions/workers/deps.ts';
import { processRecords } from '../../functions/workers/stream-consumer.ts';
import { dynamoDbEndpoint } from '#tests/support/store.ts';

const NIR = '2 87 06 69 123 456 78';
const PERSON_EMAIL = 'eulalie.quincampoix@exemple.fr';
const PERSON_PHONE = '06 98 76 54 32';
const EMAIL_ADDRESS = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/;
const FRENCH_PHONE = /(?<!\d)0[1-9](?:[\s.]?\d{2}){4}(?!\d)/;

/**
 * A store on the same table whose requests fail when `fails(input)` says so, with an error
 * that echoes everything the request carried, as a DynamoDB validation error may.
 */
function echoingStore(table: string, fails: (input: Record<string, any>) => boolean): Store {
  const store = createStore({ endpoint: dynamoDbEndpoint(), table, identitySecret: 'test-identity-secret' });
  store.doc.middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as Record<string, any>;
      if (fails(input)) throw Object.assign(new Error(`ValidationException: invalid request ${JSON.stringify(input)}`), { name: 'ValidationException', input });
      return next(args);
    },
    { step: 'initialize', name: 'echoingFailure' },
  );
  return store;
}

/** What the logger writes (Powertools writes through its own console on stdout and stderr). */
function captureLogs() {
  const lines: string[] = [];
  const capture = (chunk: unknown) => {
    lines.push(...String(chunk).split('\n').filter((line) => line.includes('"service":"gps"')));
    return true;
  };
  beforeEach(() => {
    lines.length = 0;
    vi.spyOn(process.stdout, 'write').mockImplementation(capture);
    vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  });
  afterEach(() => vi.restoreAllMocks());
  return {
    /** The one line the logger wrote, and what it says. */
    single: () => {
      expect(lines).toHaveLength(1);
      return { line: lines[0]!, entry: JSON.parse(lines[0]!) };
    },
  };
}

/** No NIR, no e-mail address, no phone number, and none of the names given. */
const expectNothingPersonal = (line: string, names: string[] = []) => {
  expect(line.replace(/\s/g, '')).not.toContain(NIR.replace(/\s/g, ''));
  expect(line).not.toMatch(EMAIL_ADDRESS);
  expect(line).not.toMatch(FRENCH_PHONE);
  for (const name of names) expect(line).not.toContain(name);
};

describe('logs never hold personal data', async () => {
  const api = await testApi();
  const camille = await api.as();
  const logs = captureLogs();

  it('a request failing on a value-echoing store error: level, route and error name kept, no NIR, e-mail or phone', async () => {
    const failing = await testApi({ store: echoingStore(api.store.table, (input) => JSON.stringify(input).includes(PERSON_EMAIL)) });
    const me = await failing.as(camille.claims);
    const response = await me.call('POST', '/persons', {
      body: {
        ...newPerson({ lastName: 'Quincampoix' }),
        contact: { email: PERSON_EMAIL, phone: PERSON_PHONE },
        summary: `NIR ${NIR}, joignable au ${PERSON_PHONE}`,
        reason: 'Suivi',
      },
    });

    expect(response.status).toBe(500);
    const { line, entry } = logs.single();
    expect(entry).toMatchObject({ level: 'ERROR', service: 'gps', message: 'request_failed', route: 'POST /persons', status: 500, error: { name: 'ValidationException' } });
    expect(entry.error.message).toMatch(/^ValidationException: invalid request/);
    expectNothingPersonal(line, ['Quincampoix', camille.claims.lastName]);
  });

  it('the stream consumer failing on a record: the error is logged without the e-mail it echoes', async () => {
    const person = (await camille.call('POST', '/persons', { body: { ...newPerson({ lastName: 'Flux' }), reason: 'Suivi' } })).body;
    const colleague = await api.as({ organization: { siret: '22690001700012', name: 'Département du Rhône', kind: 'conseil_departemental', departement: '69' } });
    await colleague.call('POST', `/persons/${person.id}/members`, { body: { reason: 'RSA' } });
    const joined = byEntity(await scanTable(api.store), 'audit_event').find((item) => item.personId === person.id && item.kind === 'joined')!;
    // Notifying Camille queues an e-mail to her address: that write fails, echoing it.
    const store = echoingStore(api.store.table, (input) => input.Item?.entity === 'outbox_email');
    const deps: WorkerDeps = { store, sendEmail: async () => 'unused', mail: { pageUrl: 'https://gps.exemple.fr', invitationSecret: TEST_INVITATION_SECRET } };
    const record: DynamoDBRecord = { eventID: 'record-1', eventName: 'INSERT', dynamodb: { NewImage: marshall(joined) as never, SequenceNumber: '42' } };

    expect(await processRecords(deps, [record])).toEqual({ batchItemFailures: [{ itemIdentifier: '42' }] });

    const { line, entry } = logs.single();
    expect(entry).toMatchObject({ level: 'ERROR', message: 'stream_record_failed', eventID: 'record-1', error: { name: 'ValidationException' } });
    expect(JSON.stringify(entry.error.input)).toMatch(/masqué/);
    expectNothingPersonal(line, [colleague.claims.lastName]);
  });

  it('an e-mail SES refuses: logged as a warning without the address SES names', async () => {
    const person = (await camille.call('POST', '/persons', { body: { ...newPerson({ lastName: 'Courriel' }), reason: 'Suivi' } })).body;
    const invitation = (await camille.call('POST', `/persons/${person.id}/invitations`, { body: { email: 'thomas.petit@envie.fr' } })).body;
    const deps: WorkerDeps = {
      store: api.store,
      sendEmail: async (to) => {
        // SES's own wording, which names the address.
        throw Object.assign(new Error(`Email address is not verified. The following identities failed the check in region EU-WEST-3: ${to}`), { name: 'MessageRejected' });
      },
      mail: { pageUrl: 'https://gps.exemple.fr', invitationSecret: TEST_INVITATION_SECRET },
    };

    expect(await deliverEmail(deps, `invitation.${invitation.id}`)).toBe('retry');

    const { line, entry } = logs.single();
    expect(entry).toMatchObject({ level: 'WARN', message: 'email_not_sent', outcome: 'retry', attempts: 1, error: { name: 'MessageRejected' } });
    expect(entry.error.message).toMatch(/failed the check in region EU-WEST-3: \[masqué\]$/);
    expectNothingPersonal(line);
    expect((await getOutboxEmail(api.store, `invitation.${invitation.id}`))?.status).toBe('queued');
  });
});
