import type { Professional } from '#domain/professional.ts';
import type { Store } from '#store/client.ts';
import { join } from '#store/follow-ups.ts';
import { createPerson } from '#store/persons.ts';
import { ensureProfessional } from '#store/professionals.ts';
import { newPerson, proClaims } from '#tests/support/fixtures.ts';
import type { DevIssuer } from '#local/dev-issuer.ts';

/** Person names take letters only: 407 → "eah". */
export const lettersOf = (n: number) => [...String(n)].map((digit) => String.fromCharCode(97 + Number(digit))).join('');

export type Speaker = { pro: Professional; token: string };

/** A registered professional of France Travail (joins directly) and a token for them. */
export async function speaker(store: Store, issuer: DevIssuer): Promise<Speaker> {
  const claims = proClaims();
  const [pro, token] = await Promise.all([ensureProfessional(store, claims, { registerOrganization: true }), issuer.mint(claims)]);
  return { pro, token };
}

/** A card and the one professional who reads it under load (see load.ts). */
export type Reader = { personId: string; proId: string; token: string };

/**
 * `count` persons, each created by its own professional and joined by the next three: a
 * card with four members, as the card and members routes read it.
 */
export async function createReaders(store: Store, issuer: DevIssuer, count: number): Promise<Reader[]> {
  // Ten at a time: fifty transactions at once on a JVM just started went past the SDK's 5 s timeout on a loaded machine.
  const speakers: Speaker[] = [];
  for (let first = 0; first < count; first += 10) speakers.push(...(await Promise.all(Array.from({ length: Math.min(10, count - first) }, () => speaker(store, issuer)))));
  const readers: Reader[] = [];
  for (let first = 0; first < count; first += 10) {
    const batch = speakers.slice(first, first + 10).map(async ({ pro, token }, offset) => {
      const index = first + offset;
      const person = await createPerson(store, pro, newPerson({ lastName: `Banc ${lettersOf(index)}` }), { reason: 'Accompagnement vers l’emploi' });
      for (const next of [1, 2, 3]) {
        await join(store, speakers[(index + next) % count]!.pro, person.id, { reason: 'Suivi', mode: 'direct', source: 'self' });
      }
      return { personId: person.id, proId: pro.id, token };
    });
    readers.push(...(await Promise.all(batch)));
  }
  return readers;
}
