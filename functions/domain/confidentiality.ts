import * as z from './zod.ts';
import { Id, Timestamp } from './common.ts';
import { forbidden } from './errors.ts';
import { EndReason, FollowUpStatus, type FollowUp } from './follow-up.ts';
import { OrganizationKind } from './organization.ts';

/**
 * Structures whose mere presence in a group says something sensitive about the person
 * (probation, addiction care, harm reduction): Carnet de bord flagged them « structure
 * sensible », the reference GPS hides SPIP memberships. The operator may change the list.
 */
export const DEFAULT_CONFIDENTIAL_KINDS: readonly OrganizationKind[] = ['spip', 'csapa', 'caarud'];

export const isConfidential = (link: Pick<FollowUp, 'organization' | 'showsOrganization'>, kinds: ReadonlySet<OrganizationKind>) =>
  kinds.has(link.organization.kind) && !link.showsOrganization;

/** What the other members see of a confidential member: that someone follows the person, and since when. */
export const ConfidentialMember = z
  .strictObject({
    proId: Id,
    confidential: z.literal(true),
    status: FollowUpStatus,
    isReferent: z.boolean(),
    startedAt: Timestamp,
    endedAt: Timestamp.optional(),
    endReason: EndReason.optional(),
    /** The person's « Je ne connais pas ce professionnel » shows even on a confidential member: the group must be able to act on it. */
    flaggedUnknownAt: Timestamp.optional(),
  })
  .meta({
    description:
      'Un accompagnement confidentiel (SPIP, CSAPA, CAARUD… selon la configuration) : ni nom, ni structure, ni rôle, ni motif. « Demander à être contacté » (`/contact-request`) transmet vos coordonnées à ce membre.',
  });
export type ConfidentialMember = z.infer<typeof ConfidentialMember>;

export const confidentialView = ({ proId, status, isReferent, startedAt, endedAt, endReason, flaggedUnknownAt }: FollowUp): ConfidentialMember => ({
  proId,
  confidential: true,
  status,
  isReferent,
  startedAt,
  ...(endedAt ? { endedAt } : {}),
  ...(endReason ? { endReason } : {}),
  ...(flaggedUnknownAt ? { flaggedUnknownAt } : {}),
});

/** A confidential member's contact is theirs to give: the others may only ask to be contacted. */
export function assertMayReveal(target: FollowUp, kinds: ReadonlySet<OrganizationKind>): void {
  if (isConfidential(target, kinds)) {
    throw forbidden('Cet accompagnement est confidentiel : ses coordonnées ne sont pas affichées. Demandez à être contacté, ce membre recevra les vôtres.');
  }
}
