import { lambdaHandler } from '../lambda-handler.ts';
import { memberRoutes } from '../members.ts';

export const groupRoutes = memberRoutes;
export const handler = lambdaHandler(groupRoutes);
