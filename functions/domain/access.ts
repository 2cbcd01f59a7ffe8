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

/**
 * `direct`: becomes a member at once; `request`: a pending link an active member answers.
 * A professional a member removed comes back only by the normal path: a request (or an
 * invitation), whatever their organization, so a removal cannot be undone alone.
 */
export const joinMode = (
  organization: Organization,
  policy: JoinPolicy,
  hasValidInvitation = false,
  previous?: Pick<FollowUp, 'endReason'>,
): 'direct' | 'request' =>
  hasValidInvitation ||
  (previous?.endReason !== 'removed' && (PUBLIC_EMPLOYMENT_SERVICE.has(organization.kind) || policy.authorizedSirets.has(organization.siret)))
    ? 'direct'
    : 'request';

/**
 * Any active member may end another active member's follow-up (an intruder must not stay two
 * years), but not their own (that is leaving) nor a référent certified by France Travail,
 * whom only an import moves. Anyone else hears "not found".
 */
export function assertCanRemove(remover: FollowUp | undefined, target: FollowUp | undefined): asserts target is FollowUp {
  assertActiveMember(remover);
  if (target?.status !== 'active') throw notFound('Ce professionnel ne fait pas partie des membres actuels du groupe de suivi.');
  if (target.proId === remover.proId) throw forbidden('Pour mettre fin à votre propre suivi, utilisez « Mettre fin à mon suivi ».');
  if (target.certified) throw forbidden('Seul un import peut retirer du groupe la ou le référent certifié par France Travail.');
}

/** Any active member answers a pending request; nobody answers their own. */
export function assertCanAnswerJoinRequest(answerer: FollowUp | undefined, request: FollowUp | undefined) {
  assertActiveMember(answerer);
  if (request?.status !== 'pending') throw notFound('Aucune demande en attente pour ce professionnel.');
  if (request.proId === answerer.proId) throw forbidden('Vous ne pouvez pas répondre à votre propre demande.');
}
