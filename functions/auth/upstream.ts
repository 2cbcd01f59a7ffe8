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
  /** The level of assurance asked for (FranceConnect: `eidas1`). */
  acrValues?: string;
};

/** By provider and client: the professionals' and the persons' sign-ins each keep theirs. */
const discovered = new Map<string, Promise<oidc.Configuration>>();

/** The provider's configuration, discovered once per container. */
export function upstreamConfiguration(settings: UpstreamSettings): Promise<oidc.Configuration> {
  const key = `${settings.issuer}|${settings.clientId}`;
  if (!discovered.has(key)) {
    const config = oidc
      .discovery(
        new URL(settings.issuer),
        settings.clientId,
        { client_secret: settings.clientSecret, ...(settings.signedUserInfoAlg ? { userinfo_signed_response_alg: settings.signedUserInfoAlg } : {}) },
        undefined,
        settings.allowHttp ? { execute: [oidc.allowInsecureRequests] } : {},
      )
      .catch((error) => {
        discovered.delete(key);
        throw error;
      });
    discovered.set(key, config);
  }
  return discovered.get(key)!;
}

/** Why an exchange with the provider failed, in words a log may keep: never a code, a state or a token. */
export type ProviderFailure = {
  reason: 'code_rejected' | 'response_invalid' | 'provider_unreachable';
  /** The error's class (`ResponseBodyError`, `ClientError`, `TypeError`). */
  error: string;
  /** openid-client's code of the check that failed (`OAUTH_JSON_ATTRIBUTE_COMPARISON`…). */
  errorCode?: string;
  /** The provider's OAuth error (`invalid_grant`…), when it said one. */
  oauthError?: string;
};

/** An OAuth error code as the standard spells them; anything else a provider sends is not logged as it is. */
export const oauthErrorCode = (value: unknown) => (typeof value === 'string' && /^[a-z_]{1,64}$/.test(value) ? value : 'other');

/** The provider answered, but not as a working server does (an error page, a gateway, a timeout). */
const UNAVAILABLE = new Set(['OAUTH_TIMEOUT', 'OAUTH_ABORT', 'OAUTH_RESPONSE_IS_NOT_CONFORM', 'OAUTH_RESPONSE_IS_NOT_JSON']);

/**
 * What went wrong when talking to the provider (discovery, code exchange, userinfo), or
 * `undefined` for an error that is not the provider's: that one is a bug and stays one.
 * The errors themselves are never logged: their causes carry the response's parameters.
 */
export function providerFailure(error: unknown): ProviderFailure | undefined {
  if (error instanceof oidc.ResponseBodyError) {
    return { reason: error.status >= 500 ? 'provider_unreachable' : 'code_rejected', error: error.name, oauthError: oauthErrorCode(error.error) };
  }
  if (error instanceof oidc.ClientError) {
    return { reason: error.code && UNAVAILABLE.has(error.code) ? 'provider_unreachable' : 'response_invalid', error: error.name, ...(error.code ? { errorCode: error.code } : {}) };
  }
  // fetch's own failure: refused, reset, no DNS answer.
  if (error instanceof TypeError && error.message === 'fetch failed') return { reason: 'provider_unreachable', error: error.name };
  return undefined;
}

/**
 * Where the page sends the browser so that the provider's session ends too (RP-initiated
 * logout): on a shared workstation, the next sign-in asks again. `undefined` when the
 * provider has no `end_session_endpoint`: logging out then ends GPS's session only.
 */
export function endSessionUrl(config: oidc.Configuration, idTokenHint: string, postLogoutRedirectUri: string): URL | undefined {
  if (!config.serverMetadata().end_session_endpoint) return undefined;
  return oidc.buildEndSessionUrl(config, { id_token_hint: idTokenHint, post_logout_redirect_uri: postLogoutRedirectUri });
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

/** The page's sign-in vouches for verified e-mails only: an address its provider says it did not verify is no identity. */
export const emailUnverified = (claims: Record<string, unknown>) => claims.email_verified === false || claims.email_verified === 'false';

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
