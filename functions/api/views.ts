/**
 * What the API answers, as zod schemas: the single source of the response types and of
 * the OpenAPI document. Views leave out what a caller has no business seeing.
 */
import { Action } from '#domain/action.ts';
import { AuditEvent, ErasureGround } from '#domain/audit-event.ts';
import * as z from '#domain/zod.ts';
import { Email, Id, Phone, Timestamp, text } from '#domain/common.ts';
import { ConfidentialMember, confidentialView, isConfidential } from '#domain/confidentiality.ts';
import { FollowUp } from '#domain/follow-up.ts';
import type { OrganizationKind } from '#domain/organization.ts';
import { Invitation, InvitationStatus, InvitationToken, NewInvitation, effectiveStatus } from '#domain/invitation.ts';
import { NewPerson, Person, PersonChanges, PersonIdentity, PersonSummary } from '#domain/person.ts';
import { isFollowUp, isProfileChange, namedProfessional } from '#domain/personal-data.ts';
import { NotificationPreferences, Professional } from '#domain/professional.ts';
import type { PersonalData } from '#store/personal-data.ts';

export { Action, AuditEvent, Person, Professional };

/** An entry of a file's journal: the event, and the portal its actor came through, by its name. */
export const JournalEntry = AuditEvent.extend({
  portal: z.string().meta({ description: 'Le portail par lequel l’action est venue (« Page GPS », le nom du portail partenaire, « Import de fichier »…)' }),
});

/** A member of the group as the other members see them: no contact details (see /contact). */
export const Member = FollowUp.omit({ personId: true, person: true, lastActivityAt: true, lastContactRevealAt: true, news: true, newsAt: true, seenAt: true });
export type Member = z.infer<typeof Member>;

export const toMember = ({ personId, person, lastActivityAt, lastContactRevealAt, news, newsAt, seenAt, ...member }: FollowUp): Member => member;

/**
 * A member as another member sees them: a confidential structure's member (see
 * domain/confidentiality.ts) shows only that someone follows the person, unless they chose to
 * show their organization. A pending requester is shown whole: the members must know who asks.
 */
export const SeenMember = z.union([Member, ConfidentialMember]);
export const seenBy = (viewerId: string, kinds: ReadonlySet<OrganizationKind>) => (link: FollowUp): z.infer<typeof SeenMember> =>
  link.proId !== viewerId && link.status !== 'pending' && isConfidential(link, kinds) ? confidentialView(link) : toMember(link);

/** One of my follow-ups: my link, with the person's summary. */
export const MyFollowUp = FollowUp.omit({ lastContactRevealAt: true }).extend({
  person: FollowUp.shape.person.optional().meta({ description: 'Absent d’une demande en attente ou refusée : tant qu’un membre ne l’a pas acceptée, le demandeur ne lit rien du dossier, pas même l’identité enregistrée.' }),
});

/** One of my links as I may see it: a pending or refused request shows nothing of the file, not even the stored identity. */
export const toMyFollowUp = ({ lastContactRevealAt, person, news, newsAt, ...link }: FollowUp): z.infer<typeof MyFollowUp> => {
  if (link.status === 'pending' || link.status === 'declined') return link;
  // News is about a group one is in: an ended follow-up has none to show.
  return { ...link, person, ...(link.status === 'active' && news?.length ? { news, ...(newsAt ? { newsAt } : {}) } : {}) };
};

/** A request to join a group I am a member of, for me to answer. */
export const JoinRequest = z.strictObject({ personId: Id, person: PersonSummary, requester: Member });

export const Contact = z.strictObject({ email: Email, phone: Phone.optional() });

export const LookupResult = z.strictObject({
  found: z.boolean(),
  personId: Id.optional(),
  /** My own link to the person, if any: `active`, `pending`, `ended`, `declined`. */
  myStatus: FollowUp.shape.status.optional(),
  /** How I may join: at once, or by asking the members. */
  joinMode: z.enum(['direct', 'request']).optional(),
});

export const page = <T extends z.ZodType>(item: T) =>
  z.strictObject({
    items: z.array(item),
    cursor: z.string().optional().meta({ description: 'À renvoyer tel quel pour obtenir la page suivante.' }),
  });

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
    errors: z.array(z.object({ pointer: z.string(), detail: z.string() })).optional(),
  })
  .meta({
    id: 'Problem',
    description: 'RFC 9457 problem details, `detail` en français.',
    example: {
      type: '/docs#probleme-validation',
      title: 'Requête invalide',
      status: 400,
      detail: 'La date de naissance est invalide.',
      errors: [{ pointer: '/birthDate', detail: 'Date attendue au format AAAA-MM-JJ.' }],
    },
  });

// Request bodies.
export const JoinBody = z.strictObject({
  reason: text(500).meta({ description: 'Visible par les autres membres : n’y écrivez rien de confidentiel.' }),
  role: text(120).optional(),
});

export const CreatePersonBody = NewPerson.extend(JoinBody.shape);

