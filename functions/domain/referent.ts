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
    throw forbidden('Seul un import peut remplacer la ou le référent certifié par France Travail.');
  }
  return true;
}

export const referentChangedConcurrently = () =>
  conflict('La référence de parcours a changé entre-temps. Rechargez la page et réessayez.');
