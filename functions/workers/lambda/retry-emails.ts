import { deliverDueEmails } from '../deliver-email.ts';
import { workerDeps } from '../lambda-deps.ts';

/** Every minute: e-mails whose sending failed or was interrupted. */
export const handler = () => deliverDueEmails(workerDeps());
