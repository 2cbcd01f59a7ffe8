import * as oidc from 'openid-client';
import * as z from '#domain/zod.ts';
import { ProfessionalClaims } from '#domain/professional.ts';
import type { Organization } from '#domain/organization.ts';

/** The identity provider the GPS page signs in with: ProConnect in production, any OIDC provider. */
export type UpstreamSettings = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  scopes: string;
  /** Only for the local provider, served over plain HTTP. */
  allowHttp: boolean;
  /** Set when the provider signs its userinfo answers (ProConnect does, RS256). */
  signedUserInfoAlg?: string;
};

let discovered: { key: string; config: Promise<oidc.Configuration> } | undefined;

/** The provider's configuration, discovered once per container. */
export function upstreamConfiguration(settings: UpstreamSettings): Promise<oidc.Configuration> {
  const key = `${settings.issuer}|${settings.clientId}`;
  if (discovered?.key !== key) {
    const config = oidc
      .discovery(
        new URL(settings.issuer),
        settings.clientId,
        { client_secret: settings.clientSecret, ...(settings.signedUserInfoAlg ? { userinfo_signed_response_alg: settings.signedUserInfoAlg } : {}) },
        undefined,
        settings.allowHttp ? { execute: [oidc.allowInsecureRequests] } : {},
      )
      .catch((error) => {
        discovered = undefined;
        throw error;
      });
    discovered = { key, config };
  }
  return discovered.config;
}

/**
 * What a provider says about a professional, as GPS's claims. ProConnect names the last
 * name `usual_name` and gives the SIRET but not the organization: GPS looks it up in its
 * registry (operator configuration, imports, partners whose policy covers that SIRET).
 * Whatever else the provider says of the organization is ignored: it vouches for e-mails.
 */
const UpstreamClaims = z.object({
  email: z.string(),
  given_name: z.string(),
  usual_name: z.string().optional(),
  family_name: z.string().optional(),
  phone_number: z.string().nullish(),
  job_title: z.string().nullish(),
  siret: z.string().optional(),
});

export async function professionalFrom(
  claims: Record<string, unknown>,
  findOrganization: (siret: string) => Promise<Organization | undefined>,
): Promise<ProfessionalClaims | undefined> {
  const parsed = UpstreamClaims.safeParse(claims);
  if (!parsed.success) return undefined;
  const upstream = parsed.data;
  const organization = upstream.siret ? await findOrganization(upstream.siret.replace(/\s/g, '')) : undefined;
  const professional = ProfessionalClaims.safeParse({
    email: upstream.email,
    firstName: upstream.given_name,
    lastName: upstream.usual_name ?? upstream.family_name,
    ...(upstream.phone_number ? { phone: upstream.phone_number } : {}),
    ...(upstream.job_title ? { jobTitle: upstream.job_title } : {}),
    organization,
  });
  return professional.success ? professional.data : undefined;
}
