import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { StoredAuditEvent } from '#domain/audit-event.ts';
import type { Organization } from '#domain/organization.ts';
import { routes } from '#api/routes.ts';
import { createHttpHandler } from '#http/handler.ts';
import type { ApiDeps } from '#http/route.ts';
import { startApiServer } from '#local/api-server.ts';
import { recordAccess } from '#store/audit.ts';
import { becomeReferent, getFollowUp, join } from '#store/follow-ups.ts';
import { createInvitation } from '#store/invitations.ts';
import { fromItem } from '#store/keys.ts';
import { createPerson } from '#store/persons.ts';
import { TEST_INVITATION_SECRET, testApi } from '#tests/support/api.ts';
import { invitationToken, tokenHash } from '#domain/invitation.ts';
import { newPerson, registerPro } from '#tests/support/fixtures.ts';
import { byEntity, scanTable } from '#tests/support/stored-items.ts';
import { testStore } from '#tests/support/store.ts';
import { ulid } from 'ulid';
import { countEvent, organizationLookup } from '../../functions/workers/count-stats.ts';
import type { WorkerDeps } from '../../functions/workers/deps.ts';
import { recountGauges } from '../../functions/workers/recount-gauges.ts';

const FT: Organization = { siret: '13000548100010', name: 'France Travail Lyon Zéphyrine', kind: 'france_travail', departement: '69' };
const CCAS: Organization = { siret: '26690001700017', name: 'CCAS de Villeurbanne Zéphyrine', kind: 'ccas_cias', departement: '69' };
const CCAS_PARIS: Organization = { siret: '26750001700014', name: 'CCAS du 13e Zéphyrine', kind: 'ccas_cias', departement: '75' };
/** The first complete week published, and the one after it (nothing happens in it). */
const WEEK = '2026-11-02';
const NEXT_WEEK = '2026-11-09';

type Json = null | number | string | boolean | Json[] | { [key: string]: Json };
const numbersIn = (value: Json, path = ''): [string, number][] =>
  typeof value === 'number'
    ? [[path, value]]
    : Array.isArray(value)
      ? value.flatMap((item, index) => numbersIn(item, `${path}[${index}]`))
      : value !== null && typeof value === 'object'
        ? Object.entries(value).flatMap(([key, item]) => numbersIn(item, `${path}.${key}`))
        : [];

/**
 * « Statistiques publiques »: what anyone may read about GPS without signing in. One week of a
 * small network (six France Travail advisors, six CCAS workers, one of them in Paris): enough
 * for some cells to be published, few enough for others to be suppressed.
 */
