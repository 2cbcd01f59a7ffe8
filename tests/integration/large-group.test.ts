import { BatchWriteCommand, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import type { FollowUp } from '#domain/follow-up.ts';
import type { Professional } from '#domain/professional.ts';
import type { Store } from '#store/client.ts';
import { followUpItem, newFollowUp } from '#store/follow-up-items.ts';
import { join } from '#store/follow-ups.ts';
import { keys, partitions, MEMBER_PREFIX } from '#store/keys.ts';
import { createPerson, getPerson, readCard } from '#store/persons.ts';
import { testApi } from '#tests/support/api.ts';
import { newPerson, registerPro } from '#tests/support/fixtures.ts';
import { expectFrenchProblem } from '#tests/support/problems.ts';
import { countRequests, testStore } from '#tests/support/store.ts';

const FRANCE_TRAVAIL = { siret: '13000548100010', name: 'France Travail Lyon Part-Dieu', kind: 'france_travail', departement: '69' } as const;
const SIAE = { siret: '44306184100047', name: 'Envie Rhône', kind: 'siae', departement: '69' } as const;
/** The cap the issue asks for; the domain's PENDING_REQUESTS_MAX. */
const CAP = 20;

/** As long as the schemas allow, in three-byte characters: what a hostile professional would write. */
const long = (length: number) => '€'.repeat(length);
const longName = (seed: number) => `語${'語'.repeat(98)}${String.fromCharCode(0x4e00 + seed)}`;

/**
 * Links written straight into the person's partition, as the store writes them (followUpItem),
 * with every field at its longest: the partition of the issue, faster than hundreds of sign-ins.
 */
async function flood(store: Store, personId: string, count: number, status: 'pending' | 'declined'): Promise<FollowUp[]> {
  const person = (await getPerson(store, personId))!;
  const template = await registerPro(store, { organization: SIAE });
  const at = store.now().toISOString();
  const links = Array.from({ length: count }, (_, index): FollowUp => {
    const pro: Professional = {
      ...template,
      id: ulid(),
      firstName: longName(index),
      lastName: longName(index + 1),
      jobTitle: long(120),
      organization: { ...SIAE, name: long(200) },
    };
    const link = newFollowUp({ person, pro, reason: long(500), role: long(120), status: 'pending', source: 'self', now: at });
    return status === 'pending' ? link : { ...link, status: 'declined', endedAt: at, endReason: 'declined' };
  });
  const batches = Array.from({ length: Math.ceil(links.length / 25) }, (_, index) => links.slice(index * 25, index * 25 + 25));
  for (let start = 0; start < batches.length; start += 4) {
    await Promise.all(
      batches.slice(start, start + 4).map(async (batch) => {
        let requests = batch.map((link) => ({ PutRequest: { Item: followUpItem(link) } }));
        while (requests.length > 0) {
          const { UnprocessedItems } = await store.doc.send(new BatchWriteCommand({ RequestItems: { [store.table]: requests } }));
          requests = (UnprocessedItems?.[store.table] ?? []) as typeof requests;
        }
      }),
    );
  }
  return links;
}

/** The first page of the card's Query, as readCard sends it. */
const firstPage = (store: Store, personId: string) =>
  store.doc.send(
    new QueryCommand({
      TableName: store.table,
      KeyConditionExpression: 'PK = :pk AND SK >= :members',
      ExpressionAttributeValues: { ':pk': partitions.person(personId), ':members': MEMBER_PREFIX },
      ConsistentRead: true,
    }),
  );

describe('a group whose partition is past one Query page (1 MB)', async () => {
  const api = await testApi();

  it('270 waiting requests with long fields: the card, the members, answers and leaving still work', async () => {
    const creator = await api.as({ organization: FRANCE_TRAVAIL });
    const colleague = await api.as({ organization: FRANCE_TRAVAIL });
    const person = (await creator.call('POST', '/persons', { body: { ...newPerson({ lastName: 'Submergée' }), reason: 'Suivi' } })).body;
    expect((await colleague.call('POST', `/persons/${person.id}/members`, { body: { reason: 'RSA' } })).status).toBe(201);
    const [asker, refused] = [await api.as({ organization: SIAE }), await api.as({ organization: SIAE })];
    for (const pro of [asker, refused]) expect((await pro.call('POST', `/persons/${person.id}/members`, { body: { reason: 'IAE' } })).status).toBe(202);
    // 270 requests of the hostile professional's making (written as before any cap, or through many accounts).
    const flooded = await flood(api.store, person.id, 270, 'pending');

    const page = await firstPage(api.store, person.id);
    expect(page.LastEvaluatedKey, 'the partition must not fit in one page').toBeDefined();
    expect(page.Items!.some((item) => item.entity === 'person'), 'PROFILE sorts last, past the first page').toBe(false);

    expect((await creator.call('GET', `/persons/${person.id}`)).status).toBe(200);
    const members = await creator.call('GET', `/persons/${person.id}/members`);
    expect(members.status).toBe(200);
    expect(members.body).toHaveLength(2 + 2 + 270);

    const accepted = await creator.call('POST', `/persons/${person.id}/join-requests/${asker.id}/accept`);
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body.status).toBe('active');
    expect((await colleague.call('POST', `/persons/${person.id}/join-requests/${refused.id}/decline`)).status).toBe(200);
    expect((await creator.call('POST', `/persons/${person.id}/join-requests/${flooded[0]!.proId}/accept`)).status).toBe(200);
    expect((await creator.call('POST', `/persons/${person.id}/join-requests/${flooded[1]!.proId}/decline`)).status).toBe(200);
    expect((await asker.call('GET', `/persons/${person.id}`)).status).toBe(200);

    const left = await colleague.call('PATCH', `/persons/${person.id}/members/me`, { body: { ended: true } });
    expect(left.status, JSON.stringify(left.body)).toBe(200);
    expect(left.body.status).toBe('ended');
    expect((await asker.call('PATCH', `/persons/${person.id}/members/me`, { body: { ended: true } })).status).toBe(200);

    const after = (await creator.call('GET', `/persons/${person.id}/members`)).body as { proId: string; status: string }[];
    const statusOf = (proId: string) => after.find((member) => member.proId === proId)?.status;
    expect([statusOf(colleague.id), statusOf(asker.id), statusOf(flooded[0]!.proId), statusOf(flooded[1]!.proId)]).toEqual(['ended', 'ended', 'active', undefined]);
    expect(after.filter((member) => member.status === 'pending')).toHaveLength(268);
  }, 120_000);

  it('reads the card page after page, and a group that fits in a page still in one request', async () => {
    const store = await testStore();
    const pro = await registerPro(store);
    const small = await createPerson(store, pro, newPerson({ lastName: 'Petite' }), { reason: 'Suivi' });
    const big = await createPerson(store, pro, newPerson({ lastName: 'Grande' }), { reason: 'Suivi' });
    // Past requests count too: with the cap, a partition past 1 MB is made of declined ones.
    await flood(store, big.id, 300, 'declined');
    expect((await firstPage(store, big.id)).LastEvaluatedKey).toBeDefined();

    const requests = countRequests(store);
    expect((await readCard(store, small.id))?.members).toHaveLength(1);
    expect(requests.count).toBe(1);

    requests.reset();
    const card = await readCard(store, big.id);
    expect(card?.person.id).toBe(big.id);
    expect(card?.members).toHaveLength(301);
    expect(requests.count).toBeGreaterThan(1);
  }, 120_000);
});

