import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it, vi } from 'vitest';
import type { AuditEvent } from '#domain/audit-event.ts';
import type { Professional } from '#domain/professional.ts';
import { listAuditEvents } from '#store/audit.ts';
import type { Store } from '#store/client.ts';
import { endFollowUp, join } from '#store/follow-ups.ts';
import { createPerson } from '#store/persons.ts';
import { getRecipients } from '#store/preferences.ts';
import { testApi } from '#tests/support/api.ts';
import { newPerson, registerPro } from '#tests/support/fixtures.ts';
import { scanTable } from '#tests/support/stored-items.ts';
import { testStore } from '#tests/support/store.ts';
import { PAGE_URL, testWorkers } from '#tests/support/workers.ts';
import { logger } from '../../functions/observability/logger.ts';
import { notifyAbout } from '../../functions/workers/notify-members.ts';
import type { WorkerDeps } from '../../functions/workers/deps.ts';

const FRANCE_TRAVAIL = { siret: '13000548100010', name: 'France Travail Lyon Part-Dieu', kind: 'france_travail', departement: '69' } as const;
const SIAE = { siret: '44306184100047', name: 'Envie Rhône', kind: 'siae', departement: '69' } as const;
const DAY = 86_400_000;
const JOINED = 'Un nouveau membre a rejoint un groupe de suivi';
const REQUESTED = 'Une demande pour rejoindre un groupe de suivi attend votre réponse';

/** Notices are queued, not sent, here: no SES is needed to read the outbox. */
const workerDeps = (store: Store): WorkerDeps => ({
  store,
  sendEmail: () => Promise.reject(new Error('not sent in this test')),
  mail: { pageUrl: PAGE_URL, invitationSecret: 'unused' },
});

/** The number of keys of each BatchGetItem the store sends. */
function batchGetSizes(store: Store): number[] {
  const sizes: number[] = [];
  store.doc.middlewareStack.add(
    (next) => async (args) => {
      const requested = (args.input as { RequestItems?: Record<string, { Keys?: unknown[] }> }).RequestItems?.[store.table]?.Keys;
      if (requested) sizes.push(requested.length);
      return next(args);
    },
    { step: 'initialize', name: `batchGetSizes-${Math.random()}` },
  );
  return sizes;
}

async function inParallel<T>(count: number, task: (index: number) => Promise<T>, width = 8): Promise<T[]> {
  const results: T[] = [];
  for (let start = 0; start < count; start += width) {
    results.push(...(await Promise.all(Array.from({ length: Math.min(width, count - start) }, (_, offset) => task(start + offset)))));
  }
  return results;
}

const noticesIn = async (store: Store) =>
  (await scanTable(store)).filter((item) => item.entity === 'outbox_email' && String(item.id).startsWith('notice.')).map((item) => item.to as string);