describe('the public statistics: aggregates only, small cells suppressed, no sign-in', async () => {
  let clock = new Date(`${WEEK}T08:00:00.000Z`);
  const store = await testStore({ now: () => clock });
  const api = await testApi({ store });
  const tick = () => (clock = new Date(clock.getTime() + 60_000));

  const advisors = [];
  const workers = [];
  for (let i = 0; i < 6; i += 1) {
    advisors.push(await registerPro(store, { organization: FT, lastName: `Quenouille-${String.fromCharCode(65 + i)}`, email: `quenouille.${i}@francetravail.fr` }));
    workers.push(await registerPro(store, { organization: i === 5 ? CCAS_PARIS : CCAS, lastName: `Bergamote-${String.fromCharCode(65 + i)}`, email: `bergamote.${i}@exemple.fr` }));
  }
  const persons = [];
  for (let i = 0; i < 6; i += 1) {
    tick();
    const person = await createPerson(store, advisors[i]!, newPerson({ lastName: `Zyxwvut${String.fromCharCode(97 + i)}`, firstName: 'Anastasie' }), { reason: 'Suivi' });
    persons.push(person);
    await join(store, workers[i]!, person.id, { reason: 'RSA', mode: 'direct', source: 'self' });
    await join(store, advisors[(i + 1) % 6]!, person.id, { reason: 'Suivi', mode: 'direct', source: 'self' });
    // Each reveals the other side's contact, and an advisor their colleague's: 12 reveals across, 6 between colleagues.
    const reveal = (actorId: string, targetProId: string) => recordAccess(store, { personId: person.id, actorId, kind: 'contact_revealed', targetProId });
    await reveal(advisors[i]!.id, workers[i]!.id);
    await reveal(workers[i]!.id, advisors[i]!.id);
    await reveal(advisors[(i + 1) % 6]!.id, advisors[i]!.id);
  }
  // Two invitations: too few to publish.
  for (const i of [0, 1]) {
    const id = ulid();
    await createInvitation(store, advisors[i]!, persons[i]!.id, { email: `invitee.${i}@exemple.fr`, id, tokenHash: tokenHash(invitationToken(TEST_INVITATION_SECRET, id)) });
  }
  // One person has a référent: five of the six have none.
  await becomeReferent(store, (await getFollowUp(store, persons[0]!.id, advisors[0]!.id))!, undefined);

  // What the stream consumer does with each audit event, and the nightly recount on the Friday.
  const deps = { store } as WorkerDeps;
  const lookup = organizationLookup(deps);
  const events = byEntity(await scanTable(store), 'audit_event').map((item) => StoredAuditEvent.parse(fromItem(item))).sort((a, b) => a.at.localeCompare(b.at));
  for (const event of events) await countEvent(deps, event, lookup);
  clock = new Date('2026-11-06T04:30:00.000Z');
  await recountGauges(store);
  // Asked on the Wednesday after the next week.
  clock = new Date('2026-11-18T10:00:00.000Z');

  /** Everything that would name someone: names, e-mails, ids, SIRETs, establishment names. */
  const identifying = [
    ...[...advisors, ...workers].flatMap((pro) => [pro.id, pro.email, pro.lastName, pro.organization.siret, pro.organization.name]),
    ...persons.flatMap((person) => [person.id, person.identity.lastName, person.identity.firstName]),
  ];

  it('answers without a token: JSON that anyone, a shared cache too, may keep an hour', async () => {
    const response = await api.request('GET', '/public/stats?weeks=2');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('cache-control')).toBe('public, max-age=3600');
    expect(response.body.weeks).toEqual([WEEK, NEXT_WEEK]);
    expect(response.body.threshold).toBe(5);
    // With a token, or a token nobody trusts, it is the same answer: the token plays no part.
    const signedIn = await api.as();
    expect((await signedIn.call('GET', '/public/stats?weeks=2')).body).toEqual(response.body);
    expect((await api.request('GET', '/public/stats?weeks=2', { token: 'pas-un-jeton' })).body).toEqual(response.body);
  });

  it('holds aggregates only: no name, e-mail, identifier, SIRET or establishment, in the JSON nor in the CSV', async () => {
    const json = JSON.stringify((await api.request('GET', '/public/stats?weeks=2')).body);
    const csv = (await api.request('GET', '/public/stats.csv?weeks=2')).body as string;
    for (const text of [json, csv]) {
      expect(identifying.filter((value) => text.includes(value))).toEqual([]);
      expect(text).not.toMatch(/@|\b\d{14}\b|\b[0-9A-HJKMNP-TV-Z]{26}\b/);
    }
  });

  it('publishes every count at the threshold or above, and nothing under it', async () => {
    const { metrics } = (await api.request('GET', '/public/stats?weeks=2')).body;
    const { active_share: shares, ...counts } = metrics;
    const small = numbersIn(counts).filter(([, value]) => value < 5);
    expect(small).toEqual([]);
    expect(numbersIn(counts).length).toBeGreaterThan(10);
    expect(shares.total).toEqual([100, null]);
  });

  it('suppresses the small cells, and the ones that would tell them by difference', async () => {
    const { metrics } = (await api.request('GET', '/public/stats?weeks=2')).body;
    expect(metrics.contact_reveals.total).toEqual([18, null]);
    // Two invitations: « moins de 5 ».
    expect(metrics.invitations_sent.total).toEqual([null, null]);
    // One Paris worker revealed one contact: 75 is under the threshold, and 69 (18 − 1) would tell it; neither is published.
    expect(metrics.contact_reveals.byDepartement).toEqual({});
    expect(metrics.contact_reveals.byOrganizationKind).toEqual({ ccas_cias: [6, null], france_travail: [12, null] });
    // Across the service public de l'emploi and the others, within it; between colleagues and not.
    expect(metrics.reveals_between.bySides).toEqual({ spe_autre: [12, null], spe_spe: [6, null] });
    expect(metrics.reveals_between.byOrganization).toEqual({ other: [12, null], same: [6, null] });
    expect(metrics.links_created.bySource).toEqual({ professional: [18, null] });
    expect(metrics.active_professionals.total).toEqual([12, null]);
    expect(metrics.first_time_professionals.total).toEqual([12, null]);
    // The gauges of the Friday's recount; the next week had none.
    expect(metrics.persons_followed.total).toEqual([6, null]);
    expect(metrics.persons_without_referent.total).toEqual([5, null]);
    expect(metrics.persons_without_referent.byOrganizationKind).toEqual({ ccas_cias: [5, null], france_travail: [5, null] });
    expect(metrics.professionals_known.total).toEqual([12, null]);
    expect(metrics.professionals_known.byDepartement).toEqual({});
  });

  it('says « moins de 5 » in the CSV wherever the JSON has nothing, never the number', async () => {
    const { body: view } = await api.request('GET', '/public/stats?weeks=2');
    const response = await api.request('GET', '/public/stats.csv?weeks=2');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const rows = parse(response.body as string, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual(['semaine', 'indicateur', 'libelle', 'ventilation', 'categorie', 'valeur']);
    const cell = (indicateur: string, ventilation: string, categorie: string, semaine: string) =>
      rows.filter((row) => row.indicateur === indicateur && row.ventilation === ventilation && row.categorie === categorie && row.semaine === semaine).map((row) => row.valeur);
    expect(cell('contact_reveals', 'total', '', WEEK)).toEqual(['18']);
    expect(cell('invitations_sent', 'total', '', WEEK)).toEqual(['moins de 5']);
    expect(cell('reveals_between', 'structure', 'same', WEEK)).toEqual(['6']);
    expect(cell('contact_reveals', 'departement', '75', WEEK)).toEqual([]);
    // The gauges were counted on the Friday of the first week only.
    expect(view.gaugesCounted).toEqual([true, false]);
    expect(cell('persons_without_referent', 'total', '', NEXT_WEEK)).toEqual(['non disponible']);
    // Line for line, the JSON's figures.
    const axes: Record<string, string> = { byDepartement: 'departement', byOrganizationKind: 'type_de_structure', bySource: 'origine', bySides: 'cotes', byOrganization: 'structure' };
    let compared = 0;
    for (const [metric, breakdown] of Object.entries(view.metrics) as [string, Record<string, any>][]) {
      const gauge = ['persons_followed', 'persons_without_referent', 'professionals_known', 'active_share'].includes(metric);
      view.weeks.forEach((week: string, index: number) => {
        const unpublished = gauge && !view.gaugesCounted[index] ? 'non disponible' : metric === 'active_share' ? 'non publiée' : 'moins de 5';
        expect(cell(metric, 'total', '', week), `${metric} ${week}`).toEqual([String(breakdown.total[index] ?? unpublished)]);
        compared += 1;
        for (const [axis, categories] of Object.entries(breakdown)) {
          if (axis === 'total') continue;
          for (const [category, cells] of Object.entries(categories as Record<string, (number | null)[]>)) {
            expect(cell(metric, axes[axis]!, category, week)).toEqual([String(cells[index] ?? unpublished)]);
            compared += 1;
          }
        }
      });
    }
    expect(rows.length).toBe(compared);
    expect(rows.filter((row) => /^[1-4]$/.test(row.valeur!))).toEqual([]);
  });

  it('follows the configured threshold', async () => {
    const stricter = await startApiServer({ handler: createHttpHandler(routes, () => ({ store, allowedOrigins: [], publicStatsThreshold: 7 }) as unknown as ApiDeps), routes });
    afterAll(stricter.close);
    const { metrics, threshold } = await (await fetch(`${stricter.url}/public/stats?weeks=2`)).json();
    expect(threshold).toBe(7);
    expect(metrics.contact_reveals.total).toEqual([18, null]);
    // 6 is now under it, and 12 would tell it (18 − 12): both go.
    expect(metrics.reveals_between.bySides).toEqual({});
    expect(metrics.persons_without_referent.total).toEqual([null, null]);
  });

  it('refuses a number of weeks it does not publish, in French', async () => {
    for (const query of ['weeks=0', 'weeks=53', 'weeks=deux', 'semaines=2']) {
      const response = await api.request('GET', `/public/stats?${query}`);
      expect(response.status, query).toBe(400);
      expect(response.body.detail, query).toMatch(/semaines|Paramètre|inattendu|clé/i);
    }
  });
});
