import { describe, expect, it } from 'vitest';
import type { AuditKind } from '#domain/audit-event.ts';
import type { OrganizationKind } from '#domain/organization.ts';
import { testApi, type Professional, type RequestOptions, type Response } from '#tests/support/api.ts';
import { newPerson } from '#tests/support/fixtures.ts';
import { byEntity, invalidItems, scanTable } from '#tests/support/stored-items.ts';

const SECONDS = Number(process.env.GPS_LOAD_SECONDS ?? 20);
const CONNECTIONS = 50;
const PERSONS = 10;

const org = (kind: OrganizationKind, siret: string, name: string) => ({ siret, name, kind, departement: '69' }) as const;
const DIRECT_ORGS = [
  org('france_travail', '13000548100010', 'France Travail Lyon Part-Dieu'),
  org('conseil_departemental', '22690001700012', 'Département du Rhône'),
  org('mission_locale', '77567227200021', 'Mission Locale de Lyon'),
];
const ASKING_ORGS = [org('siae', '44306184100047', 'Envie Rhône'), org('ccas_cias', '26690123400011', 'CCAS de Villeurbanne')];

type Operation = 'join' | 'ask' | 'accept' | 'reveal' | 'read' | 'patch' | 'action' | 'invite' | 'referent';

/**
 * What each operation may answer under contention: a refusal (conflict, stale version, not a
 * member yet, quota) is fine, as long as it left nothing behind; a 5xx never is.
 */
const EXPECTED: Record<Operation, { success: number; refusals: number[]; audit: AuditKind }> = {
  join: { success: 201, refusals: [409], audit: 'joined' },
  ask: { success: 202, refusals: [409], audit: 'join_requested' },
  accept: { success: 200, refusals: [404, 409], audit: 'join_accepted' },
  reveal: { success: 200, refusals: [404, 409], audit: 'contact_revealed' },
  read: { success: 200, refusals: [404, 409], audit: 'card_read' },
  patch: { success: 200, refusals: [404, 409, 412], audit: 'person_updated' },
  action: { success: 201, refusals: [404, 409], audit: 'action_added' },
  invite: { success: 201, refusals: [404, 409, 429], audit: 'invitation_sent' },
  referent: { success: 200, refusals: [404, 409], audit: 'referent_changed' },
};

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

