import { lambdaHandler } from '../lambda-handler.ts';
import { contactRequestRoutes } from '../contact-request.ts';
import { memberRoutes } from '../members.ts';

export const groupRoutes = [...memberRoutes, ...contactRequestRoutes];
export const handler = lambdaHandler(groupRoutes);
