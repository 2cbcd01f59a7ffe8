import * as z from './zod.ts';

/** The « freins périphériques » to employment: the situation's, and the categories of the person's needs. */
export const BARRIER_KINDS = [
  'mobilite',
  'logement',
  'gardeEnfants',
  'sante',
  'langue',
  'numerique',
  'finances',
  'juridique',
] as const;
export const BarrierKind = z.enum(BARRIER_KINDS, 'Type de frein inconnu.');
export type BarrierKind = z.infer<typeof BarrierKind>;
