import * as z from '#domain/zod.ts';
import { CalendarDate, Email, text } from '#domain/common.ts';

/**
 * What the legal pages say about whoever runs GPS: the operator writes it in `GPS_LEGAL` (JSON,
 * read by `npm start` and at CDK synthesis). Every field has a plausible placeholder, and a
 * page built from placeholders says so at its top, so a deployment never passes them off as real.
 */
const line = text(300);

const Publisher = z.strictObject({
  name: line.default('Opérateur de GPS pour le Réseau pour l’emploi'),
  address: line.default('1 rue de l’Exemple, 75000 Paris'),
  email: Email.default('contact@gps.example.fr'),
  phone: text(30).optional(),
  publicationDirector: line.default('La directrice ou le directeur de l’opérateur'),
});

const Host = z.strictObject({
  name: line.default('Amazon Web Services EMEA SARL'),
  address: line.default('38 avenue John F. Kennedy, L-1855 Luxembourg'),
  location: line.default('Données hébergées en France (région AWS Europe – Paris, eu-west-3)'),
});

const DataProtection = z.strictObject({
  controller: line.default('Opérateur de GPS pour le Réseau pour l’emploi'),
  dpoEmail: Email.default('dpo@gps.example.fr'),
  dpoAddress: line.default('Délégué à la protection des données, 1 rue de l’Exemple, 75000 Paris'),
});

export const ACCESSIBILITY_STATUSES = ['totalement conforme', 'partiellement conforme', 'non conforme'] as const;

/** What the tests found and an audit would list, until the operator's audit replaces it. */
export const KNOWN_NON_CONFORMITIES = [
  'La référence de l’API (/docs) s’appuie sur Swagger UI : ses libellés d’interface (« Try it out », « Parameters »…) restent en anglais dans une page en français. Une note en français le dit au-dessus de la référence et traduit les principaux ; ces libellés sont indiqués comme anglais (critère 8.7), mais certains textes que Swagger UI dessine plus rarement (schémas détaillés, messages d’erreur de l’essai) peuvent ne pas l’être, et ses contrôles n’ont pas été vérifiés avec un lecteur d’écran.',
  'Les graphiques de la page « Statistiques » n’ont été vérifiés qu’avec des outils automatiques ; leur alternative (les tableaux de données) n’a pas été testée avec un lecteur d’écran.',
  'Les e-mails envoyés par GPS (invitations, notifications) n’ont pas été testés avec les logiciels de messagerie et les lecteurs d’écran courants.',
];

const Accessibility = z.strictObject({
  /** Without an audit in force, the RGAA has the service declared « non conforme ». */
  status: z.enum(ACCESSIBILITY_STATUSES).default('non conforme'),
  statementDate: CalendarDate.default('2026-12-01'),
  audit: z.strictObject({ date: CalendarDate, by: line, rate: z.number().min(0).max(100) }).optional(),
  contactEmail: Email.default('accessibilite@gps.example.fr'),
  contactAddress: line.default('Accessibilité GPS, 1 rue de l’Exemple, 75000 Paris'),
  nonConformities: z.array(text(1000)).max(100).default(KNOWN_NON_CONFORMITIES),
  /** Contents exempted for a disproportionate burden, each with its reason and its alternative. */
  derogations: z.array(text(1000)).max(100).default([]),
  schemaUrl: z.url().optional(),
});

export const LegalSettings = z.strictObject({
  publisher: Publisher.default(Publisher.parse({})),
  host: Host.default(Host.parse({})),
  dataProtection: DataProtection.default(DataProtection.parse({})),
  accessibility: Accessibility.default(Accessibility.parse({})),
});
export type LegalSettings = z.infer<typeof LegalSettings> & {
  /** True when nothing was configured: the pages show that their details are examples. */
  placeholders: boolean;
};

/** `GPS_LEGAL`, read and checked; absent, every detail is a placeholder (and the pages say so). */
export function legalSettingsFrom(raw: string | undefined): LegalSettings {
  if (!raw?.trim()) return { ...LegalSettings.parse({}), placeholders: true };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new Error('Configuration GPS invalide :\n✖ GPS_LEGAL : JSON invalide.');
  }
  const parsed = LegalSettings.safeParse(json);
  if (!parsed.success) {
    throw new Error(`Configuration GPS invalide :\n${parsed.error.issues.map((issue) => `✖ GPS_LEGAL.${issue.path.join('.')} : ${issue.message}`).join('\n')}`);
  }
  return { ...parsed.data, placeholders: false };
}
