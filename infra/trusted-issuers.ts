import { TrustedIssuer, type TrustedIssuerRegistration } from '../functions/domain/federation.ts';
import * as z from '../functions/domain/zod.ts';

/** The audience GPS's API expects in a partner's tokens unless its registration says otherwise. */
export const PARTNER_AUDIENCE = 'gps-api';

/**
 * A partner portal's token issuer, as the operator registers it (README, « Onboarding a partner
 * portal »): what `TrustedIssuer` takes, but its kind, which is always `partner`, and its
 * audience, `gps-api` by default. Its assertion `policy` and its `allowedOrigins` are required.
 */
export type PartnerIssuer = Omit<TrustedIssuerRegistration, 'kind' | 'audience'> & { audience?: string };

/**
 * One partner's registration, checked by the same schema the functions check it with at
 * start-up, so that a bad entry fails the synthesis rather than every function's cold start.
 * Its kind is forced to `partner` after the spread: a partner entry can never become the
 * session issuer (whose `*` policy vouches for any verified e-mail), and one that says
 * otherwise is refused rather than silently corrected.
 */
export function partnerIssuer(entry: unknown, index = 0): TrustedIssuer & { kind: 'partner' } {
  const where = `GPS_TRUSTED_ISSUERS[${index}]`;
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw new Error(`${where} : un objet est attendu.`);
  const { kind } = entry as { kind?: unknown };
  if (kind !== undefined && kind !== 'partner') {
    throw new Error(`${where} : « kind » ne peut valoir que « partner » ici (reçu ${JSON.stringify(kind)}) ; l’émetteur de session est celui de GPS.`);
  }
  const parsed = TrustedIssuer.safeParse({ audience: PARTNER_AUDIENCE, ...entry, kind: 'partner' });
  if (!parsed.success) throw new Error(`${where} invalide :\n${z.prettifyError(parsed.error)}`);
  return { ...parsed.data, kind: 'partner' };
}

/** Every partner's registration checked (see `partnerIssuer`). */
export const partnerIssuers = (entries: readonly unknown[]) => entries.map((entry, index) => partnerIssuer(entry, index));

/** `GPS_TRUSTED_ISSUERS` of `infra/app.ts`: a JSON array of partner registrations; absent or empty is none. */
export function parsePartnerIssuers(value: string | undefined): PartnerIssuer[] {
  if (!value?.trim()) return [];
  let entries: unknown;
  try {
    entries = JSON.parse(value);
  } catch {
    throw new Error('GPS_TRUSTED_ISSUERS : JSON invalide.');
  }
  if (!Array.isArray(entries)) throw new Error('GPS_TRUSTED_ISSUERS : un tableau JSON d’émetteurs est attendu.');
  partnerIssuers(entries);
  return entries as PartnerIssuer[];
}

/**
 * What the functions trust (`GPS_TRUSTED_ISSUERS`): every partner, checked, then GPS's own
 * session issuer. A partner may not take the session issuer's name, nor two partners one
 * name: the functions pick an issuer by the token's `iss`.
 */
export function trustedIssuerList(partners: readonly PartnerIssuer[], session: { issuer: string; jwksUrl: string; allowedOrigins: string[]; personAudience?: string }) {
  const checked = partnerIssuers(partners);
  const names = checked.map((partner) => partner.issuer);
  const taken = names.find((name, index) => name === session.issuer || names.indexOf(name) !== index);
  if (taken) throw new Error(`GPS_TRUSTED_ISSUERS : l’émetteur « ${taken} » est déjà pris (un seul enregistrement par émetteur, et jamais celui de la session GPS).`);
  return [
    ...checked,
    {
      issuer: session.issuer,
      audience: PARTNER_AUDIENCE,
      ...(session.personAudience ? { personAudience: session.personAudience } : {}),
      kind: 'session' as const,
      jwksUrl: session.jwksUrl,
      allowedOrigins: session.allowedOrigins,
    },
  ];
}
