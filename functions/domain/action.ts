import * as z from './zod.ts';
import { CalendarDate, Id, Timestamp, personName, text } from './common.ts';

export const ACTION_CATEGORIES = [
  'orientation',
  'formation',
  'emploi',
  'logement',
  'sante',
  'mobilite',
  'droits',
  'autre',
] as const;
export const ActionCategory = z.enum(ACTION_CATEGORIES, 'Catégorie inconnue.');

/** « Ce qui a été entrepris » : one dated entry by a member of the group. */
export const NewAction = z.strictObject({
  date: CalendarDate,
  category: ActionCategory,
  text: text(1000),
});
export type NewAction = z.infer<typeof NewAction>;

export const Action = NewAction.extend({
  id: Id,
  personId: Id,
  authorId: Id,
  /** Who wrote it, as they were then: the entry stays readable after its author leaves. */
  author: z.strictObject({ firstName: personName, lastName: personName, organizationName: text(200) }),
  createdAt: Timestamp,
});
export type Action = z.infer<typeof Action>;