export const RemoveMemberBody = z.strictObject({
  reason: text(500).meta({ description: 'Pourquoi vous mettez fin à son suivi ; visible par les membres et par lui : rien de confidentiel.' }),
});

export const LookupBody = PersonIdentity;

export const UpdatePersonBody = PersonChanges.refine(
  (body) => Object.keys(body).length > 0,
  'Indiquez au moins un champ à modifier : contact, situation ou summary.',
);

export const UpdateMembershipBody = z
  .strictObject({
    reason: JoinBody.shape.reason.optional(),
    role: text(120).optional(),
    startedAt: Timestamp.optional(),
    isReferent: z.boolean().optional(),
    ended: z.literal(true).optional().meta({ description: 'Met fin à votre suivi ; il reste dans l’historique.' }),
    showsOrganization: z
      .boolean()
      .optional()
      .meta({ description: 'Pour un membre d’une structure confidentielle (SPIP, CSAPA, CAARUD…) : montrer au groupe son nom, sa structure, son rôle et son motif.' }),
  })
  .refine((body) => Object.keys(body).length > 0, 'Indiquez au moins un champ à modifier.')
  .refine((body) => !body.ended || Object.keys(body).length === 1, 'Mettre fin au suivi ne se combine avec aucune autre modification.')
  .refine((body) => !body.startedAt || body.startedAt <= new Date().toISOString(), {
    message: 'La date de début ne peut pas être dans le futur.',
    path: ['startedAt'],
  });

// Parameters.
const PersonId = Id.meta({ description: 'Identifiant du dossier de la personne (ULID), tel que le donnent la recherche, la création ou « mes suivis ».' });
const ProId = Id.meta({ description: 'Identifiant du ou de la professionnelle (ULID), tel que le donne la liste des membres (`proId`).', example: '01JDX4R2B4D6F8H0J2K4M6N8P0' });
export const PersonParams = z.strictObject({ id: PersonId });
export const MemberParams = z.strictObject({ id: PersonId, proId: ProId });
export const JoinRequestParams = z.strictObject({
  id: PersonId,
  proId: ProId.meta({ description: 'Identifiant de la personne qui demande à rejoindre le groupe (ULID), tel que le donne la liste des demandes (`proId`).' }),
});

export const PageQuery = z.strictObject({
  cursor: z
    .string()
    .max(2048)
    .optional()
    .meta({
      description: 'Curseur opaque : la valeur `cursor` de la page précédente, renvoyée telle quelle. Absent : la première page. Une réponse sans `cursor` est la dernière page.',
      example: 'eyJQSyI6IlBFUlNPTiMwMUpEWDRRNlo4In0',
    }),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .optional()
    .meta({ description: 'Nombre d’éléments par page, de 1 à 100 ; par défaut 20 suivis, 50 actions ou événements du journal, 100 demandes. Une page peut en compter moins : seule l’absence de `cursor` marque la dernière.', example: 20 }),
});

export const FollowUpsQuery = PageQuery.extend({
  status: z
    .enum(['current', 'ended', 'pending', 'declined'])
    .default('current')
    .meta({
      description: '`current` : mes suivis en cours (par défaut) ; `ended` : ceux qui ont pris fin (historique) ; `pending` : mes demandes en attente de réponse ; `declined` : mes demandes refusées.',
      example: 'current',
    }),
  changed: z
    .enum(['true', 'false'], 'changed : true ou false.')
    .optional()
    .transform((value) => value === 'true')
    .meta({ description: '`true` : seulement les suivis « avec du nouveau » depuis ma dernière ouverture du dossier (`news` : nouveau membre, demande, action, situation, référent).' }),
});

export const IfMatchHeaders = z.object({
  'if-match': z
    .string()
    .max(40)
    .optional()
    .meta({ description: 'La version du dossier lue (son ETag, ex. "3") : la modification est refusée (412) si le dossier a changé depuis.', example: '"3"' }),
});

// Invitations.
export const CreateInvitationBody = NewInvitation.extend({
  message: NewInvitation.shape.message.meta({
    description: 'Joint à l’e-mail (500 caractères au plus) : n’y écrivez rien sur la situation de la personne. Sans lien : une URL, « www. », un nom de domaine ou une adresse e-mail y sont refusés (400).',
  }),
});
export const InvitationParams = z.strictObject({
  id: PersonId,
  invitationId: Id.meta({ description: 'Identifiant de l’invitation (ULID), tel que le donne la liste des invitations.', example: '01JDX4S8C0E2G4J6L8N0Q2S4U6' }),
});

/** An invitation as the members see it: never its token or its hash. */
export const InvitationView = Invitation.omit({ tokenHash: true, status: true }).extend({ status: InvitationStatus });
export const toInvitationView = ({ tokenHash, ...invitation }: Invitation, now: Date) => ({
  ...invitation,
  status: effectiveStatus({ tokenHash, ...invitation }, now),
});

