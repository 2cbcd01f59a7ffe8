import { lambdaHandler } from '../lambda-handler.ts';
import { invitationRoutes } from '../invitations.ts';

export const groupRoutes = invitationRoutes;
export const handler = lambdaHandler(groupRoutes);
