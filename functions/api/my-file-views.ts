/**
 * What the person's own space answers, as zod schemas (types, validation, OpenAPI). The
 * person sees every member whole, confidential structures included, and their professional
 * contact: it is their data, and the team is theirs to call.
 */
import { Action } from '#domain/action.ts';
import { AuditKind, SYSTEM_ACTOR, byThePerson, type AuditEvent } from '#domain/audit-event.ts';
import { Email, Id, Phone, Timestamp } from '#domain/common.ts';
import { IMPORT_PROVENANCE } from '#domain/federation.ts';
import { EndReason, type FollowUp } from '#domain/follow-up.ts';
import { Need } from '#domain/need.ts';
import { Organization } from '#domain/organization.ts';
import { PersonSummary } from '#domain/person.ts';
import type { Professional } from '#domain/professional.ts';
import * as z from '#domain/zod.ts';

export { Need };

export const TeamMember = z.strictObject({
  proId: Id,
  firstName: z.string(),
  lastName: z.string(),
  jobTitle: z.string().optional(),
  organization: Organization,
  role: z.string().optional(),
  reason: z.string(),
  isReferent: z.boolean().meta({ description: 'La personne qui coordonne l’accompagnement (référent de parcours).' }),
  startedAt: Timestamp,
  endedAt: Timestamp.optional(),
  endReason: EndReason.optional(),
  email: Email.optional().meta({ description: 'L’e-mail professionnel ; absent si le compte du professionnel n’existe plus.' }),
  phone: Phone.optional(),
  flaggedUnknownAt: Timestamp.optional().meta({ description: 'Quand vous avez dit ne pas connaître ce professionnel.' }),
});
export type TeamMember = z.infer<typeof TeamMember>;

export const MyFile = z
  .strictObject({
    personId: Id,
    identity: PersonSummary,
    team: z.array(TeamMember).meta({ description: 'Les professionnels qui vous accompagnent, votre référent d’abord.' }),
    formerTeam: z.array(TeamMember).meta({ description: 'Ceux qui vous ont accompagné, les plus récents d’abord.' }),
    actions: z.array(Action).meta({ description: 'Ce qui a été fait, le plus récent d’abord.' }),
    needs: z.array(Need).meta({ description: 'Vos besoins, le plus récent d’abord.' }),
  })
  .meta({ id: 'MyFile', description: 'Le dossier de la personne, tel qu’elle le voit dans son espace.' });

const ProfessionalActor = z.strictObject({
  type: z.literal('professional'),
  firstName: z.string(),
  lastName: z.string(),
  organization: z.strictObject({ name: z.string(), kind: z.string() }),
});
const Actor = z.union([
  ProfessionalActor,
  z.strictObject({ type: z.enum(['person', 'system', 'import']) }),
  z.strictObject({ type: z.literal('unknown') }).meta({ description: 'Un compte professionnel qui n’existe plus.' }),
]);
type Actor = z.infer<typeof Actor>;

export const MyJournalEntry = z.strictObject({
  id: Id,
  at: Timestamp,
  kind: AuditKind,
  actor: Actor,
  target: ProfessionalActor.optional().meta({ description: 'L’autre professionnel concerné (dont les coordonnées ont été affichées, qui a été accepté…).' }),
  portal: z.string().meta({ description: 'Le site par lequel l’action est venue.' }),
});

const ORDER: Record<FollowUp['status'], number> = { active: 0, pending: 1, ended: 2, declined: 3 };

export const toTeamMember = (link: FollowUp, profile: Professional | undefined): TeamMember => ({
  proId: link.proId,
  firstName: link.professional.firstName,
  lastName: link.professional.lastName,
  ...(link.professional.jobTitle ? { jobTitle: link.professional.jobTitle } : {}),
  organization: link.organization,
  ...(link.role ? { role: link.role } : {}),
  reason: link.reason,
  isReferent: link.isReferent,
  startedAt: link.startedAt,
  ...(link.endedAt ? { endedAt: link.endedAt } : {}),
  ...(link.endReason ? { endReason: link.endReason } : {}),
  ...(profile ? { email: profile.email, ...(profile.phone ? { phone: profile.phone } : {}) } : {}),
  ...(link.flaggedUnknownAt ? { flaggedUnknownAt: link.flaggedUnknownAt } : {}),
});

/** Current members, référent first then the longest-standing; former ones, the most recently ended first. */
export function teamOf(links: readonly FollowUp[], profiles: ReadonlyMap<string, Professional>) {
  const member = (link: FollowUp) => toTeamMember(link, profiles.get(link.proId));
  const current = links
    .filter((link) => link.status === 'active')
    .sort((a, b) => Number(b.isReferent) - Number(a.isReferent) || ORDER[a.status] - ORDER[b.status] || a.startedAt.localeCompare(b.startedAt));
  const former = links.filter((link) => link.status === 'ended').sort((a, b) => (b.endedAt ?? '').localeCompare(a.endedAt ?? ''));
  return { team: current.map(member), formerTeam: former.map(member) };
}

const professionalActor = (pro: Professional | undefined) =>
  pro ? { type: 'professional' as const, firstName: pro.firstName, lastName: pro.lastName, organization: { name: pro.organization.name, kind: pro.organization.kind } } : undefined;

function actorOf(event: AuditEvent, profiles: ReadonlyMap<string, Professional>): Actor {
  if (byThePerson(event)) return { type: 'person' };
  if (event.actorId === SYSTEM_ACTOR) return { type: event.issuer === IMPORT_PROVENANCE.issuer ? 'import' : 'system' };
  return professionalActor(profiles.get(event.actorId)) ?? { type: 'unknown' };
}

export const toMyJournalEntry = (event: AuditEvent, profiles: ReadonlyMap<string, Professional>, portal: string): z.infer<typeof MyJournalEntry> => {
  const target = event.targetProId ? professionalActor(profiles.get(event.targetProId)) : undefined;
  return { id: event.id, at: event.at, kind: event.kind, actor: actorOf(event, profiles), ...(target ? { target } : {}), portal };
};
