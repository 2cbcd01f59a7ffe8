import { describe, expect, it } from 'vitest';
import { assertActiveMember, assertCanAnswerJoinRequest, joinMode } from '#domain/access.ts';
import { isDomainError } from '#domain/errors.ts';
import type { FollowUp } from '#domain/follow-up.ts';
import { isIdle } from '#domain/lifecycle.ts';
import type { Organization } from '#domain/organization.ts';
import { assertCanBecomeReferent } from '#domain/referent.ts';

const org = (kind: Organization['kind'], siret = '12345678900011'): Organization => ({ siret, name: 'Structure', kind });

const link = (overrides: Partial<FollowUp> = {}): FollowUp => ({
  personId: '01K0000000000000000000PERS',
  proId: '01K00000000000000000000PRO',
  professional: { firstName: 'Camille', lastName: 'Martin' },
  organization: org('france_travail'),
  person: { firstName: 'Léa', lastName: 'Dubois', birthDate: '1994-03-12' },
  reason: 'Suivi',
  status: 'active',
  isReferent: false,
  certified: false,
  source: 'self',
  startedAt: '2026-01-01T00:00:00.000Z',
  lastActivityAt: '2026-01-01T00:00:00.000Z',
  ...overrides,
});

const kindOf = (run: () => unknown) => {
  try {
    run();
    return 'allowed';
  } catch (error) {
    return isDomainError(error) ? error.kind : 'unexpected';
  }
};

describe('access rules', () => {
  const policy = { authorizedSirets: new Set(['44306184100047']) };

  it.each([
    ['france_travail', 'direct'],
    ['mission_locale', 'direct'],
    ['cap_emploi', 'direct'],
    ['conseil_departemental', 'direct'],
    ['ccas_cias', 'request'],
    ['siae', 'request'],
    ['association', 'request'],
  ] as const)('a professional of %s joins by %s', (kind, mode) => {
    expect(joinMode(org(kind), policy)).toBe(mode);
  });

  it('an organization the operator authorised, or an invitation, joins directly', () => {
    expect(joinMode(org('siae', '44306184100047'), policy)).toBe('direct');
    expect(joinMode(org('ccas_cias'), policy, true)).toBe('direct');
  });

  it('only active members read a file; past members, requesters and strangers hear "not found"', () => {
    expect(kindOf(() => assertActiveMember(link()))).toBe('allowed');
    expect(kindOf(() => assertActiveMember(link({ status: 'ended' })))).toBe('not_found');
    expect(kindOf(() => assertActiveMember(link({ status: 'pending' })))).toBe('not_found');
    expect(kindOf(() => assertActiveMember(undefined))).toBe('not_found');
  });

  it('a member answers someone else’s request, never their own', () => {
    const request = link({ proId: '01K000000000000000000OTHER', status: 'pending' });
    expect(kindOf(() => assertCanAnswerJoinRequest(link(), request))).toBe('allowed');
    expect(kindOf(() => assertCanAnswerJoinRequest(link(), link({ status: 'active', proId: request.proId })))).toBe('not_found');
    expect(kindOf(() => assertCanAnswerJoinRequest(link({ status: 'ended' }), request))).toBe('not_found');
  });
});

describe('referent rules', () => {
  const other = link({ proId: '01K000000000000000000OTHER', isReferent: true });

  it('any active member takes the role from a self-declared referent', () => {
    expect(assertCanBecomeReferent(link(), other)).toBe(true);
    expect(assertCanBecomeReferent(link(), undefined)).toBe(true);
  });

  it('is nothing to do for the current referent', () => {
    expect(assertCanBecomeReferent(link({ isReferent: true }), link({ isReferent: true }))).toBe(false);
  });

  it('never replaces a certified referent, and never lets a non-member in', () => {
    expect(kindOf(() => assertCanBecomeReferent(link(), { ...other, certified: true }))).toBe('forbidden');
    expect(kindOf(() => assertCanBecomeReferent(link({ status: 'pending' }), other))).toBe('not_found');
  });
});

describe('automatic end of idle follow-ups', () => {
  const now = new Date('2026-11-22T10:00:00.000Z');

  it('ends a follow-up idle for two years, not a day less', () => {
    expect(isIdle(link({ lastActivityAt: '2024-11-22T10:00:00.000Z' }), now)).toBe(true);
    expect(isIdle(link({ lastActivityAt: '2024-11-23T10:00:00.000Z' }), now)).toBe(false);
    expect(isIdle(link({ lastActivityAt: '2020-01-01T00:00:00.000Z', status: 'ended' }), now)).toBe(false);
  });
});
