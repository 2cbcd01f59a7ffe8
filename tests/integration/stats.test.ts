import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { joinMode } from '#domain/access.ts';
import { SYSTEM_ACTOR, type AuditEvent } from '#domain/audit-event.ts';
import { isDomainError } from '#domain/errors.ts';
import { IMPORT_PROVENANCE } from '#domain/federation.ts';
import { invitationToken, tokenHash, type Invitation } from '#domain/invitation.ts';
import type { Organization } from '#domain/organization.ts';
import type { Professional } from '#domain/professional.ts';
import { assertCanBecomeReferent } from '#domain/referent.ts';
import { weekOf } from '#domain/stats.ts';
import { startStreamPoller } from '#local/stream-poller.ts';
import { partitions } from '#store/keys.ts';
import { listAuditEvents, recordAccess } from '#store/audit.ts';
import { answerJoinRequest, becomeReferent, endFollowUp, join, stepDownAsReferent } from '#store/follow-ups.ts';
import { withProvenance } from '#store/client.ts';
import { importLink, importNewPersons } from '#store/imports.ts';
import { acceptInvitation, createInvitation, revokeInvitation } from '#store/invitations.ts';
import { createPerson, readCard } from '#store/persons.ts';
import { readCounters, readGauges } from '#store/stats.ts';
import { TEST_INVITATION_SECRET } from '#tests/support/api.ts';
import { newPerson, registerPro } from '#tests/support/fixtures.ts';
import { invalidItems, scanTable } from '#tests/support/stored-items.ts';
import { testStore, dynamoDbEndpoint } from '#tests/support/store.ts';
import { countRecords } from '#tests/support/count-records.ts';
import { recountGauges } from '../../functions/workers/recount-gauges.ts';
import { countEvent, organizationLookup } from '../../functions/workers/count-stats.ts';
import type { WorkerDeps } from '../../functions/workers/deps.ts';

const ORGANIZATIONS: Organization[] = [
  { siret: '13000548100010', name: 'France Travail Lyon', kind: 'france_travail', departement: '69' },
  { siret: '22690001700012', name: 'Département du Rhône', kind: 'conseil_departemental', departement: '69' },
  { siret: '26690001700017', name: 'CCAS de Villeurbanne', kind: 'ccas_cias', departement: '69' },
  { siret: '44306184100047', name: 'Envie Paris', kind: 'siae', departement: '75' },
  { siret: '30000000000014', name: 'Mission Locale de Paris', kind: 'mission_locale', departement: '75' },
  { siret: '40000000000013', name: 'Association sans département', kind: 'association' },
];

/** A small deterministic generator, so a failing sequence can be replayed from its seed. */
function random(seed: number) {
  let state = seed;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]! };
}

/** The service public de l'emploi, written out again here: the recount does not borrow the code it checks. */
const SPE = new Set(['france_travail', 'mission_locale', 'cap_emploi', 'conseil_departemental']);

