import * as z from './zod.ts';
import { Email, Id, Phone, Timestamp, personName, text } from './common.ts';
import { Organization } from './organization.ts';

/** What a trusted token tells us about a professional; e-mail is the identity. */
export const ProfessionalClaims = z.strictObject({
  email: Email,
  firstName: personName,
  lastName: personName,
  phone: Phone.optional(),
  jobTitle: text(120).optional(),
  organization: Organization,
});
export type ProfessionalClaims = z.infer<typeof ProfessionalClaims>;

export const Professional = ProfessionalClaims.extend({
  id: Id,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Professional = z.infer<typeof Professional>;

/** How GPS names a professional in a sentence: « Thomas Nguyen, Envie Rhône ». */
export const nameAndOrganization = (pro: { firstName: string; lastName: string; organization: { name: string } }): string =>
  `${pro.firstName} ${pro.lastName}, ${pro.organization.name}`;

/** Which e-mails a professional wants; all on by default, each can be turned off. */
export const NotificationPreferences = z.strictObject({
  memberJoined: z.boolean().default(true),
  joinRequested: z.boolean().default(true),
  referentReplaced: z.boolean().default(true),
  /** Opt-in: an e-mail when the person writes a need in their space (the card's « Du nouveau » shows it anyway). */
  personNeeds: z.boolean().default(false),
});
export type NotificationPreferences = z.infer<typeof NotificationPreferences>;
export const DEFAULT_NOTIFICATIONS: NotificationPreferences = NotificationPreferences.parse({});
