import { lambdaHandler } from '../lambda-handler.ts';
import { authRoutes } from '../../auth/routes.ts';

export const groupRoutes = authRoutes;
export const handler = lambdaHandler(groupRoutes);
