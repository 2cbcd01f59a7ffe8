import { describe, expect, it } from 'vitest';
import { AuditEvent, PEERS_MAX, SYSTEM_ACTOR, peersOf } from '#domain/audit-event.ts';
import type { FollowUp } from '#domain/follow-up.ts';
import { assertInviterStillMember, assertOpenTo, assertUsable, isAddressedTo, linkIn, effectiveStatus, invitationToken, tokenHash, type Invitation } from '#domain/invitation.ts';
import { noticeFor, recipientsOf } from '#domain/notifications.ts';
import { retryDelayMs } from '#domain/outbox.ts';
import { DEFAULT_NOTIFICATIONS } from '#domain/professional.ts';
import { IMPORT_PROVENANCE } from '#domain/federation.ts';
import type { Organization } from '#domain/organization.ts';
import { suppress } from '#domain/public-stats.ts';
import { activeProfessional, countedBy, daysBetween, dimensionsOf, gaugeTally, pairDimensions, pairsOf, statsPeriod, weekOf } from '#domain/stats.ts';
import { publicWeeks } from '../../functions/api/stats.ts';

const A = '01JC000000000000000000000A';
const B = '01JC000000000000000000000B';
const C = '01JC000000000000000000000C';
const event = (kind: AuditEvent['kind'], extra: Partial<AuditEvent> = {}): AuditEvent => ({
  id: '01JC00000000000000000000EV',
  personId: '01JC00000000000000000000PE',
  actorId: A,
  kind,
  at: '2026-11-19T10:00:00.000Z',
  issuer: 'https://portail.exemple.fr',
  ...extra,
});

