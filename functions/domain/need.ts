import * as z from './zod.ts';
import { Id, Timestamp, text } from './common.ts';
import { BARRIER_KINDS } from './barriers.ts';

/**
 * What the person writes about what they need or are working on (Mon Récap: "un outil qui
 * facilitera ses échanges … la planification et la réalisation de ses objectifs"). Their
 * words, read by their team on the card: no professional edits them.
 */
export const NeedStatus = z.enum(['todo', 'in_progress', 'done'], 'Statut inconnu : todo, in_progress ou done.');
export type NeedStatus = z.infer<typeof NeedStatus>;

/** The freins, and what a person works on besides them. */
export const NeedCategory = z.enum([...BARRIER_KINDS, 'emploi', 'formation', 'autre'], 'Catégorie inconnue.');
export type NeedCategory = z.infer<typeof NeedCategory>;

/** Past this, the person is asked to mark some as done or reword one: the card stays readable. */
export const NEEDS_MAX = 50;

const NeedText = text(300).meta({ description: 'Ce que la personne écrit, 300 caractères au plus : son équipe le lit sur sa fiche.', example: 'Trouver une solution de garde le mercredi.' });

export const NewNeed = z.strictObject({
  text: NeedText,
  category: NeedCategory,
  status: NeedStatus.default('todo'),
});
export type NewNeed = z.infer<typeof NewNeed>;

export const NeedChanges = z
  .strictObject({ text: NeedText.optional(), category: NeedCategory.optional(), status: NeedStatus.optional() })
  .refine((changes) => Object.keys(changes).length > 0, 'Indiquez au moins un champ à modifier : text, category ou status.');
export type NeedChanges = z.infer<typeof NeedChanges>;

export const Need = z
  .strictObject({ id: Id, text: NeedText, category: NeedCategory, status: NeedStatus, createdAt: Timestamp, updatedAt: Timestamp })
  .meta({ description: 'Un besoin écrit par la personne elle-même, depuis son espace.' });
export type Need = z.infer<typeof Need>;
