import { Email, Id, Timestamp, text, z } from './common.ts';

export const InvitationStatus = z.enum(['pending', 'accepted', 'expired', 'revoked']);

export const NewInvitation = z.strictObject({
  email: Email,
  message: text(1000).optional(),
});
export type NewInvitation = z.infer<typeof NewInvitation>;

/** Only the hash of the single-use token is ever stored. */
export const Invitation = NewInvitation.extend({
  tokenHash: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  personId: Id,
  inviterId: Id,
  status: InvitationStatus,
  createdAt: Timestamp,
  expiresAt: Timestamp,
});
export type Invitation = z.infer<typeof Invitation>;
