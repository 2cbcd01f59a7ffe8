import { isDomainError } from '#domain/errors.ts';
import { IMPORT_PROVENANCE } from '#domain/federation.ts';
import type { FollowUp } from '#domain/follow-up.ts';
import { parseImportRow, type CompleteDeclaration } from '#domain/import-row.ts';
import { withProvenance, type Store } from '#store/client.ts';
import { activeFollowUpsOf, endFollowUp, getFollowUp } from '#store/follow-ups.ts';
import { removeCertification } from '#store/imports.ts';
import { personIdByFranceTravailId, personIdByIdentity } from '#store/persons.ts';
import { professionalsOf } from '#store/professionals.ts';
import { logger } from '../observability/logger.ts';
import { completionPlanKey } from './chunks.ts';
import type { RowReport } from './import-rows.ts';
import { getJson, putJson, type Objects } from './objects.ts';
import type { CsvLine } from './read-csv.ts';

/**
 * The « import complet » (README): a file declared complete for an organization says who its
 * professionals follow. Once every line of it is imported, each active link of that
 * organization's professionals (made for that organization) that no line of the file lists
 * ends (`endReason: import`, audited as GPS's act with the import's provenance), and a link the
 * file lists without making it referent loses its certification. Only those links: another
 * organization's are never read. Each is one line of the report.
 *
 * Refused, ending nothing: an organization with no line imported (unless confirmed: a truncated
 * file must not wipe it), a file with unreadable records or not imported to its end (a line
 * that names no one may be any link). A line of the organization refused by the import keeps
 * the links of the person it names (if GPS knows them): the file does speak of them.
 */

/** What the report says for one link, or one refused declaration. */
export type CompletionOutcome = 'ended' | 'would_end' | 'certification_removed' | 'would_remove_certification' | 'not_ended' | 'complete_refused';
export type CompletionEntry = { outcome: CompletionOutcome; siret: string; personId?: string; proEmail?: string; reason: string };

/** A write the completion will make, with the link as read (its conditions hold the link to that state). */
type Action = { action: 'end' | 'uncertify'; siret: string; proEmail: string; link: FollowUp };

/** The completion decided before it writes: kept under the work prefix, a retried assembly applies the same one. */
export type CompletionPlan = { plannedAt: string; entries: CompletionEntry[]; actions: Action[] };

/** The outcomes that leave the line's link in GPS (`valid`: a dry run's line of a person GPS knows). */
const APPLIED: ReadonlySet<RowReport['outcome']> = new Set(['created', 'updated', 'unchanged', 'valid']);
/** Reads and writes side by side: far below what one worker's table client serves. */
const PARALLEL = 8;

const siretOf = (values: Record<string, string>) => (values.structure_siret ?? '').replace(/\s/g, '');
const pairKey = (personId: string, email: string) => `${personId}\n${email.toLowerCase()}`;
const isoDate = (value: string) => value.trim().replace(/^(\d{2})\/(\d{2})\/(\d{4})$/, '$3-$2-$1');

async function inBatches<T, R>(items: readonly T[], run: (item: T) => Promise<R>, stop?: () => boolean): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += PARALLEL) {
    if (stop?.()) throw new CompletionInterrupted(`Import complet interrompu après ${start} suivis sur ${items.length} : le nouvel essai reprendra.`);
    results.push(...(await Promise.all(items.slice(start, start + PARALLEL).map(run))));
  }
  return results;
}

/** Stopped before its end (time out): the plan is kept, and the retry applies it again. */
export class CompletionInterrupted extends Error {
  override readonly name = 'CompletionInterrupted';
}

/** The persons GPS knows under a refused line's identifiers: their links stay. */
async function personsNamedBy(store: Store, values: Record<string, string>): Promise<string[]> {
  const parsed = parseImportRow(values);
  const identity = 'row' in parsed ? parsed.row.person.identity : undefined;
  const [lastName, firstName, birthDate] = identity ? [identity.lastName, identity.firstName, identity.birthDate] : [values.nom, values.prenom, values.date_naissance].map((value) => value?.trim() ?? '');
  const franceTravailId = identity ? identity.franceTravailId : values.identifiant_france_travail?.trim();
  const found = await Promise.all([
    lastName && firstName && birthDate ? personIdByIdentity(store, { lastName, firstName, birthDate: identity ? birthDate : isoDate(birthDate) }) : undefined,
    franceTravailId ? personIdByFranceTravailId(store, franceTravailId) : undefined,
  ]);
  return found.filter((id): id is string => Boolean(id));
}