/** The counters as they should be, recounted from the audit items and the professionals' organizations. */
function recount(items: Record<string, any>[]) {
  const organizations = new Map(items.filter((i) => i.entity === 'professional').map((i) => [i.id as string, i.organization as Organization]));
  const expected = new Map<string, number>();
  const bump = (day: string, metric: string, dimension: string) => {
    const key = `${day}|${metric}|${dimension}`;
    expected.set(key, (expected.get(key) ?? 0) + 1);
  };
  const add = (day: string, metric: string, proId: string | undefined, ...also: string[]) => {
    const organization = organizations.get(proId!)!;
    for (const dimension of ['all', `departement:${organization.departement ?? 'inconnu'}`, `kind:${organization.kind}`, ...also]) bump(day, metric, dimension);
  };
  const addPair = (day: string, metric: string, a: string, b: string) => {
    const [first, second] = [organizations.get(a)!, organizations.get(b)!];
    const spe = [first, second].filter((o) => SPE.has(o.kind)).length;
    for (const dimension of ['all', `sides:${['autre_autre', 'spe_autre', 'spe_spe'][spe]}`, `organization:${first.siret === second.siret ? 'same' : 'other'}`]) bump(day, metric, dimension);
  };
  const activeInWeek = new Set<string>();
  const firstWeek = new Map<string, string>();
  for (const event of items.filter((i) => i.entity === 'audit_event') as AuditEvent[]) {
    const day = event.at.slice(0, 10);
    const source = event.issuer === IMPORT_PROVENANCE.issuer ? 'source:import' : 'source:professional';
    const metrics: Record<string, [string, string | undefined, ...string[]][]> = {
      person_created: [['links_created', event.actorId, source]],
      joined: [['links_created', event.actorId, source]],
      join_accepted: [['links_created', event.targetProId, 'source:professional']],
      invitation_accepted: [['links_created', event.actorId, 'source:invitation'], ['invitations_accepted', event.targetProId]],
      follow_up_ended: [['links_ended', event.actorId === SYSTEM_ACTOR ? event.targetProId : event.actorId]],
      member_removed: [['links_ended', event.targetProId]],
      join_requested: [['join_requests', event.actorId]],
      contact_revealed: [['contact_reveals', event.actorId]],
      invitation_sent: [['invitations_sent', event.actorId]],
    };
    for (const [metric, proId, ...also] of metrics[event.kind] ?? []) add(day, metric, proId, ...also);
    // A link that opens: its new member and each peer the event names (the group's other active members then), one pair each.
    const opened: Record<string, string | undefined> = { person_created: event.actorId, joined: event.actorId, invitation_accepted: event.actorId, join_accepted: event.targetProId };
    const newMember = opened[event.kind];
    if (newMember && event.peers) for (const peer of event.peers) addPair(day, 'links_between', newMember, peer);
    else if (event.targetProId && ['invitation_accepted', 'join_accepted'].includes(event.kind)) addPair(day, 'links_between', event.actorId, event.targetProId);
    if (event.targetProId && event.kind === 'contact_revealed') addPair(day, 'reveals_between', event.actorId, event.targetProId);
    // What GPS or an import does in a professional's name is not their activity.
    if (event.actorId === SYSTEM_ACTOR || event.issuer === IMPORT_PROVENANCE.issuer) continue;
    const week = weekOf(event.at);
    if (!activeInWeek.has(`${week}|${event.actorId}`)) {
      activeInWeek.add(`${week}|${event.actorId}`);
      add(week, 'active_professionals', event.actorId);
    }
    if ((firstWeek.get(event.actorId) ?? '9999') > week) firstWeek.set(event.actorId, week);
  }
  for (const [proId, week] of firstWeek) add(week, 'first_time_professionals', proId);
  return expected;
}

/** The gauges as they should be, from the links, checked against the persons' own référent pointer, and the profiles. */
function expectedGauges(items: Record<string, any>[]) {
  const expected = new Map<string, number>();
  const bump = (metric: string, dimension: string) => expected.set(`${metric}|${dimension}`, (expected.get(`${metric}|${dimension}`) ?? 0) + 1);
  const dimensions = (organization: Organization) => ['all', `departement:${organization.departement ?? 'inconnu'}`, `kind:${organization.kind}`];
  const groups = new Map<string, { referent: boolean; dimensions: Set<string> }>();
  for (const link of items.filter((i) => i.entity === 'follow_up' && i.status === 'active')) {
    const group = groups.get(link.personId) ?? { referent: false, dimensions: new Set<string>() };
    group.referent ||= link.isReferent;
    for (const dimension of dimensions(link.organization)) group.dimensions.add(dimension);
    groups.set(link.personId, group);
  }
  for (const person of items.filter((i) => i.entity === 'person')) {
    const group = groups.get(person.id);
    if (group) expect(group.referent, `référent of ${person.id}`).toBe(person.referentProId !== undefined);
  }
  for (const { referent, dimensions: seen } of groups.values()) {
    for (const dimension of seen) {
      bump('persons_followed', dimension);
      if (!referent) bump('persons_without_referent', dimension);
    }
  }
  for (const pro of items.filter((i) => i.entity === 'professional')) for (const dimension of dimensions(pro.organization)) bump('professionals_known', dimension);
  return expected;
}

