import { joinMode, notMember } from '#domain/access.ts';
import { alreadyExists, isDomainError } from '#domain/errors.ts';
import { assertMayAssertFranceTravailId } from '#domain/federation.ts';
import { recordAccess, recordLookup } from '#store/audit.ts';
import { getFollowUp } from '#store/follow-ups.ts';
import { createPerson, findPerson, getPerson, updatePerson } from '#store/persons.ts';
import { useQuotas } from '#store/quotas.ts';
import { HttpProblem } from '../http/problem.ts';
import { defineRoute, json } from '../http/route.ts';
import { CreatePersonBody, IfMatchHeaders, LookupBody, LookupResult, Person, PersonParams, Problem, UpdatePersonBody } from './views.ts';
import { assertNoSensitiveNotes } from '#domain/person.ts';
import { seenChange } from '#store/news.ts';

const etag = (version: number) => ({ ETag: `"${version}"` });

const expectedVersion = (ifMatch: string | undefined): number => {
  if (ifMatch === undefined) {
    throw new HttpProblem(428, 'precondition-required', 'Version requise', 'Envoyez l’en-tête If-Match avec la version du dossier lue (ETag).');
  }
  const version = /^(?:W\/)?"?(\d{1,9})"?$/.exec(ifMatch.trim())?.[1];
  if (!version) throw new HttpProblem(400, 'validation', 'Requête invalide', 'En-tête If-Match invalide : attendu la version lue, ex. "3".');
  return Number(version);
};

export const personRoutes = [
  defineRoute({
    method: 'POST',
    path: '/persons',
    group: 'persons',
    tag: 'Bénéficiaires',
    summary: 'Créer le dossier d’une personne et en devenir le premier membre',
    description: 'Si la personne existe déjà (même identité exacte), répond 409 avec `personId` et `join` : demandez alors à rejoindre son groupe de suivi.',
    body: CreatePersonBody,
    responses: {
      201: { description: 'Dossier créé', schema: Person },
      403: { description: 'Identifiant France Travail que mon portail n’est pas autorisé à renseigner', schema: Problem },
      429: { description: 'Trop de créations de dossier aujourd’hui', schema: Problem },
      409: { description: 'La personne existe déjà, ou son identifiant France Travail est celui d’une autre identité', schema: Problem },
    },
    handle: async ({ pro, issuer, body, deps }) => {
      const { reason, role, ...person } = body;
      assertMayAssertFranceTravailId(issuer, person.identity.franceTravailId);
      assertNoSensitiveNotes(person.situation, deps.sensitiveNotes ?? false);
      await useQuotas(deps.store, [{ holder: pro.id, kind: 'creations', max: deps.quotas.creations }]);
      try {
        const created = await createPerson(deps.store, pro, person, { reason, ...(role ? { role } : {}) });
        return json(201, created, { Location: `/persons/${created.id}`, ...etag(created.version) });
      } catch (error) {
        if (isDomainError(error, 'already_exists') && typeof error.details.personId === 'string') {
          throw alreadyExists(error.message, { personId: error.details.personId, join: `/persons/${error.details.personId}/members` });
        }
        throw error;
      }
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/persons/lookup',
    group: 'persons',
    tag: 'Bénéficiaires',
    summary: 'Retrouver une personne par son identité exacte : nom, prénom et date de naissance, et, si vous l’avez, son identifiant France Travail',
    description:
      'Ne révèle rien d’autre que l’existence du dossier et la façon de le rejoindre : aucune recherche approchante, aucune liste. Un identifiant France Travail ne trouve un dossier que s’il s’accorde avec l’identité donnée (même date de naissance).',
    body: LookupBody,
    responses: {
      200: { description: 'Résultat (une recherche qui trouve la personne est inscrite à son journal)', schema: LookupResult },
      429: { description: 'Trop de recherches aujourd’hui (par vous, ou depuis votre portail)', schema: Problem },
    },
    handle: async ({ pro, issuer, body, deps }) => {
      await useQuotas(deps.store, [
        { holder: pro.id, kind: 'lookups', max: deps.quotas.lookups },
        { holder: `issuer:${issuer.issuer}`, kind: 'lookupsPerIssuer', max: deps.quotas.lookupsPerIssuer },
      ]);
      const match = await findPerson(deps.store, body);
      if (!match) return json(200, { found: false });
      const { personId } = match;
      const [mine] = await Promise.all([
        getFollowUp(deps.store, personId, pro.id),
        recordLookup(deps.store, { personId, actorId: pro.id, kind: 'looked_up', lookupMeans: match.means }),
      ]);
      return json(200, {
        found: true,
        personId,
        ...(mine ? { myStatus: mine.status } : {}),
        joinMode: joinMode(pro.organization, deps.joinPolicy, false, mine),
      });
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/persons/{id}',
    group: 'persons',
    tag: 'Bénéficiaires',
    summary: 'La fiche d’une personne que je suis (lecture tracée)',
    params: PersonParams,
    responses: {
      200: { description: 'La fiche, avec sa version en ETag', schema: Person },
      404: { description: 'Introuvable, ou je ne suis pas membre du groupe de suivi', schema: Problem },
    },
    handle: async ({ pro, params, deps }) => {
      // The read and its audit, which proves membership, go out together: one round trip.
      const [person] = await Promise.all([
        getPerson(deps.store, params.id),
        // Opening the file is seeing what changed in it: its news on my link goes.
        recordAccess(deps.store, { personId: params.id, actorId: pro.id, kind: 'card_read' }, seenChange(deps.store.now().toISOString())),
      ]);
      if (!person) throw notMember();
      return json(200, person, etag(person.version));
    },
  }),
  defineRoute({
    method: 'PATCH',
    path: '/persons/{id}',
    group: 'persons',
    tag: 'Bénéficiaires',
    summary: 'Mettre à jour le contact, la situation ou le résumé (verrouillage optimiste par If-Match)',
    description: 'Chaque rubrique envoyée (contact, situation, summary) remplace la précédente. Si le dossier a changé depuis votre lecture, répond 412 avec `currentVersion`.',
    params: PersonParams,
    headers: IfMatchHeaders,
    body: UpdatePersonBody,
    responses: {
      200: { description: 'La fiche à jour', schema: Person },
      412: { description: 'Le dossier a été modifié entre-temps', schema: Problem },
      428: { description: 'En-tête If-Match manquant', schema: Problem },
    },
    handle: async ({ pro, params, headers, body, deps }) => {
      const version = expectedVersion(headers['if-match']);
      assertNoSensitiveNotes(body.situation, deps.sensitiveNotes ?? false);
      try {
        const person = await updatePerson(deps.store, pro.id, params.id, version, body);
        return json(200, person, etag(person.version));
      } catch (error) {
        if (isDomainError(error, 'conflict') && error.details.currentVersion !== undefined) {
          throw new HttpProblem(412, 'stale-version', 'Version périmée', error.message, error.details);
        }
        throw error;
      }
    },
  }),
];