/**
 * What completing these organizations will do, from the file's lines and their reports
 * (all of them: the completion runs once every line is imported). Reads only: the
 * organization's professionals (GSI1 `ORGPROS#<siret>`) and each one's active links.
 */
export async function planCompletion(store: Store, lines: readonly CsvLine[], reports: readonly RowReport[], declaration: CompleteDeclaration): Promise<CompletionPlan> {
  const plannedAt = store.now().toISOString();
  const refuseAll = (why: string): CompletionPlan => ({
    plannedAt,
    entries: declaration.sirets.map((siret) => ({ outcome: 'complete_refused', siret, reason: `Structure ${siret} : ${why} Aucun suivi n’a été terminé.` })),
    actions: [],
  });
  const malformed = lines.filter((line) => 'malformed' in line).length;
  if (malformed > 0) return refuseAll(`${malformed} ligne${malformed > 1 ? 's' : ''} illisible${malformed > 1 ? 's' : ''} dans ce fichier déclaré complet (voir leurs motifs) : corrigez-les et importez de nouveau le fichier.`);
  const byLine = new Map(reports.map((report) => [report.line, report]));
  if (lines.some((line) => !byLine.has(line.line))) return refuseAll('l’import ne s’est pas terminé : relancez le même fichier pour le finir.');

  const entries: CompletionEntry[] = [];
  const actions: Action[] = [];
  for (const siret of declaration.sirets) {
    const kept = new Set<string>();
    const referents = new Set<string>();
    const refusedLines: Record<string, string>[] = [];
    let applied = 0;
    for (const line of lines) {
      if ('malformed' in line || siretOf(line.values) !== siret) continue;
      const report = byLine.get(line.line)!;
      const parsed = parseImportRow(line.values);
      if (!APPLIED.has(report.outcome) || !('row' in parsed)) {
        refusedLines.push(line.values);
        continue;
      }
      applied += 1;
      // A line of a person new to GPS (dry run) has no link to keep yet.
      if (!report.personId) continue;
      const key = pairKey(report.personId, parsed.row.professional.email);
      kept.add(key);
      if (parsed.row.referent) referents.add(key);
    }
    if (applied === 0 && !declaration.confirmEmpty?.includes(siret)) {
      entries.push({
        outcome: 'complete_refused',
        siret,
        reason: `Structure ${siret} : aucune ligne importée dans ce fichier déclaré complet, rien n’a été terminé. Si elle ne suit vraiment plus personne, confirmez-le (--confirm-empty ${siret}, ou le dossier imports/complet/${siret}/confirmer-vide/).`,
      });
      continue;
    }
    const namedByRefused = new Set((await inBatches(refusedLines, (values) => personsNamedBy(store, values))).flat());
    const pros = await professionalsOf(store, siret);
    const linksOf = await inBatches(pros, async (pro) => ({ pro, links: await activeFollowUpsOf(store, pro.id) }));
    for (const { pro, links } of linksOf) {
      // A professional's links made for another organization (before they moved) are not this file's.
      for (const link of links.filter((candidate) => candidate.organization.siret === siret)) {
        const key = pairKey(link.personId, pro.email);
        if (kept.has(key)) {
          if (link.certified && !referents.has(key)) actions.push({ action: 'uncertify', siret, proEmail: pro.email, link });
        } else if (namedByRefused.has(link.personId)) {
          entries.push({ outcome: 'not_ended', siret, personId: link.personId, proEmail: pro.email, reason: `Structure ${siret}, ${pro.email} : une ligne refusée de ce fichier nomme cette personne, son suivi reste en place.` });
        } else {
          actions.push({ action: 'end', siret, proEmail: pro.email, link });
        }
      }
    }
  }
  // By organization, the links ended first, then the certifications removed; by person within each.
  const order = (a: Action, b: Action) =>
    a.siret.localeCompare(b.siret) || a.action.localeCompare(b.action) || a.link.personId.localeCompare(b.link.personId) || a.proEmail.localeCompare(b.proEmail);
  return { plannedAt, entries, actions: actions.sort(order) };
}

const reasonOf = ({ action, siret, proEmail }: Action, done: boolean) =>
  action === 'end'
    ? `Structure ${siret}, ${proEmail} : absent du fichier complet, ${done ? 'suivi terminé' : 'le suivi serait terminé'}.`
    : `Structure ${siret}, ${proEmail} : plus désigné référent par le fichier complet, ${done ? 'certification retirée' : 'la certification serait retirée'}.`;