const gaugesOf = async (store: Parameters<typeof readGauges>[0], day: string) =>
  new Map((await readGauges(store, day, day)).map((row) => [`${row.metric}|${row.dimension}`, row.count]));

const asMap = (rows: { day: string; metric: string; dimension: string; count: number }[]) =>
  new Map(rows.map((row) => [`${row.day}|${row.metric}|${row.dimension}`, row.count]));

describe('social-graph counters', () => {
  it('equal a recount from the items after a randomized sequence of operations, even when the stream is replayed', async () => {
    let clock = new Date('2026-09-01T08:00:00.000Z');
    const store = await testStore({ now: () => clock });
    // The stream read for real, by the counting part of the consumer only: e-mails and inboxes have tests of their own, and they made this one slow.
    const stream = () => startStreamPoller({ endpoint: dynamoDbEndpoint(), table: store.table, consume: (records) => countRecords(store, records), intervalMs: 3_600_000 });
    const workers = await stream();
    const rng = random(20261123);
    const pros: Professional[] = [];
    for (const organization of ORGANIZATIONS) {
      for (let i = 0; i < 2; i += 1) pros.push(await registerPro(store, { organization }));
    }
    const persons: string[] = [];
    for (let i = 0; i < 6; i += 1) {
      const creator = pros[i % 4]!;
      persons.push((await createPerson(store, creator, newPerson({ lastName: `Graphe${String.fromCharCode(97 + i)}` }), { reason: 'Suivi' })).id);
      // A colleague of the same establishment in half of the groups: reveals between colleagues happen too.
      if (i % 2 === 0) await join(store, pros[(i % 4) ^ 1]!, persons.at(-1)!, { reason: 'Suivi', mode: 'direct', source: 'self' });
    }
    // A request accepted before the random steps, so that every path that opens a link is in the sequence.
    const request = await join(store, pros.find((p) => p.organization.kind === 'siae')!, persons[0]!, { reason: 'Parcours IAE', mode: 'request', source: 'self' });
    await answerJoinRequest(store, pros[0]!.id, request, true, (await readCard(store, persons[0]!))!.members);
    const invitations: Invitation[] = [];
    let imported = 0;

    const operations: Record<string, () => Promise<unknown>> = {
      join: async () => {
        const pro = rng.pick(pros);
        return join(store, pro, rng.pick(persons), { reason: 'Suivi', mode: joinMode(pro.organization, { authorizedSirets: new Set() }), source: 'self' });
      },
      answer: async () => {
        const card = (await readCard(store, rng.pick(persons)))!;
        const request = card.members.find((m) => m.status === 'pending');
        const answerer = card.members.find((m) => m.status === 'active');
        if (request && answerer) await answerJoinRequest(store, answerer.proId, request, rng.next() < 0.8, card.members);
      },
      reveal: async () => {
        const card = (await readCard(store, rng.pick(persons)))!;
        const active = card.members.filter((m) => m.status === 'active');
        if (active.length < 2) return;
        const revealer = rng.pick(active);
        const revealed = rng.pick(active.filter((m) => m !== revealer));
        await recordAccess(store, { personId: card.person.id, actorId: revealer.proId, kind: 'contact_revealed', targetProId: revealed.proId }, { set: { lastContactRevealAt: clock.toISOString() } });
      },
      read: async () => {
        const card = (await readCard(store, rng.pick(persons)))!;
        const reader = rng.pick(card.members);
        await recordAccess(store, { personId: card.person.id, actorId: reader.proId, kind: 'card_read' });
      },
      end: async () => {
        const card = (await readCard(store, rng.pick(persons)))!;
        const active = card.members.filter((m) => m.status === 'active');
        if (active.length > 1) await endFollowUp(store, rng.pick(active), { reason: 'manual' });
      },
      referent: async () => {
        const card = (await readCard(store, rng.pick(persons)))!;
        const candidate = rng.pick(card.members);
        const current = card.members.find((m) => m.isReferent);
        if (assertCanBecomeReferent(candidate, current)) await becomeReferent(store, candidate, current);
      },
      invite: async () => {
        const card = (await readCard(store, rng.pick(persons)))!;
        const inviter = card.members.find((m) => m.status === 'active');
        if (!inviter) return;
        const invitee = rng.pick(pros);
        const id = ulid();
        const pro = pros.find((p) => p.id === inviter.proId)!;
        invitations.push(await createInvitation(store, pro, card.person.id, { email: invitee.email, id, tokenHash: tokenHash(invitationToken(TEST_INVITATION_SECRET, id)) }));
      },
      accept: async () => {
        const invitation = invitations.pop();
        if (invitation) await acceptInvitation(store, pros.find((p) => p.email === invitation.email)!, invitation, { reason: 'Invitation' });
      },
      revoke: async () => {
        const invitation = invitations.shift();
        if (invitation) await revokeInvitation(store, invitation.inviter.proId, invitation);
      },
      // A France Travail file: the link comes by import (not the professional's activity), sometimes as the certified référent.
      import: async () => importLink(withProvenance(store, IMPORT_PROVENANCE), rng.pick(pros), rng.pick(persons), { referent: rng.next() < 0.5, certified: true }),
      // A person new to GPS, brought by an import with two or three links at once: each later link meets the earlier ones.
      importNew: async () => {
        imported += 1;
        const lines = Array.from({ length: 2 + Math.floor(rng.next() * 2) }, () => ({ pro: rng.pick(pros), link: { referent: rng.next() < 0.3, certified: true } }));
        const [created] = await importNewPersons(withProvenance(store, IMPORT_PROVENANCE), [{ person: newPerson({ lastName: `Importee${String.fromCharCode(97 + (imported % 26))}${String.fromCharCode(97 + Math.floor(imported / 26))}` }), lines }]);
        persons.push(created!.personId);
      },
      remove: async () => {
        const card = (await readCard(store, rng.pick(persons)))!;
        const active = card.members.filter((m) => m.status === 'active');
        if (active.length > 2) await endFollowUp(store, active[1]!, { reason: 'removed', by: active[0]!, note: 'Ne suit pas cette personne' });
      },
      stepDown: async () => {
        const card = (await readCard(store, rng.pick(persons)))!;
        const referent = card.members.find((m) => m.isReferent);
        if (referent) await stepDownAsReferent(store, referent);
      },
    };
    const names = Object.keys(operations);
    const attempt = (name: string) =>
      operations[name]!().then(
        () => true,
        (error) => {
          if (!isDomainError(error)) throw error;
          return false;
        },
      );

    /** The nightly recount run now, against the gauges recounted from a scan of the same moment. */
    const checkGauges = async () => {
      const expected = expectedGauges(await scanTable(store));
      const { day } = await recountGauges(store, { pageSize: 7 });
      expect(await gaugesOf(store, day)).toEqual(expected);
      return { day, expected };
    };

    let succeeded = 0;
    let midway: Awaited<ReturnType<typeof checkGauges>> | undefined;
    for (let step = 0; step < 48; step += 1) {
      clock = new Date(clock.getTime() + Math.floor(rng.next() * 16 * 3_600_000));
      // Often several operations at once, as on a busy morning.
      const batch = step % 3 === 0 ? Array.from({ length: 6 }, () => rng.pick(names)) : [rng.pick(names)];
      succeeded += (await Promise.all(batch.map(attempt))).filter(Boolean).length;
      if (step % 16 === 0) await workers.drain();
      if (step === 24) midway = await checkGauges();
    }
    await workers.drain();
    await workers.stop();

    const items = await scanTable(store);
    const expected = recount(items);
    const read = async () => asMap(await readCounters(store, '2026-08-31', clock.toISOString().slice(0, 10)));
    expect(succeeded).toBeGreaterThan(50);
    for (const metric of ['links_created', 'links_ended', 'join_requests', 'contact_reveals', 'invitations_sent', 'invitations_accepted', 'active_professionals', 'first_time_professionals']) {
      expect([...expected.keys()].some((key) => key.includes(`|${metric}|`)), metric).toBe(true);
    }
    // Every new breakdown has something in it: each source of links, pairs across and within the two sides, colleagues and not.
    for (const dimension of ['links_created|source:professional', 'links_created|source:invitation', 'links_created|source:import', 'links_between|sides:spe_autre', 'links_between|sides:spe_spe', 'links_between|organization:same', 'links_between|organization:other', 'reveals_between|sides:spe_autre', 'reveals_between|sides:spe_spe', 'reveals_between|organization:same', 'reveals_between|organization:other']) {
      expect([...expected.keys()].some((key) => key.includes(`|${dimension}`)), dimension).toBe(true);
    }
    // Every link that opened names its peers, whatever its path; direct joins and imports (of known and of new persons) met someone.
    const openings = (items.filter((i) => i.entity === 'audit_event') as AuditEvent[]).filter((e) => ['person_created', 'joined', 'invitation_accepted', 'join_accepted'].includes(e.kind));
    expect(openings.filter((e) => e.peers === undefined)).toEqual([]);
    const byImport = (e: AuditEvent) => e.issuer === IMPORT_PROVENANCE.issuer;
    // A new person's links of one file are written at once: at the moment of its creation.
    const importedAt = new Map(openings.filter((e) => e.kind === 'person_created' && byImport(e)).map((e) => [e.personId, e.at]));
    const met = (kind: string, how: (e: AuditEvent) => boolean) => openings.some((e) => e.kind === kind && how(e) && e.peers!.length > 0);
    expect([
      met('joined', (e) => !byImport(e)),
      met('joined', (e) => byImport(e) && importedAt.get(e.personId) !== e.at),
      met('joined', (e) => byImport(e) && importedAt.get(e.personId) === e.at),
      met('invitation_accepted', () => true),
      met('join_accepted', () => true),
    ]).toEqual([true, true, true, true, true]);
    // A first use counts once, however many weeks the professional comes back.
    const firstTimes = [...expected].filter(([key]) => key.endsWith('|first_time_professionals|all')).reduce((sum, [, count]) => sum + count, 0);
    expect(firstTimes).toBeLessThanOrEqual(pros.length);
    expect([...expected].filter(([key]) => key.endsWith('|active_professionals|all')).reduce((sum, [, count]) => sum + count, 0)).toBeGreaterThan(firstTimes);
    // Spread over the shards of a month, and summed back on read.
    const shardsUsed = new Set(items.filter((item) => item.entity === 'stat_counter').map((item) => item.PK as string));
    expect(shardsUsed.size).toBeGreaterThan(partitions.statMonth('2026-09').length / 2);
    expect(await read()).toEqual(expected);

    // The whole stream again, as after a consumer restart: nothing counts twice.
    const replay = await stream();
    await replay.drain();
    await replay.stop();
    expect(await read()).toEqual(expected);

    // The gauges: some persons have no référent; the night's recount, run twice, says the same; the midway snapshot stays as it was.
    const end = await checkGauges();
    expect(end.expected.get('persons_without_referent|all')).toBeGreaterThan(0);
    expect(end.expected.get('persons_followed|all')).toBeGreaterThan(end.expected.get('persons_without_referent|all')!);
    expect((await checkGauges()).expected).toEqual(end.expected);
    expect(midway!.day).not.toBe(end.day);
    expect(await gaugesOf(store, midway!.day)).toEqual(midway!.expected);
    // Counters, markers, first-seen records and snapshots: each as its schema says.
    expect(invalidItems(await scanTable(store))).toEqual([]);
  }, 150_000);

  it('counts a pair between whoever joins and each member already there, by a direct join as by an import', async () => {
    let clock = Date.parse('2026-11-24T10:00:00.000Z');
    const store = await testStore({ now: () => new Date((clock += 1000)) });
    const deps = { store } as WorkerDeps;
    const ft: Organization = { siret: '13000548100010', name: 'France Travail Lyon', kind: 'france_travail', departement: '69' };
    const ccas: Organization = { siret: '26690001700017', name: 'CCAS de Villeurbanne', kind: 'ccas_cias', departement: '69' };
    const [camille, lea, sami] = [await registerPro(store, { organization: ft }), await registerPro(store, { organization: ft }), await registerPro(store, { organization: ccas })];
    const links = async () =>
      new Map((await readCounters(store, '2026-11-24', '2026-11-24')).filter((row) => row.metric === 'links_between').map((row) => [row.dimension, row.count]));
    const countNew = async (personId: string, seen: Set<string>) => {
      const fresh = (await listAuditEvents(store, personId)).items.filter((event) => !seen.has(event.id)).reverse();
      for (const event of fresh) {
        seen.add(event.id);
        await countEvent(deps, event, organizationLookup(deps));
      }
      return fresh;
    };
    const seen = new Set<string>();
    // Sami (CCAS) creates the file, Léa (France Travail) joins: one pair already.
    const { id: personId } = await createPerson(store, sami, newPerson({ lastName: 'Paires' }), { reason: 'Suivi' });
    await join(store, lea, personId, { reason: 'Suivi', mode: 'direct', source: 'self' });
    await countNew(personId, seen);
    const before = await links();
    expect(before).toEqual(new Map([['all', 1], ['sides:spe_autre', 1], ['organization:other', 1]]));

    // Camille, Léa's colleague of the same SIRET, joins directly: she meets Sami and Léa.
    await join(store, camille, personId, { reason: 'Suivi', mode: 'direct', source: 'self' });
    const [joined] = await countNew(personId, seen);
    expect(joined).toMatchObject({ kind: 'joined', actorId: camille.id, peers: [sami.id, lea.id] });
    const after = await links();
    const delta = (dimension: string) => (after.get(dimension) ?? 0) - (before.get(dimension) ?? 0);
    expect(['all', 'sides:spe_autre', 'sides:spe_spe', 'sides:autre_autre', 'organization:same', 'organization:other'].map(delta)).toEqual([2, 1, 1, 0, 1, 1]);
    // Delivered again: counted once.
    await countEvent(deps, joined!, organizationLookup(deps));
    expect(await links()).toEqual(after);

    // An import brings a person new to GPS with two links at once (Camille, then Sami): their pair counts too.
    const [created] = await importNewPersons(withProvenance(store, IMPORT_PROVENANCE), [
      { person: newPerson({ lastName: 'Importee' }), lines: [{ pro: camille, link: { referent: true, certified: true } }, { pro: sami, link: { referent: false, certified: false } }] },
    ]);
    const imported = await countNew(created!.personId, new Set());
    expect(imported.filter((event) => event.kind !== 'referent_changed')).toMatchObject([
      { kind: 'person_created', actorId: camille.id, peers: [] },
      { kind: 'joined', actorId: sami.id, peers: [camille.id] },
    ]);
    const last = await links();
    expect(['all', 'sides:spe_autre', 'organization:other'].map((dimension) => (last.get(dimension) ?? 0) - (after.get(dimension) ?? 0))).toEqual([1, 1, 1]);
    expect(invalidItems(await scanTable(store))).toEqual([]);
  });

  it('counts a first use in the week of the earliest activity, even delivered after a later one, and once', async () => {
    const store = await testStore();
    const ft: Organization = { siret: '13000548100010', name: 'France Travail Lyon', kind: 'france_travail', departement: '69' };
    const camille = await registerPro(store, { organization: ft });
    const deps = { store } as WorkerDeps;
    const at = (iso: string, kind: AuditEvent['kind'] = 'card_read'): AuditEvent => ({ id: ulid(), personId: ulid(), actorId: camille.id, kind, at: iso, issuer: 'urn:gps:test' });
    const later = at('2026-11-18T10:00:00.000Z');
    const earlier = at('2026-11-03T10:00:00.000Z');
    const imported = { ...at('2026-10-01T10:00:00.000Z', 'joined'), issuer: IMPORT_PROVENANCE.issuer };
    const firstTimes = async () =>
      new Map((await readCounters(store, '2026-09-28', '2026-11-30')).filter((row) => row.metric === 'first_time_professionals' && row.count > 0).map((row) => [`${row.day}|${row.dimension}`, row.count]));

    for (const event of [later, earlier, later, imported, earlier]) await countEvent(deps, event, organizationLookup(deps));

    expect(await firstTimes()).toEqual(new Map([['2026-11-02|all', 1], ['2026-11-02|departement:69', 1], ['2026-11-02|kind:france_travail', 1]]));
  });
});
