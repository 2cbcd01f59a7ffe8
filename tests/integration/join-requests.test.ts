import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { inboxEntriesOf, putInboxEntry, retireInboxEntry } from '#store/inbox.ts';
import { readCard } from '#store/persons.ts';
import { rebuildInboxes, updateInbox, wantedEntries } from '../../functions/workers/update-inbox.ts';
import { newPerson } from '#tests/support/fixtures.ts';
import { PORTAL_ISSUER, testApi, type Professional } from '#tests/support/api.ts';
import { byEntity, invalidItems, scanTable } from '#tests/support/stored-items.ts';
import { testWorkers } from '#tests/support/workers.ts';

const SIAE = { siret: '44306184100047', name: 'Envie Rhône', kind: 'siae', departement: '69' } as const;
const ADMIN_EMAIL = 'dpo@exemple.gouv.fr';

type JoinRequest = { personId: string; person: { firstName: string; lastName: string; birthDate: string }; requester: { proId: string; status: string; reason: string } };

/**
 * « Demandes à traiter » answers from an inbox the stream consumer keeps: one entry per
 * (active member, pending request). The consumer runs when a test drains the stream, as the
 * deployed one does a moment after each write.
 */
describe('GET /join-requests: the requests waiting for my answer, from the inbox', async () => {
  const api = await testApi({ administrators: [`${PORTAL_ISSUER}#${ADMIN_EMAIL}`] });
  const workers = await testWorkers(api.store);
  let names = 0;
  const file = async (creator?: Professional) => {
    const owner = creator ?? (await api.as());
    const lastName = `Boite${String.fromCharCode(97 + (names++ % 26))}${String.fromCharCode(97 + Math.floor(names / 26))}`;
    const created = await owner.call('POST', '/persons', { body: { ...newPerson({ lastName }), reason: 'Accompagnement' } });
    expect(created.status).toBe(201);
    return { owner, personId: created.body.id as string, lastName };
  };
  const ask = async (personId: string) => {
    const requester = await api.as({ organization: SIAE });
    expect((await requester.call('POST', `/persons/${personId}/members`, { body: { reason: 'Parcours IAE' } })).status).toBe(202);
    return requester;
  };
  const joinDirectly = async (personId: string) => {
    const member = await api.as();
    expect((await member.call('POST', `/persons/${personId}/members`, { body: { reason: 'Suivi RSA' } })).status).toBe(201);
    return member;
  };
  const inboxOf = async (pro: Professional) => {
    const response = await pro.call('GET', '/join-requests');
    expect(response.status).toBe(200);
    return response.body as JoinRequest[];
  };
  /** Who holds a live entry for which requester, of one person: `member→requester`. */
  const entriesOf = async (personId: string) =>
    byEntity(await scanTable(api.store), 'inbox_entry')
      .filter((item) => item.personId === personId && item.GSI1PK !== undefined)
      .map((item) => `${item.memberProId}→${item.requester.proId}`)
      .sort();
  const pairs = (members: Professional[], requesters: Professional[]) => members.flatMap((m) => requesters.map((r) => `${m.id}→${r.id}`)).sort();

  it('a request reaches every active member’s inbox, as they see the person, and leaves all of them once accepted', async () => {
    const { owner, personId, lastName } = await file();
    const colleague = await joinDirectly(personId);
    const requester = await ask(personId);
    await workers.drain();

    expect(await entriesOf(personId)).toEqual(pairs([owner, colleague], [requester]));
    for (const member of [owner, colleague]) {
      expect(await inboxOf(member)).toEqual([
        {
          personId,
          person: { firstName: 'Léa', lastName, birthDate: '1994-03-12' },
          requester: expect.objectContaining({ proId: requester.id, status: 'pending', reason: 'Parcours IAE', organization: SIAE }),
        },
      ]);
    }
    expect(await inboxOf(requester)).toEqual([]);
    const entries = byEntity(await scanTable(api.store), 'inbox_entry');
    expect(entries.length).toBeGreaterThan(0);
    expect(invalidItems(entries)).toEqual([]);

    expect((await colleague.call('POST', `/persons/${personId}/join-requests/${requester.id}/accept`)).status).toBe(200);
    await workers.drain();
    expect(await entriesOf(personId)).toEqual([]);
    for (const member of [owner, colleague, requester]) expect(await inboxOf(member)).toEqual([]);
  });

  it('a declined request leaves every member’s inbox', async () => {
    const { owner, personId } = await file();
    const colleague = await joinDirectly(personId);
    const requester = await ask(personId);
    await workers.drain();
    expect(await entriesOf(personId)).toEqual(pairs([owner, colleague], [requester]));

    expect((await owner.call('POST', `/persons/${personId}/join-requests/${requester.id}/decline`)).status).toBe(200);
    await workers.drain();
    expect(await entriesOf(personId)).toEqual([]);
    for (const member of [owner, colleague]) expect(await inboxOf(member)).toEqual([]);
  });

  it('a member who leaves, or is removed, no longer holds the group’s requests; the others still do', async () => {
    const { owner, personId } = await file();
    const leaving = await joinDirectly(personId);
    const removed = await joinDirectly(personId);
    const requester = await ask(personId);
    await workers.drain();
    expect(await entriesOf(personId)).toEqual(pairs([owner, leaving, removed], [requester]));

    expect((await leaving.call('PATCH', `/persons/${personId}/members/me`, { body: { ended: true } })).status).toBe(200);
    expect((await owner.call('POST', `/persons/${personId}/members/${removed.id}/remove`, { body: { reason: 'Ne suit pas cette personne' } })).status).toBe(200);
    await workers.drain();

    expect(await entriesOf(personId)).toEqual(pairs([owner], [requester]));
    expect((await inboxOf(owner)).map((request) => request.requester.proId)).toEqual([requester.id]);
    for (const former of [leaving, removed]) expect(await inboxOf(former)).toEqual([]);
  });

  it('a new member gets the group’s pending requests, and so does an accepted requester', async () => {
    const { owner, personId } = await file();
    const first = await ask(personId);
    const second = await ask(personId);
    await workers.drain();

    const newcomer = await joinDirectly(personId);
    expect((await owner.call('POST', `/persons/${personId}/join-requests/${first.id}/accept`)).status).toBe(200);
    await workers.drain();

    expect(await entriesOf(personId)).toEqual(pairs([owner, newcomer, first], [second]));
    for (const member of [newcomer, first]) expect((await inboxOf(member)).map((request) => request.requester.proId)).toEqual([second.id]);
  });

  it('pages oldest first; the next page is in the Link header, its cursor mine only', async () => {
    const owner = await api.as();
    const requested: string[] = [];
    for (let index = 0; index < 3; index += 1) {
      const { personId } = await file(owner);
      await ask(personId);
      requested.push(personId);
    }
    await workers.drain();

    const first = await owner.call('GET', '/join-requests?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.map((request: JoinRequest) => request.personId)).toEqual(requested.slice(0, 2));
    const next = /^<([^>]+)>; rel="next"$/.exec(first.headers.get('link') ?? '')?.[1];
    expect(next).toMatch(/^\/join-requests\?cursor=[\w-]+&limit=2$/);

    const second = await owner.call('GET', next!);
    expect(second.body.map((request: JoinRequest) => request.personId)).toEqual(requested.slice(2));
    expect(second.headers.get('link')).toBeNull();

    const stranger = await api.as();
    expect((await stranger.call('GET', next!)).status).toBe(400);
  });

  it('erasing the person takes their requests out of every inbox: nothing of them stays', async () => {
    const { owner, personId } = await file();
    const colleague = await joinDirectly(personId);
    await ask(personId);
    await workers.drain();
    expect(await entriesOf(personId)).toHaveLength(2);

    const admin = await api.as({ email: ADMIN_EMAIL, firstName: 'Dominique', lastName: 'Protection' });
    expect((await admin.call('POST', `/admin/persons/${personId}/erase`, { body: { reason: 'person_request' } })).status).toBe(200);
    await workers.drain();

    expect(await entriesOf(personId)).toEqual([]);
    for (const member of [owner, colleague]) expect((await inboxOf(member)).filter((request) => request.personId === personId)).toEqual([]);
    // What is left until TTL removes it: ids and dates, as the anonymized audit keeps.
    const retired = byEntity(await scanTable(api.store), 'inbox_entry').filter((item) => item.personId === personId);
    expect(retired).toHaveLength(2);
    for (const item of retired) {
      expect(Object.keys(item).sort()).toEqual(['PK', 'SK', 'entity', 'expiresAtEpoch', 'memberProId', 'memberSince', 'personId', 'requestedAt', 'retiredAt', 'schemaVersion']);
      expect(JSON.stringify(item)).not.toMatch(/Boite|Léa|1994|Parcours/);
    }
    expect(invalidItems(retired)).toEqual([]);
  });

  it('the stream read again from its start changes nothing', async () => {
    const { owner, personId } = await file();
    await ask(personId);
    const accepted = await ask(personId);
    await joinDirectly(personId);
    expect((await owner.call('POST', `/persons/${personId}/join-requests/${accepted.id}/accept`)).status).toBe(200);
    await workers.drain();
    const before = byEntity(await scanTable(api.store), 'inbox_entry');
    expect(before.length).toBeGreaterThan(0);

    const replay = await testWorkers(api.store);
    await replay.drain();
    expect(byEntity(await scanTable(api.store), 'inbox_entry')).toEqual(before);
  });

  it('a write decided on a view that is no longer true is refused: no answered request comes back, no pending one goes', async () => {
    const { owner, personId } = await file();
    const requester = await ask(personId);
    const before = wantedEntries(await readCard(api.store, personId));
    expect(before.map((entry) => entry.memberProId)).toEqual([owner.id]);
    expect((await owner.call('POST', `/persons/${personId}/join-requests/${requester.id}/accept`)).status).toBe(200);

    // A late record's consumer, which read the group before the answer:
    expect(await putInboxEntry(api.store, before[0]!, undefined)).toBe(false);
    expect((await inboxEntriesOf(api.store, personId)).live).toEqual([]);

    const second = await ask(personId);
    await workers.drain();
    const entries = (await inboxEntriesOf(api.store, personId)).live;
    // The accepted requester is a member now: they have the second request too.
    expect(entries.map((entry) => `${entry.memberProId}→${entry.requester.proId}`).sort()).toEqual(pairs([owner, requester], [second]));
    const entry = entries.find((candidate) => candidate.memberProId === owner.id)!;
    // …and one that thinks the pending request's entry is another, older one:
    expect(await retireInboxEntry(api.store, { ...entry, memberSince: before[0]!.requestedAt })).toBe(false);
    expect((await inboxEntriesOf(api.store, personId)).live).toEqual(entries);
  });

  it('concurrent updates of one group, as from several shards at once, end in exactly the entries its links call for', async () => {
    const { owner, personId } = await file();
    const members = [owner, await joinDirectly(personId), await joinDirectly(personId)];
    const requesters = [await ask(personId), await ask(personId)];

    await Promise.all(Array.from({ length: 4 }, () => updateInbox(api.store, personId)));

    expect(await entriesOf(personId)).toEqual(pairs(members, requesters));
    expect(invalidItems(byEntity(await scanTable(api.store), 'inbox_entry'))).toEqual([]);
    const settled = await inboxEntriesOf(api.store, personId);
    await workers.drain();
    expect(await inboxEntriesOf(api.store, personId)).toEqual(settled);
    expect(settled.retired.size).toBe(0);
  });

  it('the rebuild brings back the requests of a table whose inbox is missing (made before it existed)', async () => {
    const { owner, personId } = await file();
    const requester = await ask(personId);
    await workers.drain();
    for (const item of byEntity(await scanTable(api.store), 'inbox_entry')) {
      await api.store.doc.send(new DeleteCommand({ TableName: api.store.table, Key: { PK: item.PK, SK: item.SK } }));
    }
    expect(await inboxOf(owner)).toEqual([]);

    const rebuilt = await rebuildInboxes(api.store);

    expect(rebuilt.put).toBeGreaterThanOrEqual(1);
    expect((await inboxOf(owner)).map((request) => request.requester.proId)).toEqual([requester.id]);
    expect(await rebuildInboxes(api.store)).toMatchObject({ put: 0, retired: 0 });
  });
});