describe('at most 20 join requests wait in a group', async () => {
  const api = await testApi();
  const ask = (pro: { call: (...args: any[]) => any }, personId: string) => pro.call('POST', `/persons/${personId}/members`, { body: { reason: 'IAE' } });
  const waitingIn = async (store: Store, personId: string) => (await readCard(store, personId))!.members.filter((m) => m.status === 'pending').length;
  const placesIn = async (store: Store, personId: string) =>
    [...((await store.doc.send(new GetCommand({ TableName: store.table, Key: keys.person(personId), ConsistentRead: true }))).Item?.pendingProIds ?? [])].length;

  it('refuses the 21st with a clear French problem, and takes a request again once a member answered one', async () => {
    const creator = await api.as({ organization: FRANCE_TRAVAIL });
    const person = (await creator.call('POST', '/persons', { body: { ...newPerson({ lastName: 'Plafonnée' }), reason: 'Suivi' } })).body;
    const askers = [];
    for (let index = 0; index < CAP; index += 1) {
      const asker = await api.as({ organization: SIAE });
      expect((await ask(asker, person.id)).status).toBe(202);
      askers.push(asker);
    }

    const late = await api.as({ organization: SIAE });
    const refused = await ask(late, person.id);
    expect(refused.status).toBe(409);
    expectFrenchProblem(refused);
    expect(refused.body.detail).toMatch(/Trop de demandes attendent déjà une réponse dans ce groupe de suivi/);
    expect(refused.body.detail).toMatch(/Contactez un membre du groupe/);
    expect(await waitingIn(api.store, person.id)).toBe(CAP);

    expect((await creator.call('POST', `/persons/${person.id}/join-requests/${askers[0]!.id}/decline`)).status).toBe(200);
    expect((await creator.call('POST', `/persons/${person.id}/join-requests/${askers[1]!.id}/accept`)).status).toBe(200);
    expect((await ask(late, person.id)).status).toBe(202);
    // The declined one asks again: it takes the last place; then the group is full again.
    expect((await ask(askers[0]!, person.id)).status).toBe(202);
    expect((await ask(await api.as({ organization: SIAE }), person.id)).status).toBe(409);
    expect([await waitingIn(api.store, person.id), await placesIn(api.store, person.id)]).toEqual([CAP, CAP]);
  }, 90_000);

  it('holds under simultaneous requests: never more than 20 waiting', async () => {
    const store = await testStore();
    const creator = await registerPro(store);
    const person = await createPerson(store, creator, newPerson({ lastName: 'Assaillie' }), { reason: 'Suivi' });
    const askers = await Promise.all(Array.from({ length: CAP + 10 }, () => registerPro(store, { organization: SIAE })));
    for (const asker of askers.slice(0, CAP - 3)) await join(store, asker, person.id, { reason: 'IAE', mode: 'request', source: 'self' });

    const outcomes = await Promise.allSettled(askers.slice(CAP - 3).map((asker) => join(store, asker, person.id, { reason: 'IAE', mode: 'request', source: 'self' })));

    const admitted = outcomes.filter((outcome) => outcome.status === 'fulfilled').length;
    expect(admitted).toBeGreaterThan(0);
    expect(admitted).toBeLessThanOrEqual(3);
    for (const outcome of outcomes) if (outcome.status === 'rejected') expect((outcome.reason as { kind: string }).kind).toBe('conflict');
    expect(await waitingIn(store, person.id)).toBe(CAP - 3 + admitted);
    expect(await placesIn(store, person.id)).toBe(CAP - 3 + admitted);
  }, 90_000);

  it('a place still held by a request that stopped waiting another way is given back when the cap is reached', async () => {
    const store = await testStore();
    const creator = await registerPro(store);
    const person = await createPerson(store, creator, newPerson({ lastName: 'Réparée' }), { reason: 'Suivi' });
    const askers = await Promise.all(Array.from({ length: CAP + 1 }, () => registerPro(store, { organization: SIAE })));
    for (const asker of askers.slice(0, CAP)) await join(store, asker, person.id, { reason: 'IAE', mode: 'request', source: 'self' });
    // A path that makes the requester a member without giving the place back (an invitation
    // accepted over the pending request does so today): the link alone changes.
    await store.doc.send(
      new UpdateCommand({
        TableName: store.table,
        Key: keys.followUp(person.id, askers[0]!.id),
        UpdateExpression: 'SET #status = :active, GSI1SK = :index',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':active': 'active', ':index': keys.followUpIndex(askers[0]!.id, 'active', store.now().toISOString()).GSI1SK },
      }),
    );

    const link = await join(store, askers[CAP]!, person.id, { reason: 'IAE', mode: 'request', source: 'self' });

    expect(link.status).toBe('pending');
    expect([await waitingIn(store, person.id), await placesIn(store, person.id)]).toEqual([CAP, CAP]);
  }, 90_000);
});
