import { beforeEach, describe, expect, it } from 'vitest';
import { isDomainError } from '#domain/errors.ts';
import type { Professional } from '#domain/professional.ts';
import { listAuditEvents } from '#store/audit.ts';
import type { Store } from '#store/client.ts';
import { becomeReferent, getFollowUp, join } from '#store/follow-ups.ts';
import { createPerson, findPersonId, readCard, updatePerson } from '#store/persons.ts';
import { newPerson, registerPro } from '#tests/support/fixtures.ts';
import { testStore } from '#tests/support/store.ts';

const settle = <T>(runs: Promise<T>[]) => Promise.allSettled(runs);
const fulfilled = <T>(results: PromiseSettledResult<T>[]) => results.filter((r) => r.status === 'fulfilled');
const rejectedKinds = (results: PromiseSettledResult<unknown>[]) =>
  results.flatMap((r) => (r.status === 'rejected' ? [isDomainError(r.reason) ? r.reason.kind : String(r.reason)] : []));

describe('writes stay safe when professionals act at the same time', () => {
  let store: Store;
  let creator: Professional;
  let personId: string;

  beforeEach(async () => {
    store = await testStore();
    creator = await registerPro(store);
    ({ id: personId } = await createPerson(store, creator, newPerson(), { reason: 'Accompagnement RSA' }));
  });

  it('20 simultaneous joins of the same professional make exactly one link', async () => {
    const colleague = await registerPro(store, {
      organization: { siret: '22690001700012', name: 'Métropole de Lyon', kind: 'conseil_departemental', departement: '69' },
    });

    const results = await settle(
      Array.from({ length: 20 }, () =>
        join(store, colleague, personId, { reason: 'Référent RSA', mode: 'direct', source: 'self' }),
      ),
    );

    expect(fulfilled(results)).toHaveLength(1);
    expect(rejectedKinds(results)).toHaveLength(19);
    expect(rejectedKinds(results).every((kind) => kind === 'already_exists' || kind === 'conflict')).toBe(true);
    const card = await readCard(store, personId);
    expect(card?.members.filter((m) => m.proId === colleague.id)).toHaveLength(1);
    const joins = (await listAuditEvents(store, personId)).items.filter((e) => e.kind === 'joined' && e.actorId === colleague.id);
    expect(joins).toHaveLength(1);
  });

  it('10 simultaneous "make me referent" leave exactly one referent and everybody still a member', async () => {
    const members = [creator];
    for (let i = 0; i < 9; i += 1) {
      const pro = await registerPro(store);
      await join(store, pro, personId, { reason: 'Suivi emploi', mode: 'direct', source: 'self' });
      members.push(pro);
    }
    const links = await Promise.all(members.map((pro) => getFollowUp(store, personId, pro.id)));

    const results = await settle(links.map((link) => becomeReferent(store, link!, undefined)));

    expect(fulfilled(results)).toHaveLength(1);
    expect(rejectedKinds(results).every((kind) => kind === 'conflict')).toBe(true);
    const card = await readCard(store, personId);
    const referents = card!.members.filter((m) => m.isReferent);
    expect(referents).toHaveLength(1);
    expect(card!.person.referentProId).toBe(referents[0]!.proId);
    expect(card!.members.filter((m) => m.status === 'active')).toHaveLength(10);
  });

  it('of two updates from the same version, one wins and the other gets a conflict', async () => {
    const results = await settle([
      updatePerson(store, creator.id, personId, 1, { summary: 'Cherche dans la logistique' }),
      updatePerson(store, creator.id, personId, 1, { summary: 'Cherche dans la restauration' }),
    ]);

    expect(fulfilled(results)).toHaveLength(1);
    expect(rejectedKinds(results)).toEqual(['conflict']);
    const { person } = (await readCard(store, personId))!;
    expect(person.version).toBe(2);
    const winner = results.find((r) => r.status === 'fulfilled')!;
    expect(person.summary).toBe(winner.value.summary);
  });

  it('two creations of the same identity written differently make one person', async () => {
    const other = await registerPro(store);
    const identity = { lastName: "D'Arçy", firstName: 'Jean-Édouard', birthDate: '1988-07-01' };
    const sameIdentity = { lastName: 'DARCY', firstName: 'jean  edouard', birthDate: '1988-07-01' };

    const results = await settle([
      createPerson(store, creator, newPerson(identity), { reason: 'Accompagnement' }),
      createPerson(store, other, newPerson(sameIdentity), { reason: 'Accompagnement' }),
    ]);

    expect(fulfilled(results)).toHaveLength(1);
    expect(rejectedKinds(results)).toHaveLength(1);
    expect(['already_exists', 'conflict']).toContain(rejectedKinds(results)[0]);
    const created = results.find((r) => r.status === 'fulfilled')!.value;
    expect(await findPersonId(store, { lastName: 'd’Arcy', firstName: 'JEAN EDOUARD', birthDate: '1988-07-01' })).toBe(created.id);
    const retry = await createPerson(store, other, newPerson(sameIdentity), { reason: 'Accompagnement' }).catch((e) => e);
    expect(isDomainError(retry, 'already_exists')).toBe(true);
    expect(retry.details.personId).toBe(created.id);
  });
});
