import { describe, expect, it } from 'vitest';
import { franceTravailDigest, identityDigest, identityKey, normalizeName } from '#domain/identity.ts';

describe('exact identity matching', () => {
  it.each([
    ['Jean-Édouard', 'jeanedouard'],
    ['  JEAN   EDOUARD ', 'jeanedouard'],
    ["D'Arçy", 'darcy'],
    ['D’ARCY', 'darcy'],
    ['Lætitia', 'laetitia'],
    ['Cœur', 'coeur'],
    ['Nguyễn', 'nguyen'],
    ['Müller', 'muller'],
  ])('writes %j as %j', (name, normalized) => {
    expect(normalizeName(name)).toBe(normalized);
  });

  it('keeps first and last names apart, so swapping them is another identity', () => {
    const a = identityKey({ firstName: 'Martin', lastName: 'Thomas', birthDate: '1990-01-01' });
    const b = identityKey({ firstName: 'Thomas', lastName: 'Martin', birthDate: '1990-01-01' });
    expect(a).not.toBe(b);
  });

  it('keys the digest with the secret, so the table alone cannot test guesses', () => {
    const identity = { firstName: 'Léa', lastName: 'Dubois', birthDate: '1994-03-12' };
    expect(identityDigest('s1', identity)).toBe(identityDigest('s1', { ...identity, lastName: 'DUBOIS' }));
    expect(identityDigest('s1', identity)).not.toBe(identityDigest('s2', identity));
    expect(identityDigest('s1', identity)).not.toContain('dubois');
    expect(franceTravailDigest('s1', '1234567a')).toBe(franceTravailDigest('s1', '1234 567A'));
  });
});