describe('what an audit event counts for', () => {
  it('counts links for whoever joins, by how the link came, and invitations for the inviter', () => {
    expect(countedBy(event('joined'))).toEqual([{ metric: 'links_created', proId: A, also: ['source:professional'] }]);
    expect(countedBy(event('joined', { issuer: IMPORT_PROVENANCE.issuer }))).toEqual([{ metric: 'links_created', proId: A, also: ['source:import'] }]);
    expect(countedBy(event('person_created', { issuer: IMPORT_PROVENANCE.issuer }))).toEqual([{ metric: 'links_created', proId: A, also: ['source:import'] }]);
    expect(countedBy(event('join_accepted', { targetProId: B }))).toEqual([{ metric: 'links_created', proId: B, also: ['source:professional'] }]);
    expect(countedBy(event('invitation_accepted', { targetProId: B }))).toEqual([
      { metric: 'links_created', proId: A, also: ['source:invitation'] },
      { metric: 'invitations_accepted', proId: B },
    ]);
    expect(countedBy(event('follow_up_ended', { actorId: SYSTEM_ACTOR, targetProId: B }))).toEqual([{ metric: 'links_ended', proId: B }]);
    expect(countedBy(event('card_read'))).toEqual([]);
  });

  it('puts whoever a link opens for in touch with each peer the event names, and a revealer with the member revealed', () => {
    const links = (...pairs: [string, string][]) => pairs.map((proIds) => ({ metric: 'links_between', proIds }));
    expect(pairsOf(event('contact_revealed', { targetProId: B }))).toEqual([{ metric: 'reveals_between', proIds: [A, B] }]);
    expect(pairsOf(event('joined', { peers: [B, C] }))).toEqual(links([A, B], [A, C]));
    expect(pairsOf(event('joined', { peers: [B], issuer: IMPORT_PROVENANCE.issuer }))).toEqual(links([A, B]));
    expect(pairsOf(event('person_created', { peers: [] }))).toEqual([]);
    expect(pairsOf(event('invitation_accepted', { targetProId: B, peers: [B, C] }))).toEqual(links([A, B], [A, C]));
    // A request accepted: the actor answered, the requester (target) is whose link opened.
    expect(pairsOf(event('join_accepted', { targetProId: B, peers: [A, C] }))).toEqual(links([B, A], [B, C]));
    expect(pairsOf(event('referent_changed', { targetProId: B }))).toEqual([]);
  });

  it('keeps the one named pair of the events written before peers were recorded, and none for a join alone', () => {
    expect(pairsOf(event('invitation_accepted', { targetProId: B }))).toEqual([{ metric: 'links_between', proIds: [A, B] }]);
    expect(pairsOf(event('join_accepted', { targetProId: B }))).toEqual([{ metric: 'links_between', proIds: [A, B] }]);
    expect(pairsOf(event('joined'))).toEqual([]);
    expect(pairsOf(event('person_created'))).toEqual([]);
  });

  it('records as peers the other active members, the inviter or answerer first, then the longest-standing, at most PEERS_MAX', () => {
    const member = (proId: string, startedAt: string, status = 'active') => ({ proId, status, startedAt });
    const group = [member(C, '2026-03-01T00:00:00.000Z'), member(B, '2026-01-01T00:00:00.000Z'), member(A, '2026-02-01T00:00:00.000Z'), member('01JC000000000000000000000D', '2025-01-01T00:00:00.000Z', 'ended')];
    expect(peersOf(group, A)).toEqual([B, C]);
    expect(peersOf(group, A, C)).toEqual([C, B]);
    expect(peersOf([], A)).toEqual([]);
    const big = Array.from({ length: PEERS_MAX + 5 }, (_, index) => member(`01JC${String(index).padStart(22, '0')}`, `2026-01-01T00:00:${String(index % 60).padStart(2, '0')}.000Z`));
    expect(peersOf(big, A, B)).toHaveLength(PEERS_MAX);
    expect(peersOf(big, A, B)[0]).toBe(B);
    // The stored event holds to it: no peer twice, no more than PEERS_MAX.
    expect(AuditEvent.safeParse(event('joined', { peers: [B, C] })).success).toBe(true);
    expect(AuditEvent.safeParse(event('joined', { peers: [B, B] })).success).toBe(false);
    expect(AuditEvent.safeParse(event('joined', { peers: big.map((m) => m.proId) })).success).toBe(false);
  });

  it('tells the service public de l’emploi from the other actors, and colleagues of one establishment from the rest', () => {
    const ft: Organization = { siret: '13000548100010', name: 'France Travail Lyon', kind: 'france_travail', departement: '69' };
    const ml: Organization = { siret: '30000000000014', name: 'Mission Locale', kind: 'mission_locale', departement: '75' };
    const ccas: Organization = { siret: '26690001700017', name: 'CCAS', kind: 'ccas_cias', departement: '69' };
    expect(pairDimensions(ft, ccas)).toEqual(['all', 'sides:spe_autre', 'organization:other']);
    expect(pairDimensions(ccas, ft)).toEqual(['all', 'sides:spe_autre', 'organization:other']);
    expect(pairDimensions(ft, ml)).toEqual(['all', 'sides:spe_spe', 'organization:other']);
    expect(pairDimensions(ft, { ...ft, name: 'Même SIRET' })).toEqual(['all', 'sides:spe_spe', 'organization:same']);
    expect(pairDimensions(ccas, ccas)).toEqual(['all', 'sides:autre_autre', 'organization:same']);
    expect(pairDimensions(undefined, ccas)).toEqual(['all', 'sides:autre_autre', 'organization:other']);
  });

  it('counts what professionals do as activity, not what GPS, an import or the person in their own space does', () => {
    expect(activeProfessional(event('card_read'))).toBe(A);
    expect(activeProfessional(event('follow_up_ended', { actorId: SYSTEM_ACTOR, targetProId: B }))).toBeUndefined();
    expect(activeProfessional(event('joined', { issuer: IMPORT_PROVENANCE.issuer }))).toBeUndefined();
    expect(activeProfessional(event('action_added', { actorId: '01JC00000000000000000000PE' }))).toBeUndefined();
  });

  it('tallies the gauges: persons followed and without référent once per kind and département of their members, professionals by their organization', () => {
    const ft: Organization = { siret: '13000548100010', name: 'FT', kind: 'france_travail', departement: '69' };
    const ccas: Organization = { siret: '26690001700017', name: 'CCAS', kind: 'ccas_cias', departement: '69' };
    const tally = gaugeTally();
    const link = (personId: string, organization: Organization, extra: { status?: string; isReferent?: boolean } = {}) =>
      tally.link({ personId, organization, status: extra.status ?? 'active', isReferent: extra.isReferent ?? false });
    link('P1', ft);
    link('P1', ft);
    link('P1', ccas);
    link('P2', ft, { isReferent: true });
    link('P2', ccas);
    link('P3', ccas, { status: 'ended', isReferent: true });
    link('P3', ccas);
    tally.professional(ft);
    tally.professional(ccas);
    tally.professional(undefined);
    expect(tally.gauges()).toEqual({
      persons_followed: { all: 3, 'departement:69': 3, 'kind:france_travail': 2, 'kind:ccas_cias': 3 },
      persons_without_referent: { all: 2, 'departement:69': 2, 'kind:france_travail': 1, 'kind:ccas_cias': 2 },
      professionals_known: { all: 3, 'departement:69': 2, 'departement:inconnu': 1, 'kind:france_travail': 1, 'kind:ccas_cias': 1, 'kind:autre': 1 },
    });
  });

  it('keeps every count in total, per département and per kind', () => {
    expect(dimensionsOf({ siret: '13000548100010', name: 'FT', kind: 'france_travail', departement: '2A' })).toEqual(['all', 'departement:2A', 'kind:france_travail']);
    expect(dimensionsOf({ siret: '13000548100010', name: 'Asso', kind: 'association' })).toEqual(['all', 'departement:inconnu', 'kind:association']);
  });

  it('knows ISO weeks and periods', () => {
    expect(weekOf('2026-11-22T23:59:59.000Z')).toBe('2026-11-16');
    expect(weekOf('2026-11-23T00:00:00.000Z')).toBe('2026-11-23');
    expect(daysBetween('2026-02-27', '2026-03-02')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
    expect(statsPeriod({}, new Date('2026-11-23T12:00:00Z'))).toEqual({ from: '2026-09-01', to: '2026-11-23' });
    expect(() => statsPeriod({ from: '2026-11-02', to: '2026-11-01' }, new Date())).toThrow(/précéder/);
    expect(() => statsPeriod({ from: '2024-01-01', to: '2026-01-01' }, new Date())).toThrow(/366 jours/);
  });
});

describe('the public statistics', () => {
  it('publish complete weeks only, the last one ended on the Sunday before', () => {
    expect(publicWeeks(new Date('2026-11-25T10:00:00Z'), 3)).toEqual({ weeks: ['2026-11-02', '2026-11-09', '2026-11-16'], from: '2026-11-02', to: '2026-11-22' });
    expect(publicWeeks(new Date('2026-11-23T00:00:00Z'), 1)).toEqual({ weeks: ['2026-11-16'], from: '2026-11-16', to: '2026-11-22' });
  });

  it('hide every cell under the threshold, zero included, and the total with them', () => {
    const { total, axes } = suppress([12, 4, 0], { kind: { ft: [7, 4, 0], ccas: [5, 0, 0] } }, 5);
    expect(total).toEqual([12, null, null]);
    expect(axes.kind).toEqual({ ft: [7, null, null], ccas: [5, null, null] });
  });

  it('hide the smallest cells shown too when a difference with the total would tell a hidden one', () => {
    // Week 1, 20 = 12 + 6 + 2: the 2 alone would be 20 − 12 − 6; with the 6 hidden as well, the two hidden cells hold 8 and tell neither.
    expect(suppress([20, 30], { kind: { a: [12, 10], b: [6, 10], c: [2, 10] } }, 5).axes.kind).toEqual({ a: [12, 10], b: [null, 10], c: [null, 10] });
    // Two hidden cells that hold less than the threshold together (1 + 2 = 30 − 17 − 10) would tell they are small: one more is hidden.
    expect(suppress([30, 40], { kind: { a: [17, 10], b: [10, 10], c: [1, 10], d: [2, 10] } }, 5).axes.kind).toEqual({ a: [17, 10], b: [null, 10], c: [null, 10], d: [null, 10] });
    // Hidden cells that can only be empty tell nobody anything: the others stay.
    expect(suppress([18, 20], { sides: { a: [12, 10], b: [6, 10], c: [0, 0] } }, 5).axes.sides).toEqual({ a: [12, 10], b: [6, 10] });
    // Nothing hidden, nothing to protect.
    expect(suppress([30], { kind: { a: [17], b: [13] } }, 5).axes.kind).toEqual({ a: [17], b: [13] });
  });

  it('leave out a category whose every cell is hidden: that it exists is not published', () => {
    const { axes } = suppress([40, 41], { departement: { '69': [20, 21], '75': [17, 18], '976': [3, 2] } }, 5);
    // The 3 and the 2 alone would be told by difference: the 17 and 18 are hidden with them, and both départements are left out.
    expect(axes.departement).toEqual({ '69': [20, 21] });
  });

  it('follow the configured threshold', () => {
    expect(suppress([9], { kind: { a: [6], b: [3] } }, 3).axes.kind).toEqual({ a: [6], b: [3] });
    expect(suppress([9], { kind: { a: [6], b: [3] } }, 5)).toEqual({ total: [9], axes: { kind: {} } });
    expect(suppress([9], { kind: { a: [6], b: [3] } }, 10)).toEqual({ total: [null], axes: { kind: {} } });
  });
});

describe('who hears about an event', () => {
  const member = (proId: string, status: FollowUp['status'] = 'active') => ({ proId, status }) as FollowUp;
  const group = [member(A), member(B), member(C, 'ended')];

  it('tells the other current members of a join, never the one who joined nor past members', () => {
    const notice = noticeFor(event('joined', { actorId: B }))!;
    expect(recipientsOf(notice, group, new Map())).toEqual([A]);
  });

  it('tells the former referent only, and nobody when a referent steps down', () => {
    expect(recipientsOf(noticeFor(event('referent_changed', { actorId: A, targetProId: B }))!, group, new Map())).toEqual([B]);
    expect(noticeFor(event('referent_changed', { actorId: A, targetProId: A }))).toBeUndefined();
  });

  it('always tells a removed member, whatever their opt-outs, and counts their link as ended', () => {
    const removal = event('member_removed', { actorId: A, targetProId: C });
    const silenced = new Map([[C, { memberJoined: false, joinRequested: false, referentReplaced: false, personNeeds: false }]]);
    expect(recipientsOf(noticeFor(removal)!, group, silenced)).toEqual([C]);
    expect(countedBy(removal)).toEqual([{ metric: 'links_ended', proId: C }]);
  });

  it('respects each opt-out', () => {
    const notice = noticeFor(event('join_requested', { actorId: C }))!;
    const preferences = new Map([[B, { ...DEFAULT_NOTIFICATIONS, joinRequested: false }]]);
    expect(recipientsOf(notice, group, preferences)).toEqual([A]);
  });
});

describe('invitations', () => {
  const invitation = {
    email: 'thomas@envie.fr',
    status: 'pending',
    createdAt: '2026-11-01T00:00:00.000Z',
    expiresAt: '2026-11-15T00:00:00.000Z',
  } as Invitation;

  it('derive a 256-bit token from their id and store only its hash', () => {
    const token = invitationToken('a-secret-of-at-least-thirty-two-chars', A);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(invitationToken('another-secret-of-at-least-thirty-two', A)).not.toBe(token);
    expect(tokenHash(token)).not.toBe(token);
    expect(tokenHash(token)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('expire, and each unusable state says why', () => {
    expect(effectiveStatus(invitation, new Date('2026-11-14T23:59:59Z'))).toBe('pending');
    expect(effectiveStatus(invitation, new Date('2026-11-15T00:00:00Z'))).toBe('expired');
    expect(() => assertUsable(invitation, new Date('2026-11-16T00:00:00Z'))).toThrow(/expiré/);
    expect(() => assertUsable({ ...invitation, status: 'accepted' }, new Date('2026-11-02T00:00:00Z'))).toThrow(/déjà été utilisée/);
    expect(() => assertUsable(undefined, new Date())).toThrow(/n’est pas valable/);
  });

  it('open the group to their addressee only; anyone else may ask once, and never hears the address', () => {
    expect(isAddressedTo(invitation, 'Thomas@Envie.fr')).toBe(true);
    expect(isAddressedTo(invitation, 'autre@envie.fr')).toBe(false);
    expect(() => assertOpenTo(invitation, 'autre@envie.fr')).not.toThrow();
    const asked = { ...invitation, requestedBy: B } as Invitation;
    expect(() => assertOpenTo(asked, 'encore@envie.fr')).toThrow(/déjà servi à une demande/);
    expect(() => assertOpenTo(asked, 'encore@envie.fr')).not.toThrow(/thomas/);
    expect(() => assertOpenTo(asked, 'thomas@envie.fr')).not.toThrow();
  });

  it('end with their inviter’s follow-up, even if the inviter came back since', () => {
    expect(() => assertInviterStillMember(invitation, { status: 'active', startedAt: '2026-10-01T00:00:00.000Z' })).not.toThrow();
    expect(() => assertInviterStillMember(invitation, { status: 'ended', startedAt: '2026-10-01T00:00:00.000Z' })).toThrow(/ne fait plus partie/);
    expect(() => assertInviterStillMember(invitation, { status: 'active', startedAt: '2026-11-02T00:00:00.000Z' })).toThrow(/ne fait plus partie/);
    expect(() => assertInviterStillMember(invitation, undefined)).toThrow(/ne fait plus partie/);
  });

  it('carry no link in their message, however it is written', () => {
    for (const message of ['Voir https://faux-gps.fr/connexion', 'www.exemple.fr', 'ｈｔｔｐｓ：／／x.fr', 'exemple.com/page', 'écrivez à camille@exemple.fr']) {
      expect(linkIn(message), message).toBeDefined();
    }
    expect(linkIn('Bonjour, je suis sa conseillère. À bientôt !')).toBeUndefined();
  });
});

describe('e-mail retries', () => {
  it('back off from one minute to six hours at most', () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([60_000, 120_000, 240_000, 480_000]);
    expect(retryDelayMs(20)).toBe(6 * 3_600_000);
  });
});
