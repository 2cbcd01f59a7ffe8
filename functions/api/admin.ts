import { assertAdministrator } from '#domain/administrators.ts';
import { notFound } from '#domain/errors.ts';
import { erasePersonalData } from '#store/personal-data.ts';
import { defineRoute, json } from '../http/route.ts';
import { personalDataExport } from './personal-data-export.ts';
import { EraseBody, ErasureReport, PersonParams, PersonalDataExport, Problem } from './views.ts';

const TAG = 'Données personnelles (RGPD)';
const ADMINISTRATORS_ONLY = { description: 'Réservé aux administrateurs désignés dans GPS_ADMINISTRATORS', schema: Problem };

export const adminRoutes = [
  defineRoute({
    method: 'GET',
    path: '/admin/persons/{id}/export',
    group: 'admin',
    tag: TAG,
    summary: 'Tout ce que GPS détient sur une personne, pour répondre à son droit d’accès (export tracé)',
    description: 'Le profil, les suivis en cours et passés, les demandes, les actions, les invitations et le journal, avec le nom et la structure de chaque professionnelle ou professionnel cité. L’export est inscrit au journal de la personne.',
    params: PersonParams,
    responses: {
      200: { description: 'Le document d’export', schema: PersonalDataExport },
      403: ADMINISTRATORS_ONLY,
      404: { description: 'Personne inconnue (ou déjà effacée)', schema: Problem },
    },
    handle: async ({ pro, issuer, params, deps }) => {
      assertAdministrator(deps.administrators ?? [], { email: pro.email, issuer });
      return json(200, await personalDataExport(deps.store, pro.id, params.id));
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/admin/persons/{id}/erase',
    group: 'admin',
    tag: TAG,
    summary: 'Effacer une personne de GPS (droit à l’effacement) : fiche, suivis, actions, invitations ; le journal reste, anonymisé',
    description:
      'Sûr face aux écritures concurrentes et rejouable : un effacement interrompu s’achève en le relançant. Ensuite, la même identité ne retrouve plus rien et peut être créée à nouveau.',
    params: PersonParams,
    body: EraseBody,
    responses: {
      200: { description: 'Ce qui a été effacé et ce qui reste du journal', schema: ErasureReport },
      403: ADMINISTRATORS_ONLY,
      404: { description: 'Rien à effacer : personne inconnue, ou déjà effacée entièrement', schema: Problem },
    },
    handle: async ({ pro, issuer, params, body, deps }) => {
      assertAdministrator(deps.administrators ?? [], { email: pro.email, issuer });
      const report = await erasePersonalData(deps.store, pro.id, params.id, body.reason);
      const { profile, ...rest } = report.deleted;
      if (!profile && Object.values(rest).every((count) => count === 0) && report.audit.anonymized === 0) {
        throw notFound('Aucune donnée à effacer : cette personne est inconnue de GPS, ou déjà effacée.');
      }
      return json(200, { personId: params.id, erasedAt: deps.store.now().toISOString(), ...report });
    },
  }),
];
