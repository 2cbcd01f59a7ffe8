import * as z from './zod.ts';
import { Siret } from './common.ts';
import { ORGANIZATION_KINDS } from './organization.ts';
import { NewPerson } from './person.ts';
import { ProfessionalClaims } from './professional.ts';

/**
 * The columns of an import file (first line; case, accents and spaces ignored). Départements
 * and France Travail export what they hold in these; README "Import" documents them.
 */
export const IMPORT_COLUMNS = {
  nom: 'nom de naissance de la personne',
  prenom: 'prénom de la personne',
  date_naissance: 'date de naissance (AAAA-MM-JJ ou JJ/MM/AAAA)',
  identifiant_france_travail: 'identifiant France Travail (facultatif)',
  pro_email: 'e-mail de la ou du professionnel',
  pro_nom: 'son nom',
  pro_prenom: 'son prénom',
  pro_telephone: 'son téléphone (facultatif)',
  structure_siret: 'SIRET de sa structure',
  structure_nom: 'nom de sa structure',
  structure_type: `type de structure : ${ORGANIZATION_KINDS.join(', ')}`,
  structure_departement: 'département de la structure (facultatif)',
  role: 'rôle auprès de la personne (facultatif)',
  debut: 'début du suivi (facultatif, AAAA-MM-JJ ou JJ/MM/AAAA)',
  referent: 'référence de parcours : oui / non',
  certifie: 'référence certifiée par France Travail : oui / non',
} as const;

const FRENCH_DATE = /^(\d{2})\/(\d{2})\/(\d{4})$/;
/** `12/03/1994` as `1994-03-12`; anything else as it was, for the schema to judge. */
const isoDate = (value: string) => value.replace(FRENCH_DATE, '$3-$2-$1');
const blankAsMissing = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const yesNo = z.preprocess(
  (value) => (typeof value === 'string' ? value.trim().toLowerCase() : value),
  z.enum(['oui', 'non', 'o', 'n', '1', '0', 'true', 'false', 'vrai', 'faux', '']).transform((value) => ['oui', 'o', '1', 'true', 'vrai'].includes(value)),
);

export type ImportRow = {
  person: NewPerson;
  professional: ProfessionalClaims;
  role?: string;
  startedAt?: string;
  referent: boolean;
  certified: boolean;
};

/** A line of the file as GPS's own shapes, or the French reasons it is refused. */
export function parseImportRow(raw: Record<string, string>): { row: ImportRow } | { reasons: string[] } {
  const value = (column: keyof typeof IMPORT_COLUMNS) => blankAsMissing(raw[column]);
  const date = (column: keyof typeof IMPORT_COLUMNS) => {
    const text = value(column);
    return typeof text === 'string' ? isoDate(text.trim()) : text;
  };
  const person = NewPerson.safeParse({
    identity: {
      lastName: value('nom'),
      firstName: value('prenom'),
      birthDate: date('date_naissance'),
      ...(value('identifiant_france_travail') ? { franceTravailId: value('identifiant_france_travail') } : {}),
    },
  });
  const professional = ProfessionalClaims.safeParse({
    email: value('pro_email'),
    firstName: value('pro_prenom'),
    lastName: value('pro_nom'),
    ...(value('pro_telephone') ? { phone: value('pro_telephone') } : {}),
    organization: {
      siret: typeof value('structure_siret') === 'string' ? (value('structure_siret') as string).replace(/\s/g, '') : undefined,
      name: value('structure_nom'),
      kind: value('structure_type'),
      ...(value('structure_departement') ? { departement: value('structure_departement') } : {}),
    },
  });
  const rest = z
    .object({
      role: z.string().max(120).optional(),
      debut: z.iso.date('Date de début invalide (AAAA-MM-JJ ou JJ/MM/AAAA).').optional(),
      referent: yesNo.optional(),
      certifie: yesNo.optional(),
    })
    .safeParse({ role: value('role'), debut: date('debut'), referent: raw.referent ?? '', certifie: raw.certifie ?? '' });

  const reasons = [person, professional, rest].flatMap((result, index) =>
    result.success
      ? []
      : result.error.issues.map((issue) => `${[['personne'], ['professionnel'], []][index]!.concat(issue.path.map(String)).join('.')} : ${issue.message}`),
  );
  if (!person.success || !professional.success || !rest.success) return { reasons };
  const { role, debut, referent = false, certifie = false } = rest.data;
  if (certifie && !referent) return { reasons: ['certifie : seule une référence de parcours peut être certifiée (referent = oui).'] };
  return {
    row: {
      person: person.data,
      professional: professional.data,
      ...(role ? { role } : {}),
      ...(debut ? { startedAt: `${debut}T00:00:00.000Z` } : {}),
      referent,
      certified: certifie,
    },
  };
}

/** At most this many organizations one file is declared complete for. */
export const COMPLETE_SIRETS_MAX = 100;

/**
 * A file declared complete for these organizations (README, « Import complet »): once all its
 * lines are imported, their professionals' links the file no longer lists end (`import`), and
 * certifications it no longer gives are removed. A declared organization without one line
 * imported is refused, unless it is also in `confirmEmpty`: a truncated file must not wipe it.
 */
export const CompleteDeclaration = z.strictObject({
  sirets: z.array(Siret).min(1).max(COMPLETE_SIRETS_MAX),
  confirmEmpty: z.array(Siret).max(COMPLETE_SIRETS_MAX).optional(),
});
export type CompleteDeclaration = z.infer<typeof CompleteDeclaration>;

/** `130…,130…` given once or more (CLI flags) as the SIRETs, or the French reason one is not. */
function siretsOf(flag: string, values: readonly string[]): { sirets: string[] } | { error: string } {
  const sirets: string[] = [];
  for (const value of values.flatMap((given) => given.split(','))) {
    const siret = Siret.safeParse(value);
    if (!siret.success) return { error: `${flag} : « ${value.trim()} » n’est pas un SIRET (14 chiffres, espaces permis).` };
    if (!sirets.includes(siret.data)) sirets.push(siret.data);
  }
  return { sirets };
}

/**
 * The declaration of `--complete <siret>` and `--confirm-empty <siret>` (each repeatable, or a
 * comma list): undefined without `--complete`, or why it is refused, in French.
 */
export function declareComplete(complete: readonly string[], confirmEmpty: readonly string[]): { declaration?: CompleteDeclaration } | { error: string } {
  const declared = siretsOf('--complete', complete);
  const confirmed = siretsOf('--confirm-empty', confirmEmpty);
  if ('error' in declared) return declared;
  if ('error' in confirmed) return confirmed;
  if (declared.sirets.length === 0) return confirmed.sirets.length ? { error: '--confirm-empty ne vaut qu’avec --complete : déclarez aussi le fichier complet pour cette structure.' } : {};
  const stray = confirmed.sirets.find((siret) => !declared.sirets.includes(siret));
  if (stray) return { error: `--confirm-empty ${stray} : ce SIRET n’est pas déclaré complet (--complete ${stray}).` };
  if (declared.sirets.length > COMPLETE_SIRETS_MAX) return { error: `--complete : au plus ${COMPLETE_SIRETS_MAX} structures par fichier.` };
  return { declaration: { sirets: declared.sirets, ...(confirmed.sirets.length ? { confirmEmpty: confirmed.sirets } : {}) } };
}
