import { notFound } from '#domain/errors.ts';
import type { FollowUp } from '#domain/follow-up.ts';
import type { Professional } from '#domain/professional.ts';
import { auditStep } from './audit.ts';
import type { Store } from './client.ts';
import { transact } from './conditions.ts';
import { conditionalUpdate } from './expressions.ts';
import { becomeReferent, pendingRequestEndedStep, updateMembership } from './follow-ups.ts';
import { newFollowUp, personExistsStep, putLinkStep, whileStatus } from './follow-up-items.ts';
import { keys } from './keys.ts';
import { readCard } from './persons.ts';

export type ImportOutcome = 'created' | 'updated' | 'unchanged';
export type ImportedLink = { role?: string; startedAt?: string; referent: boolean; certified: boolean };

/**
 * Brings one imported link into the table, changing only what differs: the link (created or
 * reopened, source `import`), its role, and the référent role with its certification, moved
 * in one transaction. Running it again with the same line changes nothing.
 */
export async function importLink(store: Store, pro: Professional, personId: string, line: ImportedLink): Promise<ImportOutcome> {
  const card = await readCard(store, personId);
  if (!card) throw notFound('Bénéficiaire introuvable.');
  let mine = card.members.find((member) => member.proId === pro.id && member.status === 'active');
  let outcome: ImportOutcome = 'unchanged';
  if (!mine) {
    const now = store.now().toISOString();
    const link: FollowUp = {
      ...newFollowUp({ person: card.person, pro, reason: line.role ?? 'Suivi repris par import', ...(line.role ? { role: line.role } : {}), status: 'active', source: 'import', now }),
      ...(line.startedAt ? { startedAt: line.startedAt } : {}),
    };
    const previous = card.members.find((member) => member.proId === pro.id);
    await transact(store, [
      previous?.status === 'pending' ? pendingRequestEndedStep(store, personId, pro.id) : personExistsStep(store, personId),
      putLinkStep(store, link, previous, ['ended', 'declined', 'pending']),
      auditStep(store, { personId, actorId: pro.id, kind: 'joined' }),
    ]);
    mine = link;
    outcome = 'created';
  } else if (line.role && mine.role !== line.role) {
    await updateMembership(store, mine, { role: line.role });
    outcome = 'updated';
  }
  if (!line.referent) return outcome;
  const current = card.members.find((member) => member.isReferent);
  if (current?.proId !== pro.id) {
    await becomeReferent(store, mine, current, { certified: line.certified });
    return outcome === 'created' ? outcome : 'updated';
  }
  if (current.certified !== line.certified) {
    await transact(store, [
      {
        write: {
          Update: conditionalUpdate(store.table, keys.followUp(personId, pro.id), { set: { certified: line.certified } }, whileStatus('active', { expression: 'isReferent = :true', values: { ':true': true } })),
        },
      },
      auditStep(store, { personId, actorId: pro.id, kind: 'referent_changed', targetProId: pro.id }),
    ]);
    return 'updated';
  }
  return outcome;
}
