import { newPerson } from './fixtures.ts';

/**
 * A valid body for each route that takes one, by route key: the malformed-input and fuzz
 * tests send mutations of it, so a route with a body must have its entry here.
 */
export const VALID_BODIES: Record<string, () => Record<string, unknown>> = {
  'POST /persons': () => ({ ...newPerson({ lastName: 'Valide' }), reason: 'Suivi' }),
  'POST /persons/lookup': () => ({ ...newPerson().identity }),
  'PATCH /persons/{id}': () => ({ summary: 'Résumé' }),
  'POST /persons/{id}/members': () => ({ reason: 'Accompagnement' }),
  'PATCH /persons/{id}/members/me': () => ({ role: 'Conseillère' }),
  'POST /persons/{id}/members/{proId}/remove': () => ({ reason: 'Ne suit pas cette personne' }),
  'POST /persons/{id}/actions': () => ({ date: '2026-11-02', category: 'emploi', text: 'Atelier CV' }),
  'POST /persons/{id}/invitations': () => ({ email: 'collegue@exemple.fr', message: 'Bonjour' }),
  'POST /invitations/open': () => ({ token: 'a'.repeat(43) }),
  'POST /invitations/accept': () => ({ token: 'a'.repeat(43), reason: 'Accompagnement', confirmDifferentEmail: true }),
  'POST /invitations/decline': () => ({ token: 'a'.repeat(43) }),
  'PATCH /me': () => ({ notifications: { memberJoined: false } }),
  'POST /admin/persons/{id}/erase': () => ({ reason: 'person_request' }),
  'POST /my-file/needs': () => ({ text: 'Trouver une garde le mercredi.', category: 'gardeEnfants', status: 'todo' }),
  'PATCH /my-file/needs/{needId}': () => ({ status: 'in_progress' }),
};
