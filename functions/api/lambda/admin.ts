import { lambdaHandler } from '../lambda-handler.ts';
import { adminRoutes } from '../admin.ts';

export const groupRoutes = adminRoutes;
export const handler = lambdaHandler(groupRoutes);
