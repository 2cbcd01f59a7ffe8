import { ulid } from 'ulid';
import { Action, type NewAction } from '#domain/action.ts';
import type { Professional } from '#domain/professional.ts';
import { auditStep } from './audit.ts';
import type { Store } from './client.ts';
import { transact } from './conditions.ts';
import { activityStep } from './follow-up-items.ts';
import { ACTION_PREFIX, keys, partitions, toItem } from './keys.ts';
import { queryPage, type Page, type PageRequest } from './page.ts';

/** Adds « ce qui a été entrepris », only while the author is an active member. */
export async function addAction(store: Store, author: Professional, personId: string, input: NewAction): Promise<Action> {
  const now = store.now().toISOString();
  const authorId = author.id;
  const action: Action = {
    ...input,
    id: ulid(),
    personId,
    authorId,
    author: { firstName: author.firstName, lastName: author.lastName, organizationName: author.organization.name },
    createdAt: now,
  };
  await transact(store, [
    activityStep(store, personId, authorId, now),
    {
      write: {
        Put: {
          TableName: store.table,
          Item: toItem('action', keys.action(personId, now, action.id), action),
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
    },
    auditStep(store, { personId, actorId: authorId, kind: 'action_added' }),
  ]);
  return action;
}

/** Newest first, paginated. */
export function listActions(store: Store, personId: string, page: PageRequest = {}): Promise<Page<Action>> {
  const partition = partitions.person(personId);
  return queryPage(
    store,
    {
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': partition, ':prefix': ACTION_PREFIX },
      ScanIndexForward: false,
    },
    { ...page, defaultLimit: 50 },
    (key) => key.PK === partition && key.SK?.startsWith(ACTION_PREFIX) === true,
    (data) => Action.parse(data),
  );
}

/** Every action of a file, newest first: the person's own view reads them all (a file holds tens, not thousands). */
export async function allActions(store: Store, personId: string): Promise<Action[]> {
  const actions: Action[] = [];
  let cursor: string | undefined;
  do {
    const page = await listActions(store, personId, { limit: 100, ...(cursor ? { cursor } : {}) });
    actions.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return actions;
}
