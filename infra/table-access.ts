import type { TableAccess } from './bind-table.ts';

/**
 * Least privilege on the table: what each function's code sends, and nothing more. Read from
 * its bundle (`tests/unit/infra.test.ts` bundles every entry and checks each list against the
 * commands it finds, both ways). Every API group writes: its caller's professional profile
 * is created or refreshed on their first call (`ensureProfessional`: PutItem in a
 * transaction); no group is read-only. Scan only in the nightly jobs; DeleteItem only in the RGPD
 * erase (`admin`) and the sign-out (`auth`, a session); BatchWriteItem only in the erase.
 */
export const API_TABLE_ACCESS: Readonly<Record<string, TableAccess>> = {
  actions: { actions: ['GetItem', 'Query', 'PutItem', 'UpdateItem'], index: true },
  admin: { actions: ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'DeleteItem', 'BatchWriteItem', 'ConditionCheckItem'], index: true },
  auth: { actions: ['GetItem', 'PutItem', 'DeleteItem'] },
  invitations: { actions: ['GetItem', 'Query', 'PutItem', 'UpdateItem', 'ConditionCheckItem'], index: true },
  me: { actions: ['GetItem', 'Query', 'PutItem', 'UpdateItem'], index: true },
  /** The person's space: their card and journal, their team's profiles, needs and flags written with their audit, the export (a transaction with a check). */
  'my-file': { actions: ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem', 'ConditionCheckItem'], index: true },
  members: { actions: ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem', 'ConditionCheckItem'], index: true },
  persons: { actions: ['GetItem', 'PutItem', 'UpdateItem'] },
  stats: { actions: ['GetItem', 'Query', 'PutItem'] },
};

/** The workers, by entry of `functions/workers/lambda/`. */
export const WORKER_TABLE_ACCESS = {
  /**
   * Stats, notifications, queued e-mails and the members' « demandes à traiter » from the
   * stream: an inbox entry is put in a transaction that checks the links (ConditionCheckItem),
   * and retired by an UpdateItem, never deleted (DeleteItem stays with the erase and the sign-out).
   */
  stream: { actions: ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem', 'ConditionCheckItem'] },
  /** The due e-mails, from the sparse `OUTBOX#DUE` index partition. */
  'retry-emails': { actions: ['Query', 'UpdateItem'], index: true },
  /** One Scan a night for idle links, each ended by a conditional update and its audit event. */
  'end-idle': { actions: ['Scan', 'PutItem', 'UpdateItem'] },
  /**
   * One Scan a night for profiles; per file, a Query of its group, then a notice (with its
   * e-mails, recipients read by BatchGet), its withdrawal, or the erasure (see store/personal-data.ts).
   */
  retention: { actions: ['Scan', 'Query', 'GetItem', 'BatchGetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'ConditionCheckItem', 'BatchWriteItem'], index: true },
  /** One Scan a night for active links and profiles, then the day's gauges put in one transaction. */
  'stats-gauges': { actions: ['Scan', 'PutItem'] },
} as const satisfies Record<string, TableAccess>;

/** The import's planner (S3-triggered): it records the file's job, nothing else. */
export const IMPORT_PLANNER_TABLE_ACCESS: TableAccess = { actions: ['PutItem'] };
/**
 * The import's chunk workers: the lines (guards read in batches, one transaction per few
 * persons) and the job's progress; for a complete file, the organization's professionals and
 * their links (GSI1), ended in transactions (README, « Import complet »).
 */
export const IMPORT_CHUNK_TABLE_ACCESS: TableAccess = { actions: ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem', 'ConditionCheckItem'], index: true };

export function apiTableAccess(group: string): TableAccess {
  const access = API_TABLE_ACCESS[group];
  if (!access) throw new Error(`infra/table-access.ts : aucun accès à la table déclaré pour le groupe de routes « ${group} ».`);
  return access;
}
