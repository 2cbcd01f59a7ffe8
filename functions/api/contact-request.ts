import { isConfidential } from '#domain/confidentiality.ts';
import { notFound } from '#domain/errors.ts';
import { emailActorOf, newOutboxEmail } from '#domain/outbox.ts';
import { requestContact } from '#store/contact-requests.ts';
import { getProfessional } from '#store/professionals.ts';
import { defineRoute, json } from '../http/route.ts';
import { confidentialKindsOf, groupSeenBy } from './group.ts';
import { MemberParams, Problem } from './views.ts';
import * as z from '#domain/zod.ts';

export const contactRequestRoutes = [
  defineRoute({
    method: 'POST',
    path: '/persons/{id}/members/{proId}/contact-request',
    group: 'members',
    tag: 'Groupe de suivi',
    summary: 'Demander à un accompagnement confidentiel de me contacter (action tracée)',
    description:
      'Les coordonnées d’un membre d’une structure confidentielle (SPIP, CSAPA, CAARUD… selon la configuration) ne sont pas affichées : ce membre reçoit par e-mail les vôtres (nom, structure, e-mail, téléphone) et choisit de répondre. Une demande par membre et par jour.',
    params: MemberParams,
    responses: {
      202: { description: 'La demande est partie', schema: z.strictObject({ sent: z.literal(true) }) },
      404: { description: 'Pas un accompagnement confidentiel actuel du groupe, ou je ne suis pas membre', schema: Problem },
      409: { description: 'Déjà demandé aujourd’hui à ce membre', schema: Problem },
    },
    handle: async ({ pro, params, deps }) => {
      const { members } = await groupSeenBy(deps.store, params.id, pro.id);
      const target = members.find((m) => m.proId === params.proId && m.proId !== pro.id && m.status === 'active');
      // Anyone else's contact is one click away (/contact): this route is for those who hide it.
      if (!target || !isConfidential(target, confidentialKindsOf(deps))) throw notFound('Ce membre n’est pas un accompagnement confidentiel actuel du groupe.');
      const now = deps.store.now();
      const id = ['contact-request', now.toISOString().slice(0, 10), params.id, pro.id, params.proId].join('.');
      const colleague = await getProfessional(deps.store, params.proId);
      if (!colleague) throw notFound('Ce professionnel n’existe plus.');
      await requestContact(deps.store, params.id, pro.id, params.proId, newOutboxEmail(id, colleague.email, { template: 'contact_requested', personId: params.id, asker: emailActorOf(pro) }, now));
      return json(202, { sent: true });
    },
  }),
];
