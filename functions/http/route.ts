import type { z } from 'zod';
import type { JoinPolicy } from '#domain/access.ts';
import type { AdministratorEntry } from '#domain/administrators.ts';
import type { Organization, OrganizationKind } from '#domain/organization.ts';
import type { DailyQuotas } from '#domain/quotas.ts';
import type { Professional } from '#domain/professional.ts';
import type { Store } from '#store/client.ts';
import type { TrustedIssuer } from '#domain/federation.ts';
import type { Authenticate, AuthenticatePerson } from './auth.ts';
import type { PersonCaller } from './current-person.ts';

/** What every handler may use; built once per Lambda container (or once by the local server). */
export type ApiDeps = {
  store: Store;
  authenticate: Authenticate;
  /** Verifies person tokens (the person's own space): their own audience, never a professional's. */
  authenticatePerson: AuthenticatePerson;
  joinPolicy: JoinPolicy;
  /** Browser origins allowed by CORS: the GPS page and the partner portals. */
  allowedOrigins: readonly string[];
  /** Derives each invitation's token, whose hash only is stored. */
  invitationSecret: string;
  /** What a professional (or a portal) may do in a day. */
  quotas: DailyQuotas;
  /** Every issuer GPS trusts, as registered: the journal names the portal of each event. */
  issuers: readonly TrustedIssuer[];
  /** Establishments the operator describes in configuration (`GPS_ORGANIZATIONS`), by SIRET: the registry's first source. */
  organizations: ReadonlyMap<string, Organization>;
  /** Who may export and erase persons' data (`GPS_ADMINISTRATORS`); nobody when absent. */
  administrators?: readonly AdministratorEntry[];
  /** Organization kinds the other members see only as « un accompagnement confidentiel » (`GPS_CONFIDENTIAL_KINDS`); the defaults when absent. */
  confidentialKinds?: ReadonlySet<OrganizationKind>;
  /** Whether the santé and justice freins may carry a note (`GPS_SENSITIVE_NOTES`); not by default. */
  sensitiveNotes?: boolean;
  /** Below this count a cell of the public statistics is not published (`GPS_PUBLIC_STATS_THRESHOLD`); 5 when absent. */
  publicStatsThreshold?: number;
};

export type Method = 'GET' | 'POST' | 'PATCH';

export type Reply = {
  status: number;
  body?: unknown;
  /** Set for the API reference page; JSON otherwise. */
  html?: string;
  /** Any other text answer (the public statistics' CSV), with its media type. */
  text?: { contentType: string; body: string };
  headers?: Record<string, string>;
  /** `Set-Cookie` values (the auth function only). */
  cookies?: string[];
};

type Schema = z.ZodType;
type Out<S> = S extends Schema ? z.output<S> : undefined;

export type Input<P, Q, B, H> = { params: Out<P>; query: Out<Q>; body: Out<B>; headers: Out<H> };

type RouteShape<P, Q, B, H> = {
  method: Method;
  path: string;
  /** One Lambda function per group (see infra/). */
  group: string;
  /** French, shown in the API reference. */
  summary: string;
  description?: string;
  tag: string;
  params?: P;
  query?: Q;
  body?: B;
  headers?: H;
  responses: Record<number, { description: string; schema?: Schema }>;
};

/** What an authenticated handler knows of its caller: the professional, and which issuer vouched for them. */
type Authenticated = { deps: ApiDeps; pro: Professional; issuer: TrustedIssuer };

/** What a person's own route knows of its caller: their file, found by their identity, and the issuer that vouched for them. */
type PersonAuthenticated = { deps: ApiDeps } & Omit<PersonCaller, 'provenance'>;

export type Route = RouteShape<Schema, Schema, Schema, Schema> &
  (
    | { public: true; person?: false; handle: (input: Input<any, any, any, any> & { deps: ApiDeps }) => Promise<Reply> }
    | { public?: false; person: true; handle: (input: Input<any, any, any, any> & PersonAuthenticated) => Promise<Reply> }
    | { public?: false; person?: false; handle: (input: Input<any, any, any, any> & Authenticated) => Promise<Reply> }
  );

/** A route whose caller is an authenticated professional. */
export const defineRoute = <P extends Schema | undefined = undefined, Q extends Schema | undefined = undefined, B extends Schema | undefined = undefined, H extends Schema | undefined = undefined>(
  route: RouteShape<P, Q, B, H> & { handle: (input: Input<P, Q, B, H> & Authenticated) => Promise<Reply> },
): Route => route as unknown as Route;

/** A route anyone may call (the API's documentation, the login): it checks what it needs itself. */
export const definePublicRoute = <P extends Schema | undefined = undefined, Q extends Schema | undefined = undefined, B extends Schema | undefined = undefined, H extends Schema | undefined = undefined>(
  route: RouteShape<P, Q, B, H> & { handle: (input: Input<P, Q, B, H> & { deps: ApiDeps }) => Promise<Reply> },
): Route => ({ ...route, public: true }) as unknown as Route;

/** A route of the person's own space: a person token only, and only their own file. */
export const definePersonRoute = <P extends Schema | undefined = undefined, Q extends Schema | undefined = undefined, B extends Schema | undefined = undefined, H extends Schema | undefined = undefined>(
  route: RouteShape<P, Q, B, H> & { handle: (input: Input<P, Q, B, H> & PersonAuthenticated) => Promise<Reply> },
): Route => ({ ...route, person: true }) as unknown as Route;

export const json = (status: number, body?: unknown, headers?: Record<string, string>): Reply => ({
  status,
  ...(body === undefined ? {} : { body }),
  ...(headers ? { headers } : {}),
});
