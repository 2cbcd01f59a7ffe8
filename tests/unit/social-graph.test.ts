import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR, type AuditEvent } from '#domain/audit-event.ts';
import type { FollowUp } from '#domain/follow-up.ts';
import { assertInviterStillMember, assertOpenTo, assertUsable, isAddressedTo, linkIn, effectiveStatus, invitationToken, tokenHash, type Invitation } from '#domain/invitation.ts';
import { noticeFor, recipientsOf } from '#domain/notifications.ts';
import { retryDelayMs } from '#domain/outbox.ts';
import { DEFAULT_NOTIFICATIONS } from '#domain/professional.ts';
import { countedBy, daysBetween, dimensionsOf, statsPeriod, weekOf } from '#domain/stats.ts';

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
  it('counts links for whoever joins, and invitations for the inviter', () => {
    expect(countedBy(event('joined'))).toEqual([{ metric: 'links_created', proId: A }]);
    expect(countedBy(event('join_accepted', { targetProId: B }))).toEqual([{ metric: 'links_created', proId: B }]);
    expect(countedBy(event('invitation_accepted', { targetProId: B }))).toEqual([
      { metric: 'links_created', proId: A },
      { metric: 'invitations_accepted', proId: B },
    ]);
    expect(countedBy(event('follow_up_ended', { actorId: SYSTEM_ACTOR, targetProId: B }))).toEqual([{ metric: 'links_ended', proId: B }]);
    expect(countedBy(event('card_read'))).toEqual([]);
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
