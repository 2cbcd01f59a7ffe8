import { describe, expect, it } from 'vitest';
import { AdministratorEntry, assertAdministrator, isAdministrator } from '#domain/administrators.ts';
import { isDomainError } from '#domain/errors.ts';
import { anonymizeAuditEvent, isAnonymized } from '#domain/personal-data.ts';

const SESSION = { issuer: 'urn:gps:session', kind: 'session' } as const;
const PORTAL = { issuer: 'https://portail.exemple.fr', kind: 'partner' } as const;
const OTHER_PORTAL = { issuer: 'https://autre.exemple.fr', kind: 'partner' } as const;
const entries = (...list: string[]) => list.map((entry) => AdministratorEntry.parse(entry));

describe('administrators: named by the operator, trusted only where the e-mail is proven', () => {
  it('reads `e-mail` and `<issuer>#<e-mail>` entries, lower-casing the e-mail', () => {
    expect(entries(' DPO@Exemple.fr ', 'https://portail.exemple.fr#Admin@Portail.fr')).toEqual([
      { email: 'dpo@exemple.fr' },
      { issuer: 'https://portail.exemple.fr', email: 'admin@portail.fr' },
    ]);
    expect(AdministratorEntry.safeParse('pas-une-adresse').success).toBe(false);
    expect(AdministratorEntry.safeParse('#dpo@exemple.fr').success).toBe(false);
  });

  it('an e-mail alone counts only through GPS’s own sign-in', () => {
    const admins = entries('dpo@exemple.fr');
    expect(isAdministrator(admins, { email: 'DPO@exemple.fr', issuer: SESSION })).toBe(true);
    expect(isAdministrator(admins, { email: 'dpo@exemple.fr', issuer: PORTAL })).toBe(false);
  });

  it('a partner’s professional counts only if listed with that very issuer', () => {
    const admins = entries('https://portail.exemple.fr#admin@portail.fr');
    expect(isAdministrator(admins, { email: 'admin@portail.fr', issuer: PORTAL })).toBe(true);
    expect(isAdministrator(admins, { email: 'admin@portail.fr', issuer: OTHER_PORTAL })).toBe(false);
    expect(isAdministrator(admins, { email: 'admin@portail.fr', issuer: SESSION })).toBe(false);
  });

  it('nobody is an administrator unless listed; the refusal is a 403-kind error', () => {
    expect(isAdministrator([], { email: 'dpo@exemple.fr', issuer: SESSION })).toBe(false);
    let refusal: unknown;
    try {
      assertAdministrator([], { email: 'dpo@exemple.fr', issuer: SESSION });
    } catch (error) {
      refusal = error;
    }
    expect(isDomainError(refusal, 'forbidden')).toBe(true);
  });
});

describe('anonymized audit events keep who, what, when, and nothing else', () => {
  const event = { id: '01JC0000000000000000000001', personId: '01JC0000000000000000000002', actorId: '01JC0000000000000000000003', kind: 'card_read', at: '2026-11-02T10:00:00.000Z' };

  it('drops any field outside the allow-list', () => {
    const withText = { ...event, targetProId: '01JC0000000000000000000004', note: 'Vu Léa Dubois au guichet', reason: 'RSA' };
    expect(anonymizeAuditEvent(withText)).toEqual({ ...event, targetProId: '01JC0000000000000000000004' });
    expect(isAnonymized(withText)).toBe(false);
    expect(isAnonymized(anonymizeAuditEvent(withText))).toBe(true);
  });

  it('leaves an event that holds nothing more unchanged', () => {
    expect(anonymizeAuditEvent(event)).toEqual(event);
    expect(isAnonymized(event)).toBe(true);
  });

  it('keeps the peers a link opened with: professionals’ ids, which the social graph is recounted from', () => {
    const joined = { ...event, kind: 'joined', peers: ['01JC0000000000000000000004', '01JC0000000000000000000005'] };
    expect(anonymizeAuditEvent(joined)).toEqual(joined);
    expect(isAnonymized(joined)).toBe(true);
  });
});
