import { setTimeout } from 'node:timers/promises';
import { identityDigest } from '#domain/identity.ts';
import { isDomainError } from '#domain/errors.ts';
import { parseImportRow, type ImportRow } from '#domain/import-row.ts';
import type { Professional } from '#domain/professional.ts';
import { IMPORT_PROVENANCE } from '#domain/federation.ts';
import { withProvenance, type Store } from '#store/client.ts';
import { importLink, importNewPersons, NEW_PERSON_LINES_MAX, takenGuards, type ImportOutcome } from '#store/imports.ts';
import { createPerson, getPerson, guardKeys, personIdByFranceTravailId, personIdByIdentity } from '#store/persons.ts';
import { ensureProfessional } from '#store/professionals.ts';
import { isStoreUnavailable } from '#store/unavailable.ts';
import type { CsvLine } from './read-csv.ts';

export type RowReport = { line: number; outcome: ImportOutcome | 'rejected' | 'valid'; personId?: string; reason?: string };

export type ImportOptions = {
  /** Checks and matches every line, writes nothing. */
  dryRun?: boolean;
  /** How many persons are imported at once (the lines of one person always in order). */
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
  /** Each line's report as soon as it is known (a chunk worker checkpoints them). */
  onReport?: (report: RowReport) => void;
  /** Stops between lines: what is done stays done, and running the file again finishes it. */
  signal?: AbortSignal;
};

const ATTEMPTS = 5;
/** A store out of reach for a moment gets time to come back: 0.5, 1, 2, then 4 s. */
const backoffMs = (attempt: number) => 250 * 2 ** attempt;

/** A person already in GPS for this line, or a refusal when its identifiers point at two people. */
async function matchPerson(store: Store, row: ImportRow): Promise<{ personId?: string; conflict?: string }> {
  const { identity } = row.person;
  const { franceTravailId, ...names } = identity;
  const [byFranceTravail, byNames] = await Promise.all([
    franceTravailId ? personIdByFranceTravailId(store, franceTravailId) : Promise.resolve(undefined),
    personIdByIdentity(store, names),
  ]);
  if (byFranceTravail && byNames && byFranceTravail !== byNames) {
    return { conflict: 'Identité en conflit : cet identifiant France Travail et ces nom, prénom et date de naissance désignent deux personnes différentes.' };
  }
  const personId = byFranceTravail ?? byNames;
  if (personId && franceTravailId && !byFranceTravail) {
    const known = (await getPerson(store, personId))?.identity.franceTravailId;
    if (known && known !== franceTravailId) return { conflict: `Identité en conflit : cette personne a déjà l’identifiant France Travail ${known}.` };
  }
  return personId ? { personId } : {};
}

/** `knownPersonId`: the person an earlier line with the same identifiers was imported into. */
async function importRow(store: Store, row: ImportRow, professional: () => Promise<Professional>, knownPersonId?: string): Promise<Omit<RowReport, 'line'>> {
  const match = knownPersonId ? { personId: knownPersonId } : await matchPerson(store, row);
  if (match.conflict) return { outcome: 'rejected', reason: match.conflict };
  const pro = await professional();
  const link = { ...(row.role ? { role: row.role } : {}), ...(row.startedAt ? { startedAt: row.startedAt } : {}), referent: row.referent, certified: row.certified };
  let personId = match.personId;
  let created = false;
  if (!personId) {
    try {
      const { referent, certified, ...membership } = link;
      personId = (await createPerson(store, pro, row.person, { reason: row.role ?? 'Suivi repris par import', ...membership, source: 'import' })).id;
      if (!referent) return { outcome: 'created', personId };
      created = true;
    } catch (error) {
      // Created meanwhile (by another line, or a professional): join that person instead.
      if (!isDomainError(error, 'already_exists') || typeof error.details.personId !== 'string') throw error;
      personId = error.details.personId;
    }
  }
  const outcome = await importLink(store, pro, personId, link);
  return { outcome: created ? 'created' : outcome, personId };
}

