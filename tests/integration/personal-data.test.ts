import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { invitationToken } from '#domain/invitation.ts';
import { isAnonymized } from '#domain/personal-data.ts';
import { createDevIssuer } from '#local/dev-issuer.ts';
import { createStore } from '#store/client.ts';
import { fromItem, keys, toItem } from '#store/keys.ts';
import { TEST_PORTAL_POLICY, newPerson } from '#tests/support/fixtures.ts';
import { PORTAL_ISSUER, TEST_INVITATION_SECRET, testApi, type Professional } from '#tests/support/api.ts';
import { byEntity, scanTable, type StoredItem } from '#tests/support/stored-items.ts';
import { dynamoDbEndpoint } from '#tests/support/store.ts';

const ADMIN_EMAIL = 'dpo@exemple.gouv.fr';
const ADMINISTRATORS = [`${PORTAL_ISSUER}#${ADMIN_EMAIL}`];
const SIAE = { siret: '44306184100047', name: 'Envie Rhône', kind: 'siae', departement: '69' } as const;
const DEPARTEMENT = { siret: '22690001700012', name: 'Département du Rhône', kind: 'conseil_departemental', departement: '69' } as const;

/** Everything personal that goes into the file below: none of it may survive the erasure. */
const SECRETS = {
  firstName: 'Eulalie',
  lastName: 'Quincampoix',
  birthDate: '1987-06-21',
  franceTravailId: '4521987X',
  email: 'eulalie.quincampoix@exemple.fr',
  phone: '0698765432',
  summary: 'Souhaite reprendre une formation de soudeuse.',
  barrier: 'Garde alternée le mercredi',
  action: 'Inscription à la session de soudure TIG',
  message: 'Peux-tu voir pour la garde du mercredi ?',
  joinReason: 'Accompagnement vers la formation qualifiante',
};

const EDITABLE = {
  contact: { email: SECRETS.email, phone: SECRETS.phone, city: 'Vaulx-en-Velin', postcode: '69120' },
  situation: { flags: { rsa: true }, barriers: { gardeEnfants: { note: SECRETS.barrier } } },
  summary: SECRETS.summary,
};
const IDENTITY = { firstName: SECRETS.firstName, lastName: SECRETS.lastName, birthDate: SECRETS.birthDate, franceTravailId: SECRETS.franceTravailId };

const mentionsSecret = (item: StoredItem) => {
  const text = JSON.stringify(item).toLowerCase();
  return Object.values(SECRETS).filter((secret) => text.includes(secret.toLowerCase()));
};

const mentionsPerson = (items: readonly StoredItem[], personId: string) => items.filter((item) => JSON.stringify(item).includes(personId));

