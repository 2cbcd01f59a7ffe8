import type { AuditEvent, AuditKind } from '#domain/audit-event.ts';
import { summarize } from '#domain/person.ts';
import type { Store } from '#store/client.ts';
import { inboxEntriesOf, personsToReconcile, putInboxEntry, requesterView, retireInboxEntry, type InboxEntry } from '#store/inbox.ts';
import { readCard, type Card } from '#store/persons.ts';

/**
 * The audited writes that move a link into or out of `pending` or `active` (or change an active
 * member's start, which dates their entries), and the erasure. Every such write is audited in
 * its own transaction, so the stream's audit events are enough to follow them.
 */
const MOVES_LINKS: ReadonlySet<AuditKind> = new Set<AuditKind>([
  'joined',
  'join_requested',
  'join_accepted',
  'join_declined',
  'follow_up_ended',
  'member_removed',
  'follow_up_updated',
  'invitation_accepted',
  'erased',
]);

export const changesInbox = (event: AuditEvent): boolean => MOVES_LINKS.has(event.kind);

/** What the inbox must hold for a group: each pending request, in the inbox of each active member. */
export function wantedEntries(card: Card | undefined): InboxEntry[] {
  if (!card) return [];
  const person = summarize(card.person.identity);
  const active = card.members.filter((member) => member.status === 'active');
  return card.members
    .filter((link) => link.status === 'pending')
    .flatMap((request) =>
      active.map((member) => ({
        memberProId: member.proId,
        memberSince: member.startedAt,
        personId: card.person.id,
        person,
        requester: requesterView(request),
        requestedAt: request.startedAt,
      })),
    );
}

const pairOf = (entry: InboxEntry) => `${entry.requester.proId}#${entry.memberProId}`;
const sameDates = (a: InboxEntry, b: InboxEntry) => a.requestedAt === b.requestedAt && a.memberSince === b.memberSince;

/** How many writes run at once for one group: a group is a handful of members, rarely more than a few dozen. */
const PARALLEL_WRITES = 10;
/** Passes before giving up on a busy group; the record is then retried by Lambda, from scratch. */
const PASSES = 3;

export type InboxUpdate = { put: number; retired: number };

/**
 * Brings a group's inbox entries to what its links say now, whatever event woke us, in
 * whatever order and however many times: it compares states, never applies deltas, so a
 * retried, replayed or late record only finds the work done. Each write holds only if what it
 * was decided on still holds (see #store/inbox.ts); when one does not, something changed
 * meanwhile and the pass starts over from fresh reads.
 */
export async function updateInbox(store: Store, personId: string): Promise<InboxUpdate> {
  const done: InboxUpdate = { put: 0, retired: 0 };
  for (let pass = 1; ; pass += 1) {
    const { put, retired, refused } = await reconcile(store, personId);
    done.put += put;
    done.retired += retired;
    if (refused === 0) return done;
    if (pass === PASSES) throw new Error(`Demandes à traiter du dossier ${personId} : ${refused} écriture(s) refusée(s) après ${PASSES} passes.`);
  }
}

async function reconcile(store: Store, personId: string) {
  // The entries first, then the group: an entry found here was written before the group is
  // read, so if the group says it is stale, it is stale for good (retireInboxEntry).
  const existing = new Map((await inboxEntriesOf(store, personId)).live.map((entry) => [pairOf(entry), entry]));
  const wanted = new Map(wantedEntries(await readCard(store, personId)).map((entry) => [pairOf(entry), entry]));
  const writes: { kind: 'put' | 'retired'; run: () => Promise<boolean> }[] = [];
  for (const [pair, entry] of existing) if (!wanted.has(pair)) writes.push({ kind: 'retired', run: () => retireInboxEntry(store, entry) });
  for (const [pair, entry] of wanted) {
    const previous = existing.get(pair);
    if (!previous || !sameDates(previous, entry)) writes.push({ kind: 'put', run: () => putInboxEntry(store, entry, previous) });
  }
  const outcome = { put: 0, retired: 0, refused: 0 };
  for (let start = 0; start < writes.length; start += PARALLEL_WRITES) {
    const batch = writes.slice(start, start + PARALLEL_WRITES);
    const results = await Promise.all(batch.map((write) => write.run()));
    results.forEach((applied, index) => (applied ? (outcome[batch[index]!.kind] += 1) : (outcome.refused += 1)));
  }
  return outcome;
}

/**
 * The one-off repair: reconciles every group with a pending request or a live inbox entry. For a
 * table that had requests before the inbox existed, or after the consumer gave records up to
 * the dead-letter queue. One Scan of the table, page by page; safe to run while GPS is used.
 */
export async function rebuildInboxes(store: Store): Promise<{ groups: number } & InboxUpdate> {
  const done = { groups: 0, put: 0, retired: 0 };
  const seen = new Set<string>();
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await personsToReconcile(store, cursor);
    for (const personId of page.personIds.filter((id) => !seen.has(id))) {
      seen.add(personId);
      const { put, retired } = await updateInbox(store, personId);
      done.groups += 1;
      done.put += put;
      done.retired += retired;
    }
    cursor = page.cursor;
  } while (cursor);
  return done;
}