describe(`under ${CONNECTIONS} concurrent connections for ${SECONDS} s`, async () => {
  const api = await testApi();
  const owners = await Promise.all(Array.from({ length: 5 }, () => api.as({ organization: DIRECT_ORGS[0] })));
  const direct = await Promise.all(Array.from({ length: 15 }, (_, i) => api.as({ organization: DIRECT_ORGS[i % DIRECT_ORGS.length] })));
  const asking = await Promise.all(Array.from({ length: 15 }, (_, i) => api.as({ organization: ASKING_ORGS[i % ASKING_ORGS.length] })));
  const everyone = [...owners, ...direct, ...asking];
  const persons = await Promise.all(
    Array.from({ length: PERSONS }, async (_, i) => {
      const owner = owners[i % owners.length]!;
      const lastName = `Charge${String.fromCharCode(97 + i)}`;
      const { body } = await owner.call('POST', '/persons', { body: { ...newPerson({ lastName }), reason: 'Accompagnement RSA' } });
      return { id: body.id as string, owner, members: [owner], pending: [] as Professional[] };
    }),
  );

  const tally = Object.fromEntries(Object.keys(EXPECTED).map((op) => [op, new Map<number, number>()])) as Record<Operation, Map<number, number>>;
  const unexpected: string[] = [];
  const actionIds: string[] = [];
  const invitationIds: string[] = [];
  const patched = new Map<string, number[]>();
  const links = { joined: new Set<string>(), asked: new Set<string>(), accepted: new Set<string>() };
  let invitations = 0;

  async function send(op: Operation, pro: Professional, method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    const response = await pro.call(method, path, options);
    tally[op].set(response.status, (tally[op].get(response.status) ?? 0) + 1);
    const { success, refusals } = EXPECTED[op];
    if (response.status !== success && !refusals.includes(response.status)) {
      unexpected.push(`${op} ${method} ${path} → ${response.status} ${JSON.stringify(response.body).slice(0, 300)}`);
    }
    return response;
  }

  /** Mostly someone the client believes is a member, sometimes anyone: both must stay consistent. */
  const caller = (person: (typeof persons)[number]) => (Math.random() < 0.8 ? pick(person.members) : pick(everyone));

  const operations: Record<Operation, (person: (typeof persons)[number]) => Promise<unknown>> = {
    join: async (person) => {
      const pro = pick(direct);
      if ((await send('join', pro, 'POST', `/persons/${person.id}/members`, { body: { reason: 'Suivi RSA' } })).status === 201) {
        links.joined.add(`${person.id}|${pro.id}`);
        person.members.push(pro);
      }
    },
    ask: async (person) => {
      const pro = pick(asking);
      if ((await send('ask', pro, 'POST', `/persons/${person.id}/members`, { body: { reason: 'Parcours IAE' } })).status === 202) {
        links.asked.add(`${person.id}|${pro.id}`);
        person.pending.push(pro);
      }
    },
    accept: async (person) => {
      const pro = person.pending.length ? pick(person.pending) : pick(asking);
      if ((await send('accept', person.owner, 'POST', `/persons/${person.id}/join-requests/${pro.id}/accept`)).status === 200) {
        links.accepted.add(`${person.id}|${pro.id}`);
        person.members.push(pro);
        person.pending = person.pending.filter((pending) => pending !== pro);
      }
    },
    reveal: (person) => send('reveal', caller(person), 'POST', `/persons/${person.id}/members/${person.owner.id}/contact`),
    read: (person) => send('read', caller(person), 'GET', `/persons/${person.id}`),
    patch: async (person) => {
      const pro = caller(person);
      const card = await send('read', pro, 'GET', `/persons/${person.id}`);
      if (card.status !== 200) return;
      const summary = `Point d’étape ${Math.random().toString(36).slice(2)}`;
      const response = await send('patch', pro, 'PATCH', `/persons/${person.id}`, { body: { summary }, headers: { 'If-Match': card.headers.get('etag')! } });
      if (response.status !== 200) return;
      patched.set(person.id, [...(patched.get(person.id) ?? []), response.body.version]);
      // Applied on exactly the version read: anything else overwrote someone's change unseen.
      if (response.body.version !== card.body.version + 1) unexpected.push(`PATCH on version ${card.body.version} gave version ${response.body.version}`);
    },
    action: async (person) => {
      const body = { date: '2026-11-20', category: pick(['emploi', 'formation', 'logement'] as const), text: 'Entretien de suivi' };
      const response = await send('action', caller(person), 'POST', `/persons/${person.id}/actions`, { body });
      if (response.status === 201) actionIds.push(response.body.id);
    },
    invite: async (person) => {
      invitations += 1;
      const response = await send('invite', caller(person), 'POST', `/persons/${person.id}/invitations`, { body: { email: `charge.${invitations}@exemple.fr` } });
      if (response.status === 201) invitationIds.push(response.body.id);
    },
    referent: (person) => send('referent', caller(person), 'PATCH', `/persons/${person.id}/members/me`, { body: { isReferent: true } }),
  };
  const WEIGHTS: [Operation, number][] = [['join', 2], ['ask', 2], ['accept', 2], ['reveal', 2], ['read', 2], ['patch', 3], ['action', 3], ['invite', 1], ['referent', 1]];
  const deck = WEIGHTS.flatMap(([op, weight]) => Array<Operation>(weight).fill(op));

  it('loses no accepted write, duplicates none, audits each exactly once, and never answers 5xx', async () => {
    const started = Date.now();
    const deadline = started + SECONDS * 1000;
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (Date.now() < deadline) await operations[pick(deck)](pick(persons));
      }),
    );
    const elapsed = (Date.now() - started) / 1000;
    const requests = Object.values(tally).reduce((sum, statuses) => sum + [...statuses.values()].reduce((a, b) => a + b, 0), 0);
    const successes = (op: Operation) => tally[op].get(EXPECTED[op].success) ?? 0;
    console.info(
      [
        `${requests} requests in ${elapsed.toFixed(1)} s: ${(requests / elapsed).toFixed(0)} req/s over ${CONNECTIONS} connections`,
        ...Object.entries(tally).map(([op, statuses]) => `${op.padEnd(9)} ${[...statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`).join(' ')}`),
      ].join('\n'),
    );

    expect(unexpected).toEqual([]);
    const items = await scanTable(api.store);
    expect(invalidItems(items)).toEqual([]);

    const storedActions = byEntity(items, 'action').map((action) => action.id);
    expect(storedActions.toSorted()).toEqual(actionIds.toSorted());
    expect(byEntity(items, 'invitation').map((invitation) => invitation.id).toSorted()).toEqual(invitationIds.toSorted());
    expect(byEntity(items, 'outbox_email')).toHaveLength(invitationIds.length);

    for (const person of persons) {
      const stored = byEntity(items, 'person').find((item) => item.id === person.id)!;
      const versions = patched.get(person.id) ?? [];
      expect(stored.version, `versions of ${person.id}`).toBe(1 + versions.length);
      expect(versions.toSorted((a, b) => a - b)).toEqual(versions.map((_, i) => i + 2));

      const personLinks = byEntity(items, 'follow_up').filter((link) => link.personId === person.id);
      const pairs = (set: Set<string>) => [...set].filter((pair) => pair.startsWith(`${person.id}|`)).length;
      expect(personLinks.filter((link) => link.status === 'active')).toHaveLength(1 + pairs(links.joined) + pairs(links.accepted));
      expect(personLinks.filter((link) => link.status === 'pending')).toHaveLength(pairs(links.asked) - pairs(links.accepted));
      const referents = personLinks.filter((link) => link.isReferent);
      expect(referents.length).toBeLessThanOrEqual(1);
      expect(stored.referentProId).toBe(referents[0]?.proId);
    }

    const audited = new Map<string, number>();
    for (const event of byEntity(items, 'audit_event')) audited.set(event.kind, (audited.get(event.kind) ?? 0) + 1);
    expect(audited.get('person_created')).toBe(PERSONS);
    for (const op of Object.keys(EXPECTED) as Operation[]) {
      const { audit } = EXPECTED[op];
      // Claiming the role one already holds is a success that changes nothing.
      if (op === 'referent') expect(audited.get(audit) ?? 0).toBeLessThanOrEqual(successes(op));
      else expect(audited.get(audit) ?? 0, audit).toBe(successes(op));
    }
    expect(successes('patch') * successes('action') * successes('join') * successes('accept')).toBeGreaterThan(0);
  }, (SECONDS + 120) * 1000);
});
