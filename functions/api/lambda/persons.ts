import { lambdaHandler } from '../lambda-handler.ts';
import { personRoutes } from '../persons.ts';

export const groupRoutes = personRoutes;
export const handler = lambdaHandler(groupRoutes);
