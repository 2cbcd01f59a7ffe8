import { msg } from '@lit/localize';

/** Labels of the domain's codes, in the page's language (called at render time). */
export const flagLabel = (flag: string): string =>
  ({
    rsa: msg('Bénéficiaire du RSA', { id: 'flag.rsa' }),
    demandeurEmploi: msg('Inscription à France Travail', { id: 'flag.demandeurEmploi' }),
    rqth: msg('RQTH', { id: 'flag.rqth' }),
    aah: msg('AAH', { id: 'flag.aah' }),
    ass: msg('ASS', { id: 'flag.ass' }),
    jeune: msg('Jeune de moins de 26 ans', { id: 'flag.jeune' }),
  })[flag] ?? flag;

export const barrierLabel = (barrier: string): string =>
  ({
    mobilite: msg('Mobilité', { id: 'barrier.mobilite' }),
    logement: msg('Logement', { id: 'barrier.logement' }),
    gardeEnfants: msg('Garde d’enfants', { id: 'barrier.gardeEnfants' }),
    sante: msg('Santé', { id: 'barrier.sante' }),
    langue: msg('Langue', { id: 'barrier.langue' }),
    numerique: msg('Numérique', { id: 'barrier.numerique' }),
    finances: msg('Finances', { id: 'barrier.finances' }),
    juridique: msg('Juridique', { id: 'barrier.juridique' }),
  })[barrier] ?? barrier;

/** The freins that record the fact only: GPS refuses a note on them (see functions/domain/person.ts, SENSITIVE_BARRIERS). */
export const SENSITIVE_BARRIERS: ReadonlySet<string> = new Set(['sante', 'juridique']);

/** The DSFR hint of every free-text field: what is written there, the person may read. */
export const privacyHint = () =>
  msg('La personne peut lire ce que vous écrivez ici : n’y notez aucun détail de santé, de justice ou de vie privée.', { id: 'privacy.hint' });

export const ACTION_CATEGORIES = ['orientation', 'formation', 'emploi', 'logement', 'sante', 'mobilite', 'droits', 'autre'] as const;

export const categoryLabel = (category: string): string =>
  ({
    orientation: msg('Orientation', { id: 'category.orientation' }),
    formation: msg('Formation', { id: 'category.formation' }),
    emploi: msg('Emploi', { id: 'category.emploi' }),
    logement: msg('Logement', { id: 'category.logement' }),
    sante: msg('Santé', { id: 'category.sante' }),
    mobilite: msg('Mobilité', { id: 'category.mobilite' }),
    droits: msg('Accès aux droits', { id: 'category.droits' }),
    autre: msg('Autre', { id: 'category.autre' }),
  })[category] ?? category;

export const BARRIERS = ['mobilite', 'logement', 'gardeEnfants', 'sante', 'langue', 'numerique', 'finances', 'juridique'] as const;

export const FLAGS = ['rsa', 'demandeurEmploi', 'rqth', 'aah', 'ass', 'jeune'] as const;

/** What a person may write a need about: the freins, and employment, training or anything else (see functions/domain/need.ts). */
export const NEED_CATEGORIES = [...BARRIERS, 'emploi', 'formation', 'autre'] as const;

export const needCategoryLabel = (category: string): string => ((BARRIERS as readonly string[]).includes(category) ? barrierLabel(category) : categoryLabel(category));

export const NEED_STATUSES = ['todo', 'in_progress', 'done'] as const;

export const needStatusLabel = (status: string): string =>
  ({
    todo: msg('À faire', { id: 'need.todo' }),
    in_progress: msg('En cours', { id: 'need.inProgress' }),
    done: msg('Fait', { id: 'need.done' }),
  })[status] ?? status;