/** The token travels in the body, never in a URL: access logs keep URLs. */
export const TokenBody = z.strictObject({ token: InvitationToken });
export const AcceptInvitationBody = TokenBody.extend({
  reason: JoinBody.shape.reason.optional(),
  role: JoinBody.shape.role,
  confirmDifferentEmail: z.boolean().optional().meta({
    deprecated: true,
    description: 'Sans effet, accepté pour les clients existants : avec une session ouverte sous une autre adresse que celle de l’invitation, accepter crée toujours une demande qu’un membre accepte ou refuse.',
  }),
});

/** What the invitee sees before accepting; the person only if the invitation is addressed to them, never the invited address. */
export const OpenedInvitation = z.strictObject({
  inviter: Invitation.shape.inviter,
  message: z.string().optional(),
  expiresAt: Timestamp,
  addressedToMe: z.boolean().meta({ description: 'Faux : accepter crée une demande pour rejoindre, qu’un membre accepte ou refuse.' }),
  person: PersonSummary.optional(),
});

// My profile.
export const Me = Professional.extend({ notifications: NotificationPreferences });
export const UpdateMeBody = z.strictObject({
  notifications: z
    .strictObject({
      memberJoined: z.boolean().optional(),
      joinRequested: z.boolean().optional(),
      referentReplaced: z.boolean().optional(),
      personNeeds: z.boolean().optional(),
    })
    .refine((value) => Object.keys(value).length > 0, 'Indiquez au moins une préférence.'),
});

// Stats: see stats-views.ts.

// Personal data (RGPD), for administrators.
const NamedProfessional = z.strictObject({
  firstName: z.string(),
  lastName: z.string(),
  jobTitle: z.string().optional(),
  organization: z.strictObject({ name: z.string(), kind: z.string() }),
});

export const PersonalDataExport = z
  .strictObject({
    exportedAt: Timestamp,
    person: Person,
    profileHistory: z
      .array(AuditEvent.pick({ at: true, actorId: true, kind: true }))
      .meta({ description: 'Création et modifications de la fiche (qui, quand) : GPS ne conserve pas les valeurs antérieures.' }),
    identityGuards: z
      .strictObject({ identity: z.literal('hmac-sha256'), franceTravailId: z.enum(['hmac-sha256', 'absent']), note: z.string() })
      .meta({ description: 'Les clés d’unicité de l’identité : des empreintes (HMAC), irréversibles sans la clé du service.' }),
    followUps: z.array(FollowUp).meta({ description: 'Les suivis en cours et passés, avec les membres et leurs structures.' }),
    joinRequests: z.array(FollowUp).meta({ description: 'Les demandes pour rejoindre le groupe de suivi, en attente ou refusées.' }),
    actions: z.array(Action),
    invitations: z.array(InvitationView),
    audit: z.array(AuditEvent).meta({ description: 'Qui a consulté ou modifié le dossier, et quand, y compris les exports.' }),
    professionals: z.record(Id, NamedProfessional).meta({ description: 'Nom et structure de chaque professionnelle ou professionnel cité (jamais ses coordonnées).' }),
  })
  .meta({ id: 'PersonalDataExport', description: 'Tout ce que GPS détient sur une personne (RGPD, droit d’accès).' });
export type PersonalDataExport = z.infer<typeof PersonalDataExport>;

const GUARDS_NOTE =
  'GPS garde, pour retrouver la personne sans liste ni recherche approchante, une empreinte HMAC de ses nom, prénom et date de naissance (et de son identifiant France Travail) : elle ne permet pas de retrouver ces données sans la clé secrète du service.';

export const toPersonalDataExport = (data: PersonalData, professionals: ReadonlyMap<string, Professional>, now: Date): PersonalDataExport => ({
  exportedAt: now.toISOString(),
  person: data.person,
  profileHistory: data.audit.filter(isProfileChange).map(({ at, actorId, kind }) => ({ at, actorId, kind })),
  identityGuards: { identity: 'hmac-sha256', franceTravailId: data.person.identity.franceTravailId ? 'hmac-sha256' : 'absent', note: GUARDS_NOTE },
  followUps: data.links.filter(isFollowUp),
  joinRequests: data.links.filter((link) => !isFollowUp(link)),
  actions: data.actions,
  invitations: data.invitations.map((invitation) => toInvitationView(invitation, now)),
  audit: data.audit,
  professionals: Object.fromEntries([...professionals].map(([id, pro]) => [id, namedProfessional(pro)])),
});

export const EraseBody = z.strictObject({
  reason: ErasureGround.meta({
    description:
      'Le fondement de l’effacement (RGPD art. 17) : demande de la personne, données plus nécessaires, opposition, traitement illicite, obligation légale. Un motif codé et non un texte libre : l’événement d’effacement est conservé et ne doit rien dire de la personne.',
  }),
});

export const ErasureReport = z.strictObject({
  personId: Id,
  erasedAt: Timestamp,
  deleted: z.strictObject({ profile: z.boolean(), links: z.int(), actions: z.int(), invitations: z.int() }),
  audit: z
    .strictObject({ kept: z.int(), anonymized: z.int() })
    .meta({ description: 'Le journal reste, anonymisé : identifiants des comptes professionnels, actions et dates seulement.' }),
});
