import { assertActiveMember } from './access.ts';
import { conflict, forbidden } from './errors.ts';
import type { FollowUp } from './follow-up.ts';

/**
 * A person has at most one référent de parcours. Any active member may take the role,
 * except from a référent certified by France Travail: only an import moves a certified role.
 * Returns false when there is nothing to do (already the referent).
 */
export function assertCanBecomeReferent(me: FollowUp | undefined, current: FollowUp | undefined): boolean {
  assertActiveMember(me);
  if (current?.proId === me.proId) return false;
  if (current?.certified) {
    throw forbidden('Le ou la référent·e certifié·e par France Travail ne peut être remplacé·e que par un import.');
  }
  return true;
}

export const referentChangedConcurrently = () =>
  conflict('Le ou la référent·e a changé entre-temps. Rechargez la page et réessayez.');
