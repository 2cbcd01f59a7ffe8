import { ulid } from 'ulid';
import { joinMode } from '#domain/access.ts';
import { invitationToken, tokenHash } from '#domain/invitation.ts';
import { NewPerson } from '#domain/person.ts';
import { ProfessionalClaims, type Professional } from '#domain/professional.ts';
import type { OrganizationKind } from '#domain/organization.ts';
import { addAction } from '#store/actions.ts';
import type { Store } from '#store/client.ts';
import { recordAccess } from '#store/audit.ts';
import { answerJoinRequest, becomeReferent, endFollowUp, getFollowUp, join } from '#store/follow-ups.ts';
import { acceptInvitation, createInvitation } from '#store/invitations.ts';
import { createPerson, findPersonId, readCard } from '#store/persons.ts';
import { updatePreferences } from '#store/preferences.ts';
import { ensureProfessional } from '#store/professionals.ts';
import { weekOf } from '#domain/stats.ts';
import { recountGauges } from '../workers/recount-gauges.ts';
import { DEMO_PERSONS, DEMO_PROFESSIONALS } from './demo-data.ts';

const REASONS: Partial<Record<OrganizationKind, string>> = {
  france_travail: 'Accompagnement vers l’emploi',
  conseil_departemental: 'Accompagnement RSA',
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
export async function seedDemo(store: Store, { invitationSecret }: { invitationSecret: string }): Promise<{ professionals: Professional[]; createdPersons: number }> {
  const end = store.now().getTime();
  let clock = end - HISTORY_WEEKS * 7 * 24 * HOUR;
  const writes = DEMO_PERSONS.reduce((n, p) => n + 3 * p.members.length + p.actions.length + 3, 0);
  const step = (HISTORY_WEEKS * 7 * 24 * HOUR) / writes;
  const seeding: Store = { ...store, now: () => new Date(Math.min((clock += step), end)) };

  const professionals: Professional[] = [];
  for (const claims of DEMO_PROFESSIONALS) professionals.push(await ensureProfessional(store, ProfessionalClaims.parse(claims), { registerOrganization: false }));
  const pro = (index: number) => professionals[index]!;
  // The référent of the demo person who signs in to her space wants to hear of her needs (an opt-in).
  await updatePreferences(store, pro(1).id, { personNeeds: true });
  const reason = (index: number) => REASONS[pro(index).organization.kind] ?? 'Accompagnement';

  let createdPersons = 0;
  // The nightly count of the gauges (persons without référent…), as it would have run each week of the history.
  const at = () => new Date(Math.min(clock, end));
  let counted = weekOf(at().toISOString());
  const countGauges = () => recountGauges({ ...store, now: at });
  for (const demo of DEMO_PERSONS) {
    const input = NewPerson.parse({ identity: demo.identity, contact: demo.contact, situation: demo.situation, summary: demo.summary });
    if (await findPersonId(store, input.identity)) continue;
    if (weekOf(at().toISOString()) !== counted) {
      await countGauges();
      counted = weekOf(at().toISOString());
    }
    const [creator = 0, ...others] = demo.members;
    const { id } = await createPerson(seeding, pro(creator), input, { reason: reason(creator) });
    const invite = (invitee: number) => {
      const invitationId = ulid();
      return createInvitation(seeding, pro(creator), id, {
        email: pro(invitee).email,
        id: invitationId,
        tokenHash: tokenHash(invitationToken(invitationSecret, invitationId)),
      });
    };
    for (const [rank, other] of others.entries()) {
      // One colleague in three comes by invitation, as the social graph grows in real life.
      if ((createdPersons + rank) % 3 === 1) {
        await acceptInvitation(seeding, pro(other), await invite(other), { reason: reason(other) });
        continue;
      }
      const mode = joinMode(pro(other).organization, { authorizedSirets: new Set() });
      const link = await join(seeding, pro(other), id, { reason: reason(other), mode, source: 'self' });
      if (mode === 'request') await answerJoinRequest(seeding, pro(creator).id, link, true, (await readCard(store, id))!.members);
    }
    if (demo.referent !== undefined) {
      const link = await getFollowUp(store, id, pro(demo.referent).id);
      if (link) await becomeReferent(seeding, link, undefined);
    }
    for (const other of others) {
      await recordAccess(seeding, { personId: id, actorId: pro(other).id, kind: 'contact_revealed', targetProId: pro(creator).id }, { set: { lastContactRevealAt: new Date(clock).toISOString() } });
    }
    for (const { by, ...action } of demo.actions) await addAction(seeding, pro(by), id, action);
    const outsider = DEMO_PROFESSIONALS.findIndex((_, index) => !demo.members.includes(index));
    if (createdPersons % 4 === 2 && outsider >= 0) await invite(outsider);
    const leaving = others.at(-1);
    if (createdPersons % 5 === 4 && leaving !== undefined && leaving !== demo.referent) {
      const link = await getFollowUp(store, id, pro(leaving).id);
      if (link) await endFollowUp(seeding, link, { reason: 'manual' });
    }
    createdPersons += 1;
  }
  if (createdPersons > 0) await countGauges();
  return { professionals, createdPersons };
}
