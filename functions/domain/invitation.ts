import { createHash, createHmac } from 'node:crypto';
import * as z from './zod.ts';
import { Email, Id, Timestamp, text } from './common.ts';
import { gone } from './errors.ts';
import { Organization } from './organization.ts';

/** An invitation link works for two weeks, then says it expired. */
export const INVITATION_LIFETIME_DAYS = 14;
/** Per inviter and per day (UTC): enough for real work, too few for spam. */
export const INVITATIONS_PER_DAY = 30;

export const InvitationStatus = z.enum(['pending', 'accepted', 'expired', 'revoked', 'declined']);
export type InvitationStatus = z.infer<typeof InvitationStatus>;

/** The longest message an inviter may add to the e-mail: a few lines, not a letter. */
export const INVITATION_MESSAGE_MAX = 500;

/** Top-level domains besides the two-letter country codes (all counted as domains) that e-mail clients turn into links. */
const GENERIC_TLDS =
  'com|net|org|info|biz|name|pro|mobi|asia|tel|travel|jobs|edu|gov|mil|int|app|dev|page|web|site|website|online|store|shop|blog|xyz|top|club|live|link|click|tech|cloud|email|mail|space|fun|icu|vip|work|today|news|art|ovh|paris|bzh|alsace|corsica|eus|immo|agency|digital|network|services|solutions|support|help|secure|login|bank|money|finance|market|world|life|ltd|group|company|center|zone|run|download|gouv';
const LABEL = String.raw`[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?`;
const LINK_PATTERNS = [
  // Any scheme: http://, https://, ftp://, hxxp://…
  /[a-z][a-z0-9+.-]*:\/\//iu,
  /(?<![\p{L}\p{N}])www\d{0,3}\./iu,
  // A host by its IP address, with a path or a port.
  /(?<![\p{N}.])(?:\d{1,3}\.){3}\d{1,3}[/:]/u,
  // A bare domain with a path, a port, a query or a fragment: exemple.com/connexion, exemple.fr:8080.
  new RegExp(String.raw`(?<![\p{L}\p{N}-])${LABEL}(?:\.${LABEL})*\.(?:\p{L}{2,63}|xn--[a-z0-9-]+)[/:?#]`, 'iu'),
  // A bare domain of a known top-level domain, an e-mail address's included: exemple.com, contact@exemple.fr.
  new RegExp(String.raw`(?<![\p{L}\p{N}-])${LABEL}(?:\.${LABEL})*\.(?:\p{L}{2}|${GENERIC_TLDS}|xn--[a-z0-9-]+)(?![\p{L}\p{N}-])`, 'iu'),
];

/**
 * The first thing in `text` an e-mail client would make clickable (a URL, `www.`, a bare
 * domain or an e-mail address), if any. Checked on the text as a client would read it:
 * compatibility forms folded (ｈｔｔｐｓ：／／ is https://), invisible characters removed.
 */
export function linkIn(value: string): string | undefined {
  const readable = value.normalize('NFKC').replace(/[\p{Cf}]/gu, '').replace(/[\u3002\uFF61]/g, '.');
  for (const pattern of LINK_PATTERNS) {
    const match = pattern.exec(readable);
    if (!match) continue;
    // What to show the inviter: the whole word the link is part of (`camille@exemple.fr`, `https://…/connexion`).
    const start = readable.slice(0, match.index).search(/\S*$/u);
    const end = match.index + match[0].length + readable.slice(match.index + match[0].length).search(/\s|$/u);
    return readable.slice(start, end).replace(/[.,;:!?)»]+$/u, '');
  }
  return undefined;
}

/**
 * The inviter's message goes out from GPS's own domain: it may carry no link, so GPS never
 * lends its name to someone else's (a phishing page, a copy of the sign-in).
 */
export const InvitationMessage = text(INVITATION_MESSAGE_MAX).superRefine((value, context) => {
  const link = linkIn(value);
  if (link) {
    context.addIssue({
      code: 'custom',
      message: `Le message ne peut contenir ni lien, ni adresse de site ou d’e-mail (ici « ${link.slice(0, 60)} ») : l’e-mail de GPS ne porte que son propre lien. Retirez-le ; si c’est une fin de phrase, ajoutez une espace après le point.`,
    });
  }
});

export const NewInvitation = z.strictObject({
  email: Email,
  message: InvitationMessage.optional(),
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

/**
 * Only the hash of the token is stored: a copy of the table accepts no invitation. The
 * message is read back as it was stored (older invitations may hold up to 1,000 characters);
 * only a new one is held to the rules of `NewInvitation`.
 */
export const Invitation = NewInvitation.extend({
  message: text(1000).optional(),
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
  /** The invited professional said no (« Refuser l'invitation »): the inviter is told, the link stops working. */
  declinedAt: Timestamp.optional(),
  declinedBy: Id.optional(),
  /** Someone signed in with another address used the link to ask to join (once per link); it stays pending for its addressee. */
  requestedAt: Timestamp.optional(),
  requestedBy: Id.optional(),
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
  expired: 'Cette invitation a expiré. Demandez-en une nouvelle à la personne qui vous l’a envoyée.',
  revoked: 'Cette invitation a été annulée par le groupe de suivi. Contactez la personne qui vous l’a envoyée.',
  declined: 'Vous avez refusé cette invitation. Si vous avez changé d’avis, demandez-en une nouvelle à la personne qui vous l’a envoyée.',
};

/** An invitation opens the group only while pending; any other state is a clear "gone". */
export function assertUsable(invitation: Invitation | undefined, now: Date): asserts invitation is Invitation {
  if (!invitation) throw gone('Ce lien d’invitation n’est pas valable. Vérifiez qu’il est complet, ou demandez une nouvelle invitation.');
  const status = effectiveStatus(invitation, now);
  if (status !== 'pending') throw gone(UNUSABLE[status]);
}

/** The link stops working once its inviter's follow-up ended (left, removed, automatic end, erased), even if they came back since. */
export const INVITER_GONE =
  'Cette invitation n’est plus valable : la personne qui vous l’a envoyée ne fait plus partie du groupe de suivi. Demandez une nouvelle invitation à un membre actuel.';

/**
 * An invitation holds only while its inviter is still the member who sent it: active, in
 * the same period of follow-up (started before the invitation). The same condition is
 * checked inside the accepting transaction (see store/invitations.ts).
 */
export function assertInviterStillMember(invitation: Invitation, inviterLink: { status: string; startedAt: string } | undefined) {
  if (inviterLink?.status !== 'active' || inviterLink.startedAt > invitation.createdAt) throw gone(INVITER_GONE);
}

/**
 * An invitation is addressed to one e-mail, the one its inviter typed. Signed in with that
 * address, the invitee joins directly. Anyone else holding the link (a shared mailbox, a new
 * address, a forwarded or stolen e-mail) may only ask to join, as any professional may: a
 * pending request an active member answers. Nothing of the invited address is ever told to them.
 */
export const isAddressedTo = (invitation: Invitation, email: string) => invitation.email.toLowerCase() === email.toLowerCase();

/** One request per link from another address: a leaked link cannot flood the members with requests. */
export const ALREADY_REQUESTED =
  'Ce lien a déjà servi à une demande pour rejoindre le groupe de suivi. Il ne reste valable que pour la personne à qui il a été envoyé.';

export function assertOpenTo(invitation: Invitation, email: string) {
  if (!isAddressedTo(invitation, email) && invitation.requestedBy) throw gone(ALREADY_REQUESTED);
}
