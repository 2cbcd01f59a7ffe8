import { lambdaHandler } from '../lambda-handler.ts';
import { docsRoutes } from '../docs.ts';

export const groupRoutes = docsRoutes;
export const handler = lambdaHandler(groupRoutes);
