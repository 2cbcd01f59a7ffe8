import { createHash, createHmac } from 'node:crypto';
import * as z from './zod.ts';
import { Email, Id, Timestamp, text } from './common.ts';
import { gone, invalid } from './errors.ts';
import { Organization } from './organization.ts';

/** An invitation link works for two weeks, then says it expired. */
export const INVITATION_LIFETIME_DAYS = 14;
/** Per inviter and per day (UTC): enough for real work, too few for spam. */
export const INVITATIONS_PER_DAY = 30;

export const InvitationStatus = z.enum(['pending', 'accepted', 'expired', 'revoked']);
export type InvitationStatus = z.infer<typeof InvitationStatus>;

export const NewInvitation = z.strictObject({
  email: Email,
  message: text(1000).optional(),
});
export type NewInvitation = z.infer<typeof NewInvitation>;

/** The single-use secret of an invitation link: 256 bits, base64url. */
export const InvitationToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'Lien d’invitation invalide.');

export const Inviter = z.strictObject({
  proId: Id,
  firstName: z.string(),
  lastName: z.string(),
  organization: Organization,
});
export type Inviter = z.infer<typeof Inviter>;

/** Only the hash of the token is stored: a copy of the table accepts no invitation. */
export const Invitation = NewInvitation.extend({
  id: Id,
  tokenHash: InvitationToken,
  personId: Id,
  inviter: Inviter,
  status: InvitationStatus.exclude(['expired']),
  createdAt: Timestamp,
  expiresAt: Timestamp,
  acceptedAt: Timestamp.optional(),
  acceptedBy: Id.optional(),
  revokedAt: Timestamp.optional(),
  revokedBy: Id.optional(),
});
export type Invitation = z.infer<typeof Invitation>;

/**
 * The token of an invitation is derived from its id with a secret key rather than drawn
 * at random, so it never needs to be stored anywhere: the e-mail is rendered from the id
 * when it is sent, and the table only ever holds the token's hash.
 */
export const invitationToken = (secret: string, invitationId: string): string =>
  createHmac('sha256', secret).update(`gps-invitation:${invitationId}`).digest('base64url');

export const tokenHash = (token: string): string => createHash('sha256').update(token).digest('base64url');

export const expiryOf = (createdAt: Date): string =>
  new Date(createdAt.getTime() + INVITATION_LIFETIME_DAYS * 24 * 3_600_000).toISOString();

/** The status a reader sees: a pending invitation past its expiry is expired. */
export const effectiveStatus = (invitation: Invitation, now: Date): InvitationStatus =>
  invitation.status === 'pending' && invitation.expiresAt <= now.toISOString() ? 'expired' : invitation.status;

const UNUSABLE: Record<Exclude<InvitationStatus, 'pending'>, string> = {
  accepted: 'Cette invitation a déjà été utilisée. Si vous l’avez acceptée, la personne figure dans vos suivis.',
  expired: 'Cette invitation a expiré. Demandez à la personne qui vous a invité·e de vous en envoyer une nouvelle.',
  revoked: 'Cette invitation a été annulée par le groupe de suivi. Contactez la personne qui vous a invité·e.',
};

/** An invitation opens the group only while pending; any other state is a clear "gone". */
export function assertUsable(invitation: Invitation | undefined, now: Date): asserts invitation is Invitation {
  if (!invitation) throw gone('Ce lien d’invitation n’est pas valable. Vérifiez qu’il est complet, ou demandez une nouvelle invitation.');
  const status = effectiveStatus(invitation, now);
  if (status !== 'pending') throw gone(UNUSABLE[status]);
}

/**
 * An invitation is addressed to one e-mail. Someone signed in with another address (a
 * shared mailbox, a new address) may still accept it, but only by saying so explicitly.
 */
export function assertAddressee(invitation: Invitation, email: string, confirmed: boolean) {
  if (confirmed || invitation.email.toLowerCase() === email.toLowerCase()) return;
  throw invalid(
    `Cette invitation a été envoyée à ${invitation.email}, et vous êtes connecté·e en tant que ${email}. Confirmez que vous l’acceptez avec ce compte.`,
    { invitedEmail: invitation.email, confirmationField: 'confirmDifferentEmail' },
  );
}
