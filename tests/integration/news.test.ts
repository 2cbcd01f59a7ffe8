import { describe, expect, it } from 'vitest';
import { listAuditEvents } from '#store/audit.ts';
import { listFollowUps } from '#store/follow-ups.ts';
import { testApi } from '#tests/support/api.ts';
import { newPerson } from '#tests/support/fixtures.ts';
import { countRequests } from '#tests/support/store.ts';
import { testWorkers } from '#tests/support/workers.ts';
import { spreadNews } from '../../functions/workers/spread-news.ts';

const DEPARTEMENT = { siret: '22690001700012', name: 'Département du Rhône', kind: 'conseil_departemental', departement: '69' } as const;

describe('« Du nouveau depuis votre dernière visite »', async () => {
  const api = await testApi();
  const workers = await testWorkers(api.store);

  it('a colleague adds an action and another joins: my list says what changed, in its one Query; opening the file clears it', async () => {
    const me = await api.as();
    const colleague = await api.as({ organization: DEPARTEMENT });
    const newcomer = await api.as({ organization: DEPARTEMENT });
    const { body: file } = await me.call('POST', '/persons', { body: { ...newPerson({ lastName: 'Nouvelles' }), reason: 'Accompagnement RSA' } });
    const { body: quiet } = await me.call('POST', '/persons', { body: { ...newPerson({ lastName: 'Calme' }), reason: 'Accompagnement RSA' } });
    await colleague.call('POST', `/persons/${file.id}/members`, { body: { reason: 'RSA' } });
    await workers.drain();
    expect((await me.call('GET', `/persons/${file.id}`)).status).toBe(200);
    expect((await me.call('GET', `/persons/${quiet.id}`)).status).toBe(200);

    await colleague.call('POST', `/persons/${file.id}/actions`, { body: { date: '2026-11-20', category: 'emploi', text: 'Entretien de suivi' } });
    await newcomer.call('POST', `/persons/${file.id}/members`, { body: { reason: 'Logement' } });
    await workers.drain();

    const all = (await me.call('GET', '/follow-ups')).body.items;
    const changed = await me.call('GET', '/follow-ups?changed=true');
    const requests = countRequests(api.store);
    const page = await listFollowUps(api.store, me.id, 'current', { changed: true });

    expect(all.find((item: { personId: string }) => item.personId === file.id).news.toSorted()).toEqual(['action', 'member']);
    expect(all.find((item: { personId: string }) => item.personId === quiet.id).news).toBeUndefined();
    expect(changed.body.items.map((item: { personId: string }) => item.personId)).toEqual([file.id]);
    expect(requests.count).toBe(1);
    expect(page.items.map((link) => link.personId)).toEqual([file.id]);
    // Who acted has nothing new from their own action; the other members do.
    const colleagueFile = (await colleague.call('GET', '/follow-ups')).body.items.find((item: { personId: string }) => item.personId === file.id);
    expect(colleagueFile.news).toEqual(['member']);
    // And nobody else sees my news: the members list carries none.
    expect(JSON.stringify((await colleague.call('GET', `/persons/${file.id}/members`)).body)).not.toMatch(/"news"|seenAt/);

    expect((await me.call('GET', `/persons/${file.id}`)).status).toBe(200);
    const after = (await me.call('GET', '/follow-ups')).body.items.find((item: { personId: string }) => item.personId === file.id);
    expect(after.news).toBeUndefined();
    expect((await me.call('GET', '/follow-ups?changed=true')).body.items).toEqual([]);

    // The stream replayed: what I saw since does not come back.
    const [action] = (await listAuditEvents(api.store, file.id)).items.filter((event) => event.kind === 'action_added');
    expect(await spreadNews(workers.deps, action!)).toBe(0);
    expect((await me.call('GET', '/follow-ups?changed=true')).body.items).toEqual([]);
  });

  it('a bad filter is a clear 400', async () => {
    const me = await api.as();
    const response = await me.call('GET', '/follow-ups?changed=oui');
    expect(response.status).toBe(400);
    expect(response.body.detail).toMatch(/changed/);
  });
});
