import { joinMode } from '#domain/access.ts';
import { NewPerson } from '#domain/person.ts';
import { ProfessionalClaims, type Professional } from '#domain/professional.ts';
import type { OrganizationKind } from '#domain/organization.ts';
import { addAction } from '#store/actions.ts';
import type { Store } from '#store/client.ts';
import { answerJoinRequest, becomeReferent, getFollowUp, join } from '#store/follow-ups.ts';
import { createPerson, findPersonId } from '#store/persons.ts';
import { ensureProfessional } from '#store/professionals.ts';
import { DEMO_PERSONS, DEMO_PROFESSIONALS } from './demo-data.ts';

const REASONS: Partial<Record<OrganizationKind, string>> = {
  france_travail: 'Accompagnement vers l’emploi',
  conseil_departemental: 'Référent·e RSA',
  ccas_cias: 'Accompagnement social',
  siae: 'Parcours en insertion par l’activité économique',
  mission_locale: 'Contrat d’engagement jeune',
};

const HOUR = 3_600_000;
const HISTORY_WEEKS = 12;

/**
 * Loads the demo professionals and persons through the same store functions the API
 * uses, spread over the last weeks so the history and the stats look lived-in. Persons
 * already there are left alone, so `npm start` may run it on every start.
 */
export async function seedDemo(store: Store): Promise<{ professionals: Professional[]; createdPersons: number }> {
  const end = store.now().getTime();
  let clock = end - HISTORY_WEEKS * 7 * 24 * HOUR;
  const writes = DEMO_PERSONS.reduce((n, p) => n + 2 * p.members.length + p.actions.length + 1, 0);
  const step = (HISTORY_WEEKS * 7 * 24 * HOUR) / writes;
  const seeding: Store = { ...store, now: () => new Date(Math.min((clock += step), end)) };

  const professionals: Professional[] = [];
  for (const claims of DEMO_PROFESSIONALS) professionals.push(await ensureProfessional(store, ProfessionalClaims.parse(claims)));
  const pro = (index: number) => professionals[index]!;
  const reason = (index: number) => REASONS[pro(index).organization.kind] ?? 'Accompagnement';

  let createdPersons = 0;
  for (const demo of DEMO_PERSONS) {
    const input = NewPerson.parse({ identity: demo.identity, contact: demo.contact, situation: demo.situation, summary: demo.summary });
    if (await findPersonId(store, input.identity)) continue;
    const [creator = 0, ...others] = demo.members;
    const { id } = await createPerson(seeding, pro(creator), input, { reason: reason(creator) });
    for (const other of others) {
      const mode = joinMode(pro(other).organization, { authorizedSirets: new Set() });
      const link = await join(seeding, pro(other), id, { reason: reason(other), mode, source: 'self' });
      if (mode === 'request') await answerJoinRequest(seeding, pro(creator).id, link, true);
    }
    if (demo.referent !== undefined) {
      const link = await getFollowUp(store, id, pro(demo.referent).id);
      if (link) await becomeReferent(seeding, link, undefined);
    }
    for (const { by, ...action } of demo.actions) await addAction(seeding, pro(by), id, action);
    createdPersons += 1;
  }
  return { professionals, createdPersons };
}
