import * as z from './zod.ts';
import { Email } from './common.ts';
import { forbidden } from './errors.ts';

/**
 * Who may export or erase a person's data (RGPD requests): the operator lists them by name in
 * configuration, never by organization or role, since these rights reach every file.
 *
 * An e-mail alone is trusted only from GPS's own sign-in (an issuer of kind `session`, behind
 * ProConnect), which proves the e-mail. A partner portal asserts its users' e-mails itself,
 * so one of its professionals is an administrator only if listed with that issuer:
 * `<issuer>#<e-mail>` (an issuer identifier never has a fragment, so `#` is unambiguous).
 */
export const AdministratorEntry = z
  .string()
  .trim()
  .transform((entry) => {
    const at = entry.lastIndexOf('#');
    return at < 0 ? { email: entry } : { issuer: entry.slice(0, at), email: entry.slice(at + 1) };
  })
  .pipe(z.strictObject({ issuer: z.string().min(1).optional(), email: Email }));
export type AdministratorEntry = z.infer<typeof AdministratorEntry>;

export type CallerIdentity = { email: string; issuer: { issuer: string; kind: 'session' | 'partner' } };

export const isAdministrator = (administrators: readonly AdministratorEntry[], caller: CallerIdentity): boolean =>
  administrators.some(
    (entry) =>
      entry.email === caller.email.toLowerCase() &&
      (entry.issuer === undefined ? caller.issuer.kind === 'session' : entry.issuer === caller.issuer.issuer),
  );

export function assertAdministrator(administrators: readonly AdministratorEntry[], caller: CallerIdentity): void {
  if (!isAdministrator(administrators, caller)) {
    throw forbidden('Réservé aux administrateurs de GPS désignés par l’opérateur du service.');
  }
}
