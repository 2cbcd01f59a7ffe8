import { notMember } from '#domain/access.ts';
import { alreadyExists, notFound } from '#domain/errors.ts';
import type { FollowUp, FollowUpSource, FollowUpStatus } from '#domain/follow-up.ts';
import { periodsBefore } from '#domain/lifecycle.ts';
import { summarize, type Person } from '#domain/person.ts';
import type { Professional } from '#domain/professional.ts';
import type { Store } from './client.ts';
import { concurrentChange, type Step } from './conditions.ts';
import { conditionalUpdate, type Change, type Condition } from './expressions.ts';
import { keys, toItem } from './keys.ts';

type NewFollowUpInput = {
  person: Person;
  pro: Professional;
  reason: string;
  role?: string;
  status: FollowUpStatus;
  source: FollowUpSource;
  now: string;
};

export const newFollowUp = ({ person, pro, reason, role, status, source, now }: NewFollowUpInput): FollowUp => ({
  personId: person.id,
  proId: pro.id,
  professional: { firstName: pro.firstName, lastName: pro.lastName, ...(pro.jobTitle ? { jobTitle: pro.jobTitle } : {}) },
  organization: pro.organization,
  person: summarize(person.identity),
  ...(role ? { role } : {}),
  reason,
  status,
  isReferent: false,
  certified: false,
  source,
  startedAt: now,
  lastActivityAt: now,
});

/** "My follow-ups" sort by the time the link entered its status. */
const indexKeys = (link: Pick<FollowUp, 'proId' | 'status' | 'startedAt' | 'endedAt'>) =>
  keys.followUpIndex(link.proId, link.status, link.endedAt ?? link.startedAt);

export const followUpItem = (link: FollowUp) =>
  toItem('follow_up', { ...keys.followUp(link.personId, link.proId), ...indexKeys(link) }, link);

/** The change that moves a link to a new status, its index key with it, plus the other attributes in `set`. */
export function statusChange(
  link: Pick<FollowUp, 'proId' | 'startedAt'>,
  status: FollowUpStatus,
  set: Partial<FollowUp>,
  remove: (keyof FollowUp)[] = [],
): Change {
  const { GSI1SK } = indexKeys({ ...link, ...set, status });
  return { set: { ...set, status, GSI1SK }, remove };
}

const STATUS_NAME = { '#status': 'status' };

/** Holds only while the link is in `status`. */
export const whileStatus = (status: FollowUpStatus, extra: Omit<Condition, 'expression'> & { expression?: string } = {}): Condition => ({
  expression: ['#status = :expectedStatus', extra.expression].filter(Boolean).join(' AND '),
  names: { ...STATUS_NAME, ...extra.names },
  values: { ':expectedStatus': status, ...extra.values },
});

/**
 * Bumps the member's last activity (plus `set`), and is the proof, inside the transaction,
 * that they are an active member.
 */
/** What a member's action also changes on their own link, beside its activity time. */
export type LinkChange = { set?: Partial<FollowUp> & Record<string, unknown>; remove?: string[] };

export const activityStep = (store: Store, personId: string, proId: string, now: string, { set = {}, remove }: LinkChange = {}): Step => ({
  write: {
    Update: conditionalUpdate(store.table, keys.followUp(personId, proId), { set: { ...set, lastActivityAt: now }, ...(remove ? { remove } : {}) }, whileStatus('active')),
  },
  onConditionFailed: notMember,
});

const alreadyThere = (status: FollowUpStatus | undefined) =>
  status === 'pending'
    ? alreadyExists('Votre demande pour rejoindre ce groupe de suivi est déjà en attente.')
    : alreadyExists('Vous faites déjà partie du groupe de suivi de cette personne.');

/**
 * Puts a new link, or reopens `previous` (the pair's link as read just before) when it is in a
 * `reopen` status, keeping its earlier periods. One link per (person, professional) whatever
 * the concurrency: the put holds only if the link is still exactly as read (none, or the same
 * status and period), so a link that changed meanwhile is a conflict, never overwritten.
 */
export const putLinkStep = (store: Store, link: FollowUp, previous: FollowUp | undefined, reopen: readonly FollowUpStatus[]): Step => {
  if (previous && !reopen.includes(previous.status)) throw alreadyThere(previous.status);
  const earlierPeriods = periodsBefore(previous);
  return {
    write: {
      Put: {
        TableName: store.table,
        Item: followUpItem({ ...link, ...(earlierPeriods ? { earlierPeriods } : {}) }),
        ...(previous
          ? {
              ConditionExpression: '#status = :previousStatus AND startedAt = :previousStart',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':previousStatus': previous.status, ':previousStart': previous.startedAt },
            }
          : { ConditionExpression: 'attribute_not_exists(PK)' }),
      },
    },
    onConditionFailed: (current) => (current?.status === 'active' || current?.status === 'pending' ? alreadyThere(current.status) : concurrentChange()),
  };
};

/**
 * Set on the profile while the retention job erases a file nobody follows (see
 * store/retention.ts): from then on no link can be made, so the job's last look at the group
 * is the group it erases, and a professional who joined just before is seen and cancels it.
 */
export const ERASING_ATTRIBUTE = 'erasingAt';

/** The condition on the profile of every write that makes someone a member or a requester. */
export const PERSON_OPEN = `attribute_exists(PK) AND attribute_not_exists(${ERASING_ATTRIBUTE})`;

export const personExistsStep = (store: Store, personId: string): Step => ({
  write: {
    ConditionCheck: {
      TableName: store.table,
      Key: keys.person(personId),
      ConditionExpression: PERSON_OPEN,
    },
  },
  onConditionFailed: () => notFound('Bénéficiaire introuvable.'),
});