describe('RGPD: export and erasure of a person, by an administrator', async () => {
  const otherPortal = await createDevIssuer('https://autre-portail.exemple.fr');
  const api = await testApi({ administrators: ADMINISTRATORS, partners: [otherPortal.trusted(['https://autre-portail.exemple.fr'], TEST_PORTAL_POLICY)] });
  const admin = await api.as({ email: ADMIN_EMAIL, firstName: 'Dominique', lastName: 'Protection' });
  // The same API on the same table, through a store that waits before each request: writes land between an erasure's steps.
  const slowStore = createStore({ endpoint: dynamoDbEndpoint(), table: api.store.table, identitySecret: 'test-identity-secret' });
  slowStore.doc.middlewareStack.add((next) => async (args) => (await new Promise((resolve) => setTimeout(resolve, 40)), next(args)), { step: 'initialize', name: 'slowErasure' });
  const slowAdmin = await (await testApi({ store: slowStore, administrators: ADMINISTRATORS })).as({ email: ADMIN_EMAIL, firstName: 'Dominique', lastName: 'Protection' });

  /** A file with everything a file can hold: members past and present, a request, actions, invitations, reads, an edit. */
  async function buildFile() {
    const referent = await api.as();
    const member = await api.as({ organization: DEPARTEMENT });
    const past = await api.as();
    const requester = await api.as({ organization: SIAE });
    const invitee = await api.as({ organization: SIAE });
    const created = await referent.call('POST', '/persons', {
      body: { identity: IDENTITY, ...EDITABLE, reason: SECRETS.joinReason },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const personId: string = created.body.id;
    const path = `/persons/${personId}`;
    const expectStatus = async (status: number, response: Promise<{ status: number; body: unknown }>) =>
      expect((await response).status, JSON.stringify((await response).body)).toBe(status);

    await expectStatus(200, referent.call('PATCH', `${path}/members/me`, { body: { isReferent: true } }));
    await expectStatus(201, member.call('POST', `${path}/members`, { body: { reason: SECRETS.joinReason } }));
    await expectStatus(201, past.call('POST', `${path}/members`, { body: { reason: 'Suivi emploi' } }));
    await expectStatus(200, past.call('PATCH', `${path}/members/me`, { body: { ended: true } }));
    await expectStatus(202, requester.call('POST', `${path}/members`, { body: { reason: 'Chantier d’insertion' } }));
    await expectStatus(201, referent.call('POST', `${path}/actions`, { body: { date: '2026-11-02', category: 'formation', text: SECRETS.action } }));
    await expectStatus(200, member.call('POST', `${path}/members/${referent.id}/contact`));
    const card = await member.call('GET', path);
    await expectStatus(200, member.call('PATCH', path, { headers: { 'If-Match': card.headers.get('etag')! }, body: EDITABLE }));
    const pending = await referent.call('POST', `${path}/invitations`, { body: { email: 'collegue.absente@exemple.fr', message: SECRETS.message } });
    expect(pending.status).toBe(201);
    const accepted = await member.call('POST', `${path}/invitations`, { body: { email: invitee.claims.email } });
    await expectStatus(201, invitee.call('POST', '/invitations/accept', { body: { token: invitationToken(TEST_INVITATION_SECRET, accepted.body.id) } }));
    return { personId, referent, member, past, requester, invitee, invitationIds: [pending.body.id as string, accepted.body.id as string] };
  }

  const file = await buildFile();

  it('is for administrators only: a member, or the administrator’s e-mail asserted by another portal, is refused', async () => {
    expect((await file.referent.call('GET', `/admin/persons/${file.personId}/export`)).status).toBe(403);
    const impostor = await otherPortal.mint(admin.claims);
    const response = await api.request('POST', `/admin/persons/${file.personId}/erase`, { token: impostor, body: { reason: 'person_request' } });
    expect(response.status).toBe(403);
    expect(response.body.detail).toMatch(/administrateurs/);
  });

  it('exports every piece of the file, professionals named without their contact details, and audits the export', async () => {
    const response = await admin.call('GET', `/admin/persons/${file.personId}/export`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const exported = response.body;

    expect(exported.person).toMatchObject({ id: file.personId, identity: IDENTITY, contact: { email: SECRETS.email, phone: SECRETS.phone }, summary: SECRETS.summary });
    expect(exported.person.situation.barriers.gardeEnfants.note).toBe(SECRETS.barrier);
    expect(exported.profileHistory.map((change: { kind: string }) => change.kind)).toEqual(['person_created', 'person_updated']);
    expect(exported.identityGuards).toMatchObject({ identity: 'hmac-sha256', franceTravailId: 'hmac-sha256' });
    const byPro = (links: { proId: string; status: string }[]) => Object.fromEntries(links.map((link) => [link.proId, link.status]));
    expect(byPro(exported.followUps)).toEqual({
      [file.referent.id]: 'active',
      [file.member.id]: 'active',
      [file.past.id]: 'ended',
      [file.invitee.id]: 'active',
    });
    expect(byPro(exported.joinRequests)).toEqual({ [file.requester.id]: 'pending' });
    expect(exported.followUps.find((link: { proId: string }) => link.proId === file.member.id)).toMatchObject({
      professional: { firstName: file.member.claims.firstName, lastName: file.member.claims.lastName },
      organization: { name: DEPARTEMENT.name },
      reason: SECRETS.joinReason,
    });
    expect(exported.actions.map((action: { text: string }) => action.text)).toEqual([SECRETS.action]);
    expect(exported.invitations.map((invitation: { id: string; status: string }) => [invitation.id, invitation.status]).sort()).toEqual(
      [[file.invitationIds[0], 'pending'], [file.invitationIds[1], 'accepted']].sort(),
    );
    expect(JSON.stringify(exported.invitations)).not.toMatch(/tokenHash/);
    const kinds = exported.audit.map((event: { kind: string }) => event.kind);
    expect(kinds).toEqual(expect.arrayContaining(['person_created', 'joined', 'join_requested', 'follow_up_ended', 'action_added', 'contact_revealed', 'card_read', 'person_updated', 'invitation_sent', 'invitation_accepted', 'exported']));
    expect(exported.audit.find((event: { kind: string }) => event.kind === 'exported').actorId).toBe(admin.id);
    for (const pro of [file.referent, file.member, file.past, file.requester, file.invitee, admin]) {
      expect(exported.professionals[pro.id], pro.claims.email).toMatchObject({ firstName: pro.claims.firstName, lastName: pro.claims.lastName });
    }
    expect(JSON.stringify(exported.professionals)).not.toMatch(/@|0612345678/);
  });

  it('erases the file and keeps its audit, anonymized; the identity is then free', async () => {
    // An audit event as an older version might have written it, with free text: the erasure must strip it.
    const legacy = { id: ulid(), personId: file.personId, actorId: file.referent.id, kind: 'card_read', at: new Date().toISOString(), note: `Vu ${SECRETS.firstName} au guichet` };
    await api.store.doc.send(new PutCommand({ TableName: api.store.table, Item: toItem('audit_event', keys.auditEvent(legacy.personId, legacy.actorId, legacy.at, legacy.id), legacy) }));
    const before = byEntity(await scanTable(api.store), 'audit_event').filter((item) => item.personId === file.personId);

    const response = await admin.call('POST', `/admin/persons/${file.personId}/erase`, { body: { reason: 'person_request' } });

    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({
      personId: file.personId,
      deleted: { profile: true, links: 5, actions: 1, invitations: 2 },
      audit: { kept: before.length + 1, anonymized: 1 },
    });
    const items = await scanTable(api.store);
    expect(items.filter((item) => mentionsSecret(item).length > 0).map((item) => [item.PK, item.SK, mentionsSecret(item)])).toEqual([]);
    const left = mentionsPerson(items, file.personId);
    expect(left.filter((item) => item.entity !== 'audit_event').map((item) => `${item.PK} ${item.SK}`)).toEqual([]);
    expect(left).toHaveLength(before.length + 1);
    expect(left.every((item) => isAnonymized(fromItem(item)))).toBe(true);
    expect(left.find((item) => item.kind === 'erased')).toMatchObject({ actorId: admin.id, erasureGround: 'person_request' });
    const emails = byEntity(items, 'outbox_email').filter((email) => file.invitationIds.includes(email.content.invitationId));
    expect(emails).toEqual([]);

    const lookup = await file.referent.call('POST', '/persons/lookup', { body: IDENTITY });
    expect(lookup.body).toEqual({ found: false });
    expect((await file.member.call('GET', `/persons/${file.personId}`)).status).toBe(404);
    expect((await file.referent.call('GET', '/follow-ups')).body.items).toEqual([]);
    expect((await admin.call('GET', `/admin/persons/${file.personId}/export`)).status).toBe(404);
    expect((await admin.call('POST', `/admin/persons/${file.personId}/erase`, { body: { reason: 'person_request' } })).status).toBe(404);

    const again = await file.referent.call('POST', '/persons', { body: { ...newPerson(IDENTITY), reason: 'Nouveau suivi' } });
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    expect(again.body.id).not.toBe(file.personId);
  });

  it('a member writing during the erasure leaves nothing behind', async () => {
    const referent = await api.as();
    const member = await api.as({ organization: DEPARTEMENT });
    const newcomer = await api.as();
    const personId = (await referent.call('POST', '/persons', { body: { ...newPerson({ lastName: 'Concurrente' }), reason: 'Suivi' } })).body.id as string;
    await member.call('POST', `/persons/${personId}/members`, { body: { reason: 'RSA' } });

    let erasing = true;
    const statuses: number[] = [];
    const invitationIds: string[] = [];
    const keepWriting = async (write: (round: number) => Promise<{ status: number; body: any }>) => {
      for (let round = 0; erasing; round += 1) {
        const response = await write(round);
        statuses.push(response.status);
        if (response.status === 201 && response.body?.email) invitationIds.push(response.body.id);
      }
    };
    const writers = [
      keepWriting((round) => referent.call('POST', `/persons/${personId}/actions`, { body: { date: '2026-11-02', category: 'emploi', text: `Relance ${round}` } })),
      keepWriting((round) => member.call('POST', `/persons/${personId}/invitations`, { body: { email: `relais.${round}@exemple.fr` } })),
      keepWriting(() => newcomer.call('POST', `/persons/${personId}/members`, { body: { reason: 'Logement' } })),
      keepWriting(() => member.call('GET', `/persons/${personId}`)),
    ];
    await new Promise((resolve) => setTimeout(resolve, 150));
    const erased = await slowAdmin.call('POST', `/admin/persons/${personId}/erase`, { body: { reason: 'person_request' } });
    erasing = false;
    await Promise.all(writers);

    expect(erased.status, JSON.stringify(erased.body)).toBe(200);
    expect(statuses.filter((status) => status < 300).length, 'writes before the erasure').toBeGreaterThan(0);
    expect(statuses.filter((status) => status === 404).length, 'writes refused by the erasure').toBeGreaterThan(0);
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
    const items = await scanTable(api.store);
    expect(mentionsPerson(items, personId).filter((item) => item.entity !== 'audit_event').map((item) => `${item.PK} ${item.SK}`)).toEqual([]);
    expect(byEntity(items, 'outbox_email').filter((email) => invitationIds.includes(email.content.invitationId))).toEqual([]);
  });
});
