import * as z from './zod.ts';
import { Email, Id, Timestamp } from './common.ts';
import { Organization } from './organization.ts';
import type { Professional } from './professional.ts';

/**
 * Who did something, as an e-mail names them. Their e-mail address is the message's reply-to
 * (they acted: answering reaches them, not GPS's no-reply address); an inviter's phone and job
 * title are their contact in the invitation. Absent from e-mails queued before (no reply-to then).
 */
const Actor = z.strictObject({
  firstName: z.string(),
  lastName: z.string(),
  organization: Organization,
  email: Email.optional(),
  phone: z.string().optional(),
  jobTitle: z.string().optional(),
});
export type EmailActor = z.infer<typeof Actor>;

/** The professional an e-mail comes from, with how to reach them: the recipient answers them, not GPS. */
export const emailActorOf = (pro: Professional): EmailActor => ({
  firstName: pro.firstName,
  lastName: pro.lastName,
  organization: pro.organization,
  email: pro.email,
  ...(pro.phone ? { phone: pro.phone } : {}),
  ...(pro.jobTitle ? { jobTitle: pro.jobTitle } : {}),
});

/**
 * Every e-mail GPS sends, with the data its template needs. None carries anything about the
 * beneficiary but an id: e-mail is not a safe channel for a person's situation, so the
 * recipient signs in to read it.
 */
export const EmailContent = z.discriminatedUnion('template', [
  z.strictObject({ template: z.literal('invitation'), invitationId: Id, inviter: Actor, message: z.string().optional(), expiresAt: Timestamp }),
  z.strictObject({ template: z.literal('member_joined'), personId: Id, member: Actor }),
  z.strictObject({ template: z.literal('join_requested'), personId: Id, requester: Actor }),
  z.strictObject({ template: z.literal('referent_replaced'), personId: Id, referent: Actor }),
  z.strictObject({ template: z.literal('member_removed'), personId: Id, remover: Actor }),
  z.strictObject({ template: z.literal('erasure_scheduled'), personId: Id, erasureOn: Timestamp }),
  z.strictObject({ template: z.literal('contact_requested'), personId: Id, asker: Actor }),
  /** The person wrote a need in their own space: what they wrote stays in GPS, the e-mail says only that there is one. */
  z.strictObject({ template: z.literal('person_need'), personId: Id }),
  z.strictObject({ template: z.literal('member_flagged_unknown'), personId: Id, member: Actor }),
  /** The answer to one's own request to join: who accepted it (now a fellow member), or only that it was refused. */
  z.strictObject({ template: z.literal('request_accepted'), personId: Id, answerer: Actor }),
  z.strictObject({ template: z.literal('request_declined'), personId: Id }),
  z.strictObject({ template: z.literal('invitation_declined'), personId: Id, invitee: Actor }),
]);
export type EmailContent = z.infer<typeof EmailContent>;
export type Template = EmailContent['template'];

export const OutboxStatus = z.enum(['queued', 'sending', 'sent', 'failed']);

/**
 * An e-mail waiting to be sent, written in the same transaction as what caused it, so an
 * e-mail is never lost; its claim (status `sending` with a lease) makes it sent once.
 */
export const OutboxEmail = z.strictObject({
  id: z.string().min(1).max(200),
  to: Email,
  content: EmailContent,
  status: OutboxStatus,
  attempts: z.number().int().nonnegative(),
  createdAt: Timestamp,
  /** When a queued e-mail is due, or when the lease of a `sending` one runs out. */
  dueAt: Timestamp,
  sentAt: Timestamp.optional(),
  messageId: z.string().optional(),
  lastError: z.string().optional(),
});
export type OutboxEmail = z.infer<typeof OutboxEmail>;

/** After this many failed attempts (about a day and a half), an e-mail is `failed` and an alarm fires. */
export const MAX_ATTEMPTS = 10;
/** Long enough for one SES call; a sender that crashed gives the e-mail back after it. */
export const LEASE_MS = 2 * 60_000;

/** 1, 2, 4… minutes between attempts, at most 6 hours. */
export const retryDelayMs = (attempts: number): number => Math.min(2 ** Math.max(0, attempts - 1) * 60_000, 6 * 3_600_000);

export const newOutboxEmail = (id: string, to: string, content: EmailContent, now: Date): OutboxEmail => ({
  id,
  to,
  content,
  status: 'queued',
  attempts: 0,
  createdAt: now.toISOString(),
  dueAt: now.toISOString(),
});
