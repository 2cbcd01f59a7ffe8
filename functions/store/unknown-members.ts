import { notFound } from '#domain/errors.ts';
import type { FollowUp } from '#domain/follow-up.ts';
import { auditStep } from './audit.ts';
import type { Store } from './client.ts';
import { transact } from './conditions.ts';
import { conditionalUpdate } from './expressions.ts';
import { getFollowUp } from './follow-ups.ts';
import { keys } from './keys.ts';

const notInTeam = () => notFound('Ce professionnel ne fait pas partie de votre équipe, actuelle ou passée.');
const inTeam = (link: FollowUp | undefined): link is FollowUp => link?.status === 'active' || link?.status === 'ended';

/**
 * The person's « Je ne connais pas ce professionnel » on a current or past member: the link
 * keeps the date (the others see it on the card), the audit keeps who said it. Said once:
 * saying it again, or twice at once, changes nothing and tells nobody again.
 */
export async function flagUnknownMember(store: Store, personId: string, proId: string): Promise<FollowUp> {
  const link = await getFollowUp(store, personId, proId);
  if (!inTeam(link)) throw notInTeam();
  if (link.flaggedUnknownAt) return link;
  const flaggedUnknownAt = store.now().toISOString();
  const flag = conditionalUpdate(store.table, keys.followUp(personId, proId), { set: { flaggedUnknownAt } }, {
    expression: '#status IN (:active, :ended) AND attribute_not_exists(flaggedUnknownAt)',
    names: { '#status': 'status' },
    values: { ':active': 'active', ':ended': 'ended' },
  });
  try {
    await transact(store, [{ write: { Update: flag } }, auditStep(store, { personId, actorId: personId, kind: 'member_flagged_unknown', targetProId: proId })]);
  } catch (error) {
    // Said at the same moment from another tab: the first one counted.
    const now = await getFollowUp(store, personId, proId);
    if (now?.flaggedUnknownAt) return now;
    throw error;
  }
  // The write's condition held: still a current or past member, now flagged.
  return { ...link, flaggedUnknownAt };
}
