import { HttpMethod, type HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { routes } from '../functions/api/routes.ts';
import { bindSecrets, type GpsSecrets, type SecretName } from './bind-secrets.ts';
import { bindTable } from './bind-table.ts';
import type { FunctionSpec } from './lambda-function.ts';
import { apiTableAccess } from './table-access.ts';

/** Route groups CloudFront serves as static files, rendered at synthesis: no function. */
export const STATIC_GROUPS: ReadonlySet<string> = new Set(['docs']);

/** The route groups that get a function, in the routes table's order. */
export const functionGroups = () => [...new Set(routes.map((route) => route.group))].filter((group) => !STATIC_GROUPS.has(group));

/** `members` → `ApiMembers`, `some-group` → `ApiSomeGroup`: the function's construct id. */
export const apiFunctionName = (group: string) => `Api${group[0]!.toUpperCase()}${group.slice(1).replace(/-(\w)/g, (_, c: string) => c.toUpperCase())}`;

/** Every group reads its store's two keys; the sign-in, when on, also signs sessions and talks to the provider. */
const STORE_SECRETS: SecretName[] = ['GPS_IDENTITY_SECRET', 'GPS_INVITATION_SECRET'];
const SIGN_IN_SECRETS: SecretName[] = ['GPS_SESSION_KEY', 'GPS_OIDC_CLIENT_SECRET'];

export type ApiFunctionsProps = {
  api: HttpApi;
  table: TableV2;
  secrets: GpsSecrets;
  /** What every group's function reads (issuers, origins, SIRETs, administrators). */
  environment: Record<string, string>;
  /** The `auth` group's sign-in settings, when the page's sign-in is on (and the persons', with `GPS_PERSON_OIDC_ISSUER`). */
  signIn?: Record<string, string>;
  create: (name: string, spec: FunctionSpec) => NodejsFunction;
};

/**
 * One function per route group of the routes table (but the static ones), each bundled from
 * its own entry, granted the table actions its routes send and the secrets it reads, and
 * nothing more; each route of the group goes to it.
 */
export function createApiFunctions(props: ApiFunctionsProps): void {
  for (const group of functionGroups()) {
    const signIn = group === 'auth' ? props.signIn : undefined;
    const fn = props.create(apiFunctionName(group), {
      entry: `functions/api/lambda/${group}.ts`,
      handler: 'handler',
      description: `GPS API: ${group}`,
      environment: { ...props.environment, GPS_ROUTE_GROUP: group, ...signIn },
    });
    bindTable(fn, props.table, apiTableAccess(group));
    const personSignIn: SecretName[] = signIn?.GPS_PERSON_OIDC_ISSUER ? ['GPS_PERSON_OIDC_CLIENT_SECRET'] : [];
    bindSecrets(fn, props.secrets, signIn ? [...STORE_SECRETS, ...SIGN_IN_SECRETS, ...personSignIn] : STORE_SECRETS);
    const integration = new HttpLambdaIntegration(`${group}Integration`, fn);
    for (const route of routes.filter((candidate) => candidate.group === group)) {
      props.api.addRoutes({ path: route.path, methods: [HttpMethod[route.method]], integration });
    }
  }
}
