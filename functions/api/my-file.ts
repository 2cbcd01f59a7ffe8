import { portalName } from '#domain/federation.ts';
import { NeedChanges, NewNeed } from '#domain/need.ts';
import type { ApiDeps } from '../http/route.ts';
import { allActions } from '#store/actions.ts';
import { listAuditEvents } from '#store/audit.ts';
import { writeNeed, changeNeed } from '#store/needs.ts';
import { readCard } from '#store/persons.ts';
import { getProfessionals } from '#store/professionals.ts';
import { useQuotas } from '#store/quotas.ts';
import { flagUnknownMember } from '#store/unknown-members.ts';
import * as z from '#domain/zod.ts';
import { Id } from '#domain/common.ts';
import { noFile } from '../http/current-person.ts';
import { definePersonRoute, json } from '../http/route.ts';
import { MyFile, MyJournalEntry, Need, TeamMember, teamOf, toMyJournalEntry, toTeamMember } from './my-file-views.ts';
import { personalDataExport } from './personal-data-export.ts';
import { PageQuery, PersonalDataExport, Problem, page } from './views.ts';

const TAG = 'Espace de la personne';
const GROUP = 'my-file';
const NO_FILE = { description: 'Aucun dossier ne correspond à l’identité du jeton (`/docs#probleme-no-file`)', schema: Problem };

/** A person may write a few times a day: each write may mail their team. */
const writeQuota = (deps: ApiDeps, personId: string) => useQuotas(deps.store, [{ holder: `person:${personId}`, kind: 'personWrites', max: deps.quotas.personWrites }]);

const NeedParams = z.strictObject({ needId: Id.meta({ description: 'Identifiant du besoin (ULID), tel que le donne `/my-file`.' }) });
const TeamMemberParams = z.strictObject({ proId: Id.meta({ description: 'Identifiant du professionnel (ULID), tel que le donne `/my-file` (`proId`).' }) });

export const myFileRoutes = [
  definePersonRoute({
    method: 'GET',
    path: '/my-file',
    group: GROUP,
    tag: TAG,
    summary: 'Mon dossier : mon équipe, ce qui a été fait, mes besoins (jeton de la personne)',
    description: 'Le dossier de la personne du jeton, trouvé par son identité exacte (prénoms, nom, date de naissance). Les coordonnées professionnelles de son équipe y figurent.',
    responses: { 200: { description: 'Le dossier', schema: MyFile }, 404: NO_FILE },
    handle: async ({ me, deps }) => {
      const [card, actions] = await Promise.all([readCard(deps.store, me.personId), allActions(deps.store, me.personId)]);
      if (!card) throw noFile();
      const inTeam = card.members.filter((link) => link.status === 'active' || link.status === 'ended');
      const { team, formerTeam } = teamOf(inTeam, await getProfessionals(deps.store, inTeam.map((link) => link.proId)));
      return json(200, {
        personId: me.personId,
        identity: { firstName: card.person.identity.firstName, lastName: card.person.identity.lastName, birthDate: card.person.identity.birthDate },
        team,
        formerTeam,
        actions,
        needs: [...(card.person.needs ?? [])].reverse(),
      });
    },
  }),
  definePersonRoute({
    method: 'GET',
    path: '/my-file/journal',
    group: GROUP,
    tag: TAG,
    summary: 'Qui a consulté ou modifié mon dossier, et quand (le plus récent d’abord)',
    description: 'Chaque lecture de la fiche, chaque recherche qui vous a trouvé, chaque affichage des coordonnées d’un membre, avec le nom et la structure du professionnel.',
    query: PageQuery,
    responses: { 200: { description: 'Une page du journal', schema: page(MyJournalEntry) }, 404: NO_FILE },
    handle: async ({ me, query, deps }) => {
      const { items, cursor } = await listAuditEvents(deps.store, me.personId, query);
      const profiles = await getProfessionals(deps.store, items.flatMap((event) => [event.actorId, ...(event.targetProId ? [event.targetProId] : [])]));
      return json(200, { items: items.map((event) => toMyJournalEntry(event, profiles, portalName(deps.issuers, event.issuer))), ...(cursor ? { cursor } : {}) });
    },
  }),
  definePersonRoute({
    method: 'POST',
    path: '/my-file/needs',
    group: GROUP,
    tag: TAG,
    summary: 'Écrire un besoin : ce dont j’ai besoin, ou ce sur quoi je travaille',
    description: 'Mon équipe le lit sur ma fiche, marqué comme écrit par moi ; ceux qui l’ont choisi en sont prévenus par e-mail (sans son contenu).',
    body: NewNeed,
    responses: {
      201: { description: 'Le besoin', schema: Need },
      409: { description: 'Trop de besoins déjà écrits', schema: Problem },
      429: { description: 'Trop d’écritures aujourd’hui', schema: Problem },
      404: NO_FILE,
    },
    handle: async ({ me, body, deps }) => {
      await writeQuota(deps, me.personId);
      return json(201, await writeNeed(deps.store, me.personId, body));
    },
  }),
  definePersonRoute({
    method: 'PATCH',
    path: '/my-file/needs/{needId}',
    group: GROUP,
    tag: TAG,
    summary: 'Modifier un de mes besoins : son texte, sa catégorie, où j’en suis (à faire, en cours, fait)',
    params: NeedParams,
    body: NeedChanges,
    responses: { 200: { description: 'Le besoin modifié', schema: Need }, 404: { description: 'Pas de besoin de ce numéro dans mon dossier, ou aucun dossier', schema: Problem } },
    handle: async ({ me, params, body, deps }) => {
      await writeQuota(deps, me.personId);
      return json(200, await changeNeed(deps.store, me.personId, params.needId, body));
    },
  }),
  definePersonRoute({
    method: 'POST',
    path: '/my-file/team/{proId}/unknown',
    group: GROUP,
    tag: TAG,
    summary: '« Je ne connais pas ce professionnel » : le signaler à mon équipe',
    description:
      'Le membre est signalé sur la fiche aux autres membres ; mon référent (ou, sans référent, chaque membre) en est prévenu par e-mail. Personne n’est retiré par là : c’est au groupe de vérifier et d’agir. Le redire ne change rien.',
    params: TeamMemberParams,
    responses: { 200: { description: 'Le membre, signalé', schema: TeamMember }, 404: { description: 'Pas un membre actuel ou passé de mon équipe, ou aucun dossier', schema: Problem } },
    handle: async ({ me, params, deps }) => {
      await writeQuota(deps, me.personId);
      const link = await flagUnknownMember(deps.store, me.personId, params.proId);
      return json(200, toTeamMember(link, (await getProfessionals(deps.store, [link.proId])).get(link.proId)));
    },
  }),
  definePersonRoute({
    method: 'GET',
    path: '/my-file/export',
    group: GROUP,
    tag: TAG,
    summary: 'Télécharger mes données : tout ce que GPS détient sur moi (le même document que l’export RGPD des administrateurs)',
    description: 'L’export est inscrit à mon journal.',
    responses: { 200: { description: 'Le document d’export', schema: PersonalDataExport }, 404: NO_FILE },
    handle: async ({ me, deps }) => json(200, await personalDataExport(deps.store, me.personId, me.personId)),
  }),
];