describe('notifications of a large group', () => {
  it('a group of 150 links tells its active members, not past or pending ones, in BatchGets of at most 100 keys', async () => {
    const store = await testStore();
    const creator = await registerPro(store);
    const person = await createPerson(store, creator, newPerson({ lastName: 'Nombreuse' }), { reason: 'Suivi' });
    const active = await inParallel(69, () => registerPro(store));
    const past = await inParallel(60, () => registerPro(store));
    const pending = await inParallel(20, () => registerPro(store, { organization: SIAE }));
    await inParallel(active.length, (index) => join(store, active[index]!, person.id, { reason: 'Suivi', mode: 'direct', source: 'self' }));
    await inParallel(past.length, async (index) => {
      const link = await join(store, past[index]!, person.id, { reason: 'Suivi', mode: 'direct', source: 'self' });
      await endFollowUp(store, link, { reason: 'manual' });
    });
    await inParallel(pending.length, (index) => join(store, pending[index]!, person.id, { reason: 'IAE', mode: 'request', source: 'self' }));
    const newcomer = await registerPro(store);
    await join(store, newcomer, person.id, { reason: 'Suivi', mode: 'direct', source: 'self' });
    const joined = (await listAuditEvents(store, person.id, { limit: 5 })).items.find((event) => event.kind === 'joined' && event.actorId === newcomer.id)!;
    const sizes = batchGetSizes(store);

    const queued = await notifyAbout(workerDeps(store), joined);

    const members = [creator, ...active];
    expect(queued).toBe(members.length);
    // 71 professionals read (the newcomer and 70 members), two keys each: 100 + 42.
    expect(sizes).toEqual([100, 42]);
    const told = await noticesIn(store);
    expect(told.sort()).toEqual(members.map((pro) => pro.email).sort());
    const neverTold = new Set([...past, ...pending, newcomer].map((pro) => pro.email));
    expect(told.filter((email) => neverTold.has(email))).toEqual([]);
  }, 180_000);

  it('keys DynamoDB leaves unprocessed are asked again a few times with backoff, then logged and left out', async () => {
    const store = await testStore();
    const pros: Professional[] = await inParallel(3, () => registerPro(store));
    let calls = 0;
    // DynamoDB throttled for good: every BatchGet answers with all its keys unprocessed.
    store.doc.middlewareStack.add(
      () => async (args) => {
        const input = args.input as { RequestItems: Record<string, { Keys: Record<string, AttributeValue>[] }> };
        calls += 1;
        // An unbounded retry would spin here forever: stop it, so that it fails rather than hangs.
        if (calls > 50) throw new Error('BatchGet retried over 50 times');
        await new Promise((resolve) => setTimeout(resolve, 1));
        const Keys = input.RequestItems[store.table]!.Keys.map((key) => unmarshall(key));
        return { output: { $metadata: {}, Responses: { [store.table]: [] }, UnprocessedKeys: { [store.table]: { Keys } } }, response: {} } as never;
      },
      { step: 'finalizeRequest', name: 'alwaysThrottled' },
    );
    const warn = vi.spyOn(logger, 'warn');

    const found = await getRecipients(store, pros.map((pro) => pro.id));

    expect(found.size).toBe(0);
    expect(calls).toBe(5);
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ message: 'recipients_unread', unread: 3, of: 3 }));
    warn.mockRestore();
  }, 20_000);
});

