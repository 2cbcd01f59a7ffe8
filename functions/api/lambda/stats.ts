import { lambdaHandler } from '../lambda-handler.ts';
import { statsRoutes } from '../stats.ts';

export const groupRoutes = statsRoutes;
export const handler = lambdaHandler(groupRoutes);
