import { forbidden, notFound } from './errors.ts';
import type { FollowUp } from './follow-up.ts';
import { PUBLIC_EMPLOYMENT_SERVICE, type Organization } from './organization.ts';

/**
 * Who may see and change a person's file.
 *
 * Only active members of the follow-up group read the card, the members and the actions.
 * Past members see nothing of the file any more (need-to-know ended with their follow-up):
 * they keep their own link in "my follow-ups, ended", and may rejoin. Pending requesters
 * see nothing until a member accepts them. Everyone else gets "not found", so a person's
 * existence never leaks to a non-member.
 */
export const isActiveMember = (link: FollowUp | undefined): link is FollowUp => link?.status === 'active';

/** What a non-member hears about any person, existing or not. */
export const notMember = () => notFound('Bénéficiaire introuvable parmi les personnes que vous accompagnez.');

export function assertActiveMember(link: FollowUp | undefined): asserts link is FollowUp {
  if (!isActiveMember(link)) throw notMember();
}

export type JoinPolicy = {
  /** SIRETs an operator authorises to join directly, beyond the service public de l'emploi. */
  authorizedSirets: ReadonlySet<string>;
};

/** `direct`: becomes a member at once; `request`: a pending link an active member answers. */
export const joinMode = (
  organization: Organization,
  policy: JoinPolicy,
  hasValidInvitation = false,
): 'direct' | 'request' =>
  hasValidInvitation ||
  PUBLIC_EMPLOYMENT_SERVICE.has(organization.kind) ||
  policy.authorizedSirets.has(organization.siret)
    ? 'direct'
    : 'request';

/** Any active member answers a pending request; nobody answers their own. */
export function assertCanAnswerJoinRequest(answerer: FollowUp | undefined, request: FollowUp | undefined) {
  assertActiveMember(answerer);
  if (request?.status !== 'pending') throw notFound('Aucune demande en attente pour ce professionnel.');
  if (request.proId === answerer.proId) throw forbidden('Vous ne pouvez pas répondre à votre propre demande.');
}