/** One planned write, made; what the link became if it was not as planned (a retry of this plan, a change meanwhile). */
async function apply(store: Store, plan: CompletionPlan, planned: Action): Promise<CompletionEntry | undefined> {
  const { link } = planned;
  const entry = (outcome: CompletionOutcome, reason = reasonOf(planned, true)): CompletionEntry => ({ outcome, siret: planned.siret, personId: link.personId, proEmail: planned.proEmail, reason });
  try {
    if (planned.action === 'end') await endFollowUp(store, link, { reason: 'import' });
    else await removeCertification(store, link);
    return entry(planned.action === 'end' ? 'ended' : 'certification_removed');
  } catch (error) {
    if (!isDomainError(error)) throw error;
  }
  const now = await getFollowUp(store, link.personId, link.proId);
  const samePeriod = now?.startedAt === link.startedAt;
  if (planned.action === 'end') {
    // Ended by an earlier attempt of this very plan: still this run's doing.
    if (now?.status === 'ended' && now.endReason === 'import' && now.endedAt! >= plan.plannedAt) return entry('ended');
    // No longer active (ended otherwise, or an index a moment behind): nothing left to end.
    if (now?.status !== 'active') return undefined;
    return entry('not_ended', `Structure ${planned.siret}, ${planned.proEmail} : le suivi a changé pendant l’import (référent, nouvelle période), il reste en place ; importez de nouveau le fichier pour le terminer.`);
  }
  if (now?.status === 'active' && samePeriod && !now.certified) return entry('certification_removed');
  return undefined;
}

/**
 * Makes the plan's writes (a dry run: says them), a few at a time, with the import's
 * provenance. `stop` is asked between batches (a worker's time running out): the plan is
 * kept, and applying it again finishes it, reporting what the first attempt did too.
 */
export async function applyCompletion(through: Store, plan: CompletionPlan, { dryRun = false, stop }: { dryRun?: boolean; stop?: () => boolean } = {}): Promise<CompletionEntry[]> {
  const store = withProvenance(through, IMPORT_PROVENANCE);
  const done = dryRun
    ? plan.actions.map(
        (planned): CompletionEntry => ({
          outcome: planned.action === 'end' ? 'would_end' : 'would_remove_certification',
          siret: planned.siret,
          personId: planned.link.personId,
          proEmail: planned.proEmail,
          reason: reasonOf(planned, false),
        }),
      )
    : (await inBatches(plan.actions, (planned) => apply(store, plan, planned), stop)).filter((entry): entry is CompletionEntry => entry !== undefined);
  const entries = [...plan.entries, ...done];
  for (const siret of new Set(entries.map((entry) => entry.siret))) {
    const counts = summarizeCompletion(entries.filter((entry) => entry.siret === siret));
    logger.info({ message: 'import_complete', siret, dryRun, ...counts });
  }
  return entries;
}

/**
 * A job's completion, decided once and kept under the work prefix (`completionPlanKey`): a
 * retried assembly (or planner) applies the very same plan. Planned again instead, what an
 * earlier attempt ended would no longer be active, and would be missing from the report.
 */
export async function completeJob(
  { store, objects }: { store: Store; objects: Objects },
  { jobId, declaration, lines, reports, stop }: { jobId: string; declaration: CompleteDeclaration; lines: () => Promise<readonly CsvLine[]>; reports: readonly RowReport[]; stop?: () => boolean },
): Promise<CompletionEntry[]> {
  let plan = await getJson<CompletionPlan>(objects, completionPlanKey(jobId));
  if (!plan) {
    plan = await planCompletion(store, await lines(), reports, declaration);
    await putJson(objects, completionPlanKey(jobId), plan);
  }
  return applyCompletion(store, plan, stop ? { stop } : {});
}

export const summarizeCompletion = (entries: readonly CompletionEntry[]) =>
  entries.reduce<Record<CompletionOutcome, number>>(
    (counts, { outcome }) => ({ ...counts, [outcome]: counts[outcome] + 1 }),
    { ended: 0, would_end: 0, certification_removed: 0, would_remove_certification: 0, not_ended: 0, complete_refused: 0 },
  );

/**
 * The report with the completion's lines after the file's: the same columns, without a line
 * number (no line of the file says them), the person by their GPS id, never by name.
 */
export const withCompletion = (report: string, entries: readonly CompletionEntry[]) =>
  report + entries.map((entry) => `;${entry.outcome};${entry.personId ?? ''};${entry.reason.replace(/[;\n]/g, ',')}\n`).join('');
