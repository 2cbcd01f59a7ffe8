import { lambdaHandler } from '../lambda-handler.ts';
import { myFileRoutes } from '../my-file.ts';

export const groupRoutes = myFileRoutes;
export const handler = lambdaHandler(groupRoutes);