type Group = { line: number; row: ImportRow }[];

const linkOf = (row: ImportRow) => ({ ...(row.role ? { role: row.role } : {}), ...(row.startedAt ? { startedAt: row.startedAt } : {}), referent: row.referent, certified: row.certified });

/**
 * The persons of these groups that are new to GPS (no guard of theirs taken), asked for all
 * at once: they are created in a few transactions, the others matched line by line. A group
 * whose lines carry different France Travail ids, or too many lines, goes line by line.
 */
async function newPersons(store: Store, groups: Group[]): Promise<{ fresh: Group[]; others: Group[] }> {
  const eligible = groups.filter((group) => group.length <= NEW_PERSON_LINES_MAX && group.every(({ row }) => row.person.identity.franceTravailId === group[0]!.row.person.identity.franceTravailId));
  const guardsOf = (group: Group) => guardKeys(store, group[0]!.row.person.identity);
  let taken: Set<string>;
  try {
    taken = await takenGuards(store, eligible.flatMap(guardsOf));
  } catch (error) {
    if (!isStoreUnavailable(error)) throw error;
    return { fresh: [], others: groups };
  }
  // Two persons of the file with one France Travail id: one transaction cannot put its guard twice.
  const claims = new Map<string, number>();
  for (const { PK } of eligible.flatMap(guardsOf)) claims.set(PK, (claims.get(PK) ?? 0) + 1);
  const fresh = new Set(eligible.filter((group) => guardsOf(group).every(({ PK }) => !taken.has(PK) && claims.get(PK) === 1)));
  return { fresh: [...fresh], others: groups.filter((group) => !fresh.has(group)) };
}

/**
 * New persons in packs of at most 40 items (counting 3 a line, more than they write): fewer
 * round trips than one a line, and a transaction short enough to stay far from the store's
 * request timeout on a busy machine (DynamoDB takes 100 items).
 */
function packed(groups: Group[], maxItems = 40): Group[][] {
  const packs: Group[][] = [];
  let items = maxItems;
  for (const group of groups) {
    const size = 3 + group.length * 3;
    if (items + size > maxItems) {
      packs.push([]);
      items = 0;
    }
    packs.at(-1)!.push(group);
    items += size;
  }
  return packs;
}

const rejection = (error: unknown) => {
  if (isDomainError(error)) return error.message;
  if (isStoreUnavailable(error)) return 'GPS est resté indisponible : relancez le même fichier pour importer cette ligne.';
  return `Erreur inattendue : ${(error as Error).name}`;
};

/** The key the lines of one person share: their identity's digest (names and birth date). */
const personKey = (identitySecret: string, row: ImportRow) => identityDigest(identitySecret, row.person.identity);

/**
 * Imports persons and follow-up links line by line. A bad line (malformed in the file, or
 * refused by the domain) is reported with its reason and never stops the others; a line that meets a concurrent change is tried again. Lines of
 * the same person run in file order, different persons side by side.
 */