describe('notices coalesced per recipient, person, kind and day', async () => {
  let clock = new Date('2026-03-02T08:00:00.000Z');
  const tick = (ms = 60_000) => (clock = new Date(clock.getTime() + ms));
  const api = await testApi({ now: () => clock });
  const workers = await testWorkers(api.store);

  it('5 join/leave cycles in a day: each member gets one « a rejoint » e-mail; another day, kind or professional still sends', async () => {
    const referent = await api.as({ organization: FRANCE_TRAVAIL });
    const member = await api.as({ organization: FRANCE_TRAVAIL });
    const person = (await referent.call('POST', '/persons', { body: { ...newPerson({ lastName: 'Agitée' }), reason: 'Suivi' } })).body;
    expect((await member.call('POST', `/persons/${person.id}/members`, { body: { reason: 'RSA' } })).status).toBe(201);
    await workers.drain();
    const already = (await workers.mailbox()).length;
    const subjectsOf = async (who: { claims: { email: string } }) =>
      (await workers.mailbox()).slice(already).filter((email) => email.destination.to[0] === who.claims.email).map((email) => email.subject);

    const mover = await api.as({ organization: FRANCE_TRAVAIL });
    for (let cycle = 0; cycle < 5; cycle += 1) {
      tick();
      expect((await mover.call('POST', `/persons/${person.id}/members`, { body: { reason: 'Suivi' } })).status).toBe(201);
      tick();
      expect((await mover.call('PATCH', `/persons/${person.id}/members/me`, { body: { ended: true } })).status).toBe(200);
    }
    await workers.drain();
    await workers.drain();
    expect(await subjectsOf(referent)).toEqual([JOINED]);
    expect(await subjectsOf(member)).toEqual([JOINED]);

    // Another kind the same day: a request, declined, asked again twice: one e-mail of that kind.
    const asker = await api.as({ organization: SIAE });
    for (let round = 0; round < 3; round += 1) {
      tick();
      expect((await asker.call('POST', `/persons/${person.id}/members`, { body: { reason: 'IAE' } })).status).toBe(202);
      if (round < 2) expect((await referent.call('POST', `/persons/${person.id}/join-requests/${asker.id}/decline`)).status).toBe(200);
    }
    // Another professional joining the same day is news: the e-mail names them.
    const other = await api.as({ organization: FRANCE_TRAVAIL, firstName: 'Nadia', lastName: 'Autre' });
    expect((await other.call('POST', `/persons/${person.id}/members`, { body: { reason: 'Logement' } })).status).toBe(201);
    await workers.drain();
    await workers.drain();
    expect(await subjectsOf(member)).toEqual([JOINED, REQUESTED, JOINED]);
    expect((await workers.mailbox(member.claims.email)).at(-1)!.body.text).toContain('Nadia Autre');

    // The next day, the same professional joining again is told again.
    tick(DAY);
    expect((await mover.call('POST', `/persons/${person.id}/members`, { body: { reason: 'Suivi' } })).status).toBe(201);
    await workers.drain();
    await workers.drain();
    expect(await subjectsOf(referent)).toEqual([JOINED, REQUESTED, JOINED, JOINED]);
    expect(await subjectsOf(member)).toEqual([JOINED, REQUESTED, JOINED, JOINED]);
  }, 90_000);

  it('an event processed twice still queues its e-mails once', async () => {
    const a = await api.as({ organization: FRANCE_TRAVAIL });
    const b = await api.as({ organization: FRANCE_TRAVAIL });
    const person = (await a.call('POST', '/persons', { body: { ...newPerson({ lastName: 'Rejouée' }), reason: 'Suivi' } })).body;
    await b.call('POST', `/persons/${person.id}/members`, { body: { reason: 'RSA' } });
    await workers.drain();
    const joined = (await listAuditEvents(api.store, person.id)).items.find((event: AuditEvent) => event.kind === 'joined')!;

    expect(await notifyAbout(workers.deps, joined)).toBe(0);
  });

  it('the professional who asked is told the answer: who accepted, or only that it was refused; a refused request is listed, showing nothing of the file', async () => {
    const member = await api.as({ organization: FRANCE_TRAVAIL, firstName: 'Camille', lastName: 'Répond' });
    const accepted = await api.as({ organization: SIAE });
    const refused = await api.as({ organization: SIAE });
    const person = (await member.call('POST', '/persons', { body: { ...newPerson({ lastName: 'Réponse' }), reason: 'Suivi' } })).body;
    for (const requester of [accepted, refused]) await requester.call('POST', `/persons/${person.id}/members`, { body: { reason: 'Parcours IAE' } });
    await member.call('POST', `/persons/${person.id}/join-requests/${accepted.id}/accept`);
    await member.call('POST', `/persons/${person.id}/join-requests/${refused.id}/decline`);
    await workers.drain();

    const [yes] = (await workers.mailbox(accepted.claims.email)).filter((mail) => mail.subject.includes('acceptée'));
    const [no, ...more] = (await workers.mailbox(refused.claims.email)).filter((mail) => mail.subject.includes('refusée'));
    expect(yes!.body.text).toContain('Camille Répond, France Travail Lyon Part-Dieu, a accepté votre demande');
    expect(yes!.replyTo).toEqual([member.claims.email]);
    expect(no!.body.text).toContain(`${PAGE_URL}/?liste=refusees`);
    expect(`${no!.body.text}${no!.body.html}`).not.toMatch(/Répond|France Travail|Réponse/);
    expect(no!.replyTo).toEqual([]);
    expect(more).toEqual([]);
    const listed = await refused.call('GET', '/follow-ups?status=declined');
    expect(listed.body.items).toEqual([expect.objectContaining({ personId: person.id, status: 'declined', endReason: 'declined' })]);
    expect(listed.body.items[0].person).toBeUndefined();
  });
});
