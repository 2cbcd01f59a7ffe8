import { lambdaHandler } from '../lambda-handler.ts';
import { actionRoutes } from '../actions.ts';
import { auditRoutes } from '../audit.ts';

export const groupRoutes = [...actionRoutes, ...auditRoutes];
export const handler = lambdaHandler(groupRoutes);