export async function importRows(through: Store, lines: readonly CsvLine[], options: ImportOptions = {}): Promise<RowReport[]> {
  // What a file brings is the import's doing, whoever runs it: the audit says so.
  const store = withProvenance(through, IMPORT_PROVENANCE);
  const reports: RowReport[] = [];
  const professionals = new Map<string, Promise<Professional>>();
  const byPerson = new Map<string, Group>();
  let done = 0;
  const report = (entry: RowReport) => {
    reports.push(entry);
    options.onReport?.(entry);
    options.onProgress?.((done += 1), lines.length);
  };

  for (const entry of lines) {
    const { line } = entry;
    if ('malformed' in entry) {
      report({ line, outcome: 'rejected', reason: entry.malformed });
      continue;
    }
    const parsed = parseImportRow(entry.values);
    if ('reasons' in parsed) {
      report({ line, outcome: 'rejected', reason: parsed.reasons.join(' ; ') });
      continue;
    }
    const key = personKey(store.identitySecret, parsed.row);
    byPerson.set(key, [...(byPerson.get(key) ?? []), { line, row: parsed.row }]);
  }

  const professionalOf = (row: ImportRow) => () => {
    const email = row.professional.email.toLowerCase();
    if (!professionals.has(email)) {
      const ensured = ensureProfessional(store, row.professional, { registerOrganization: true });
      // A failure (a race with another chunk registering the same organization) is tried again by the next line, not kept.
      ensured.catch(() => professionals.delete(email));
      professionals.set(email, ensured);
    }
    return professionals.get(email)!;
  };

  const runPerson = async (group: Group) => {
    // The lines of one person share names and birth date; those with the same France Travail
    // id (or none) need matching once: the others follow where the first one went.
    const imported = new Map<string, string>();
    for (const { line, row } of group) {
      const identifiers = row.person.identity.franceTravailId ?? '';
      if (options.signal?.aborted) return;
      if (options.dryRun) {
        const match = await matchPerson(store, row);
        report(match.conflict ? { line, outcome: 'rejected', reason: match.conflict } : { line, outcome: 'valid', ...(match.personId ? { personId: match.personId } : {}) });
        continue;
      }
      for (let attempt = 1; ; attempt += 1) {
        try {
          const result = await importRow(store, row, professionalOf(row), imported.get(identifiers));
          if (result.personId) imported.set(identifiers, result.personId);
          report({ line, ...result });
          break;
        } catch (error) {
          if (isDomainError(error, 'conflict') && attempt < ATTEMPTS) continue;
          // Every write is conditional: trying again after a timeout cannot apply a line twice.
          if (isStoreUnavailable(error) && attempt < ATTEMPTS) {
            await setTimeout(backoffMs(attempt));
            continue;
          }
          report({ line, outcome: 'rejected', reason: rejection(error) });
          break;
        }
      }
    }
  };

  /** Persons new to GPS in one transaction; if it fails, each of them line by line. */
  const runNewPersons = async (pack: Group[]) => {
    if (options.signal?.aborted) return;
    try {
      const persons = await Promise.all(
        pack.map(async (group) => ({
          person: group[0]!.row.person,
          lines: await Promise.all(group.map(async ({ row }) => ({ pro: await professionalOf(row)(), link: linkOf(row) }))),
        })),
      );
      const created = await importNewPersons(store, persons);
      pack.forEach((group, index) => group.forEach(({ line }, at) => report({ line, outcome: created[index]!.outcomes[at]!, personId: created[index]!.personId })));
    } catch (error) {
      if (!isDomainError(error) && !isStoreUnavailable(error)) throw error;
      for (const group of pack) await runPerson(group);
    }
  };

  const groups = [...byPerson.values()];
  const queue: (() => Promise<void>)[] = [];
  const { fresh, others } = options.dryRun ? { fresh: [], others: groups } : await newPersons(store, groups);
  for (const pack of packed(fresh)) queue.push(() => runNewPersons(pack));
  for (const group of others) queue.push(() => runPerson(group));
  const workers = Array.from({ length: Math.min(options.concurrency ?? 16, queue.length) }, async () => {
    for (let task = queue.shift(); task; task = queue.shift()) await task();
  });
  await Promise.all(workers);
  return reports.sort((a, b) => a.line - b.line);
}

export const summarize = (reports: readonly RowReport[]) =>
  reports.reduce<Record<RowReport['outcome'], number>>(
    (counts, { outcome }) => ({ ...counts, [outcome]: counts[outcome] + 1 }),
    { created: 0, updated: 0, unchanged: 0, rejected: 0, valid: 0 },
  );

/** The report file: one line per line of the import, `;`-separated, for a spreadsheet. */
export const reportCsv = (reports: readonly RowReport[]) =>
  ['ligne;resultat;personne;motif', ...reports.map((r) => [r.line, r.outcome, r.personId ?? '', (r.reason ?? '').replace(/[;\n]/g, ',')].join(';'))].join('\n') + '\n';
