import { lambdaHandler } from '../lambda-handler.ts';
import { meRoutes } from '../me.ts';

export const groupRoutes = meRoutes;
export const handler = lambdaHandler(groupRoutes);
