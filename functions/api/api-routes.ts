import type { Route } from '../http/route.ts';
import { actionRoutes } from './actions.ts';
import { adminRoutes } from './admin.ts';
import { auditRoutes } from './audit.ts';
import { contactRequestRoutes } from './contact-request.ts';
import { invitationRoutes } from './invitations.ts';
import { meRoutes } from './me.ts';
import { myFileRoutes } from './my-file.ts';
import { memberRoutes } from './members.ts';
import { personRoutes } from './persons.ts';
import { statsRoutes } from './stats.ts';

/** Every route of the API proper: what the OpenAPI document describes. */
export const apiRoutes: readonly Route[] = [...meRoutes, ...personRoutes, ...memberRoutes, ...contactRequestRoutes, ...actionRoutes, ...auditRoutes, ...invitationRoutes, ...statsRoutes, ...adminRoutes, ...myFileRoutes];
