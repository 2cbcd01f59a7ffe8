import { invitationToken, linkIn } from '#domain/invitation.ts';
import type { EmailActor, EmailContent } from '#domain/outbox.ts';
import { nameAndOrganization } from '#domain/professional.ts';
import { frenchLongDate, frenchPhone } from './format.ts';

/** `replyTo`: the address of the professional who acted (the inviter, the requester…), when the e-mail knows it. */
export type RenderedEmail = { subject: string; text: string; html: string; replyTo?: string };
export type MailSettings = {
  /** The GPS page the links point to, without a trailing slash. */
  pageUrl: string;
  invitationSecret: string;
};

const escape = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** « Thomas Nguyen, Envie Rhône » as the subject of a sentence: an apposition, closed by a comma. */
const who = (actor: EmailActor) => `${nameAndOrganization(actor)},`;

/** The inviter's card: name, job title, organization, then how to reach them. */
const contactOf = (actor: EmailActor): string[] => [
  [`${actor.firstName} ${actor.lastName}`, actor.jobTitle, actor.organization.name].filter(Boolean).join(', '),
  ...(actor.email ? [`E-mail : ${actor.email}`] : []),
  ...(actor.phone ? [`Téléphone : ${frenchPhone(actor.phone)}`] : []),
];

/** The parts every e-mail is made of; text and HTML are rendered from the same parts. */
type Parts = {
  subject: string;
  paragraphs: string[];
  quote?: string;
  contact?: { title: string; lines: string[] };
  action: { label: string; url: string };
  footer: string[];
  replyTo?: string;
};

const replyToOf = (actor: EmailActor) => (actor.email ? { replyTo: actor.email } : {});

function partsOf(content: EmailContent, { pageUrl, invitationSecret }: MailSettings): Parts {
  const preferences = `Vous recevez ce message parce que vous accompagnez cette personne dans GPS. Pour ne plus recevoir ce type de message : ${pageUrl}/profil`;
  const reply = 'Pour lui écrire, répondez simplement à ce message : votre réponse lui parvient directement, pas à GPS.';
  switch (content.template) {
    case 'invitation':
      return {
        subject: `${content.inviter.firstName} ${content.inviter.lastName} vous invite à rejoindre un groupe de suivi sur GPS`,
        paragraphs: [
          'Bonjour,',
          `${who(content.inviter)} vous invite à rejoindre le groupe de suivi d’une personne que vous accompagnez, sur GPS, le Guide de partage et de suivi du Réseau pour l’emploi.`,
          'GPS réunit sur une page la situation de la personne et les coordonnées de toute l’équipe qui l’accompagne, pour que vous puissiez vous appeler.',
          `Connectez-vous avec votre compte professionnel pour voir de qui il s’agit et accepter l’invitation. Le lien est personnel, ne sert qu’une fois et expire le ${frenchLongDate(content.expiresAt)}.`,
        ],
        // A message with a link is refused when the invitation is made; one queued before that rule is left out, never sent.
        ...(content.message && !linkIn(content.message) ? { quote: content.message } : {}),
        contact: {
          title: content.inviter.email ? 'Pour joindre la personne qui vous invite (ou répondez simplement à ce message) :' : 'L’invitation vient de :',
          lines: contactOf(content.inviter),
        },
        action: { label: 'Voir l’invitation', url: `${pageUrl}/invitation#${invitationToken(invitationSecret, content.invitationId)}` },
        footer: ['Si vous ne connaissez pas cette personne ou ne vous attendiez pas à ce message, ignorez-le : sans votre action, rien ne se passe.'],
        ...replyToOf(content.inviter),
      };
    case 'member_joined':
      return {
        subject: 'Un nouveau membre a rejoint un groupe de suivi',
        paragraphs: ['Bonjour,', `${who(content.member)} a rejoint le groupe de suivi d’une personne que vous accompagnez.`, ...(content.member.email ? [reply] : [])],
        action: { label: 'Voir le groupe de suivi', url: `${pageUrl}/personnes/${content.personId}` },
        footer: [preferences],
        ...replyToOf(content.member),
      };
    case 'join_requested':
      return {
        subject: 'Une demande pour rejoindre un groupe de suivi attend votre réponse',
        paragraphs: [
          'Bonjour,',
          `${who(content.requester)} demande à rejoindre le groupe de suivi d’une personne que vous accompagnez.`,
          'Tout membre du groupe peut accepter ou refuser la demande, depuis la fiche de la personne.',
          ...(content.requester.email ? ['Pour poser une question avant de répondre, répondez à ce message : il part vers la personne qui demande, pas vers GPS.'] : []),
        ],
        // The person's page shows the requests waiting in the group, with Accepter and Refuser.
        action: { label: 'Répondre à la demande', url: `${pageUrl}/personnes/${content.personId}` },
        footer: [preferences],
        ...replyToOf(content.requester),
      };
    case 'referent_replaced':
      return {
        subject: 'La référence de parcours d’une personne que vous accompagnez a changé',
        paragraphs: [
          'Bonjour,',
          `${who(content.referent)} assure désormais, à votre place, la référence de parcours d’une personne que vous accompagnez.`,
          'Vous restez membre de son groupe de suivi.',
          ...(content.referent.email ? [reply] : []),
        ],
        action: { label: 'Voir le groupe de suivi', url: `${pageUrl}/personnes/${content.personId}` },
        footer: [preferences],
        ...replyToOf(content.referent),
      };
    case 'member_removed':
      return {
        subject: 'Un membre a mis fin à votre suivi d’une personne dans GPS',
        paragraphs: [
          'Bonjour,',
          `${who(content.remover)} a mis fin à votre suivi d’une personne dans GPS : vous ne voyez plus son dossier. Le motif figure dans l’onglet « Historique » de vos suivis.`,
          'S’il s’agit d’une erreur, vous pouvez demander à rejoindre à nouveau le groupe de suivi : un membre répondra à votre demande.',
          ...(content.remover.email ? [reply] : []),
        ],
        action: { label: 'Voir mes suivis', url: `${pageUrl}/` },
        footer: ['Vous recevez ce message parce que vous accompagniez cette personne dans GPS.'],
        ...replyToOf(content.remover),
      };
    case 'contact_requested':
      return {
        subject: 'Un membre d’un groupe de suivi demande à vous parler',
        paragraphs: [
          'Bonjour,',
          `${who(content.asker)} accompagne une personne que vous suivez, et demande que vous le ou la contactiez. Dans GPS, votre structure n’est pas montrée aux autres membres du groupe : c’est à vous de choisir de répondre.`,
        ],
        contact: { title: 'Pour lui répondre (ou répondez simplement à ce message) :', lines: contactOf(content.asker) },
        action: { label: 'Voir le groupe de suivi', url: `${pageUrl}/personnes/${content.personId}` },
        footer: ['Vous recevez ce message parce que vous accompagnez cette personne dans GPS.'],
        ...replyToOf(content.asker),
      };
    case 'request_accepted':
      return {
        subject: 'Votre demande pour rejoindre un groupe de suivi a été acceptée',
        paragraphs: [
          'Bonjour,',
          `${who(content.answerer)} a accepté votre demande : vous êtes désormais membre du groupe de suivi de la personne, et voyez sa fiche, son équipe et ce qui a été entrepris.`,
          ...(content.answerer.email ? [reply] : []),
        ],
        action: { label: 'Voir la fiche', url: `${pageUrl}/personnes/${content.personId}` },
        footer: ['Vous recevez ce message parce que vous avez demandé à rejoindre ce groupe de suivi dans GPS.'],
        ...replyToOf(content.answerer),
      };
    case 'request_declined':
      return {
        subject: 'Votre demande pour rejoindre un groupe de suivi a été refusée',
        paragraphs: [
          'Bonjour,',
          'Un membre du groupe de suivi a refusé votre demande pour le rejoindre : vous ne voyez pas le dossier de la personne.',
          'Si vous l’accompagnez bien, parlez-en avec elle : elle peut demander à un professionnel qui la suit de vous inviter.',
        ],
        action: { label: 'Voir mes demandes refusées', url: `${pageUrl}/?liste=refusees` },
        footer: ['Vous recevez ce message parce que vous avez demandé à rejoindre ce groupe de suivi dans GPS.'],
      };
    case 'invitation_declined':
      return {
        subject: 'Votre invitation à rejoindre un groupe de suivi a été refusée',
        paragraphs: [
          'Bonjour,',
          `${who(content.invitee)} a refusé votre invitation à rejoindre le groupe de suivi d’une personne que vous accompagnez : le lien ne sert plus.`,
          ...(content.invitee.email ? [reply] : []),
        ],
        action: { label: 'Voir le groupe de suivi', url: `${pageUrl}/personnes/${content.personId}` },
        footer: ['Vous recevez ce message parce que vous avez envoyé cette invitation dans GPS.'],
        ...replyToOf(content.invitee),
      };
    case 'person_need':
      return {
        subject: 'Une personne que vous accompagnez a écrit un besoin dans GPS',
        paragraphs: [
          'Bonjour,',
          'Une personne que vous accompagnez a écrit, depuis son espace GPS, ce dont elle a besoin ou ce sur quoi elle travaille.',
          'Pour le lire, ouvrez sa fiche : ce message ne dit rien d’autre, l’e-mail n’étant pas un moyen sûr pour parler de sa situation.',
        ],
        action: { label: 'Voir la fiche', url: `${pageUrl}/personnes/${content.personId}` },
        footer: [preferences],
      };
    case 'member_flagged_unknown':
      return {
        subject: 'Une personne dit ne pas connaître un membre de son groupe de suivi',
        paragraphs: [
          'Bonjour,',
          `Une personne que vous accompagnez dit, depuis son espace GPS, ne pas connaître ${nameAndOrganization(content.member)}, membre de son groupe de suivi.`,
          'Vérifiez avec elle et avec ce membre s’il l’accompagne vraiment. S’il ne l’accompagne pas, mettez fin à son suivi depuis la fiche : il ne verra plus le dossier.',
        ],
        action: { label: 'Voir le groupe de suivi', url: `${pageUrl}/personnes/${content.personId}` },
        footer: ['Vous recevez ce message parce que vous êtes référent de cette personne, ou membre de son groupe de suivi quand elle n’a pas de référent. Ce message est toujours envoyé.'],
      };
    case 'erasure_scheduled':
      return {
        subject: 'Le dossier d’une personne que vous accompagniez sera effacé de GPS',
        paragraphs: [
          'Bonjour,',
          'Plus personne ne suit dans GPS une personne que vous avez accompagnée, depuis la durée de conservation prévue. Son dossier (sa situation, son groupe de suivi et ce qui a été entrepris) sera donc effacé de GPS le ' +
            `${frenchLongDate(content.erasureOn)}.`,
          'Elle figure dans l’onglet « Historique » de vos suivis. Si vous l’accompagnez toujours, rejoignez à nouveau son groupe de suivi avant cette date : l’effacement sera annulé.',
          'Sinon, vous n’avez rien à faire.',
        ],
        action: { label: 'Voir mes suivis', url: `${pageUrl}/` },
        footer: ['Vous recevez ce message parce que vous accompagniez cette personne dans GPS. Les données personnelles ne sont pas conservées au-delà de ce qui est nécessaire (RGPD, article 5).'],
      };
  }
}

const SIGNATURE = 'L’équipe GPS — Guide de partage et de suivi';

function toText({ paragraphs, quote, contact, action, footer }: Parts): string {
  return [
    ...paragraphs,
    ...(quote ? [`Son message :\n${quote.split('\n').map((line) => `> ${line}`).join('\n')}`] : []),
    ...(contact ? [[contact.title, ...contact.lines].join('\n')] : []),
    `${action.label} : ${action.url}`,
    SIGNATURE,
    '--',
    ...footer,
  ].join('\n\n');
}

function toHtml({ subject, paragraphs, quote, contact, action, footer }: Parts): string {
  return `<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escape(subject)}</title></head>
<body style="margin:0;padding:24px;background:#f6f6f6;font-family:Marianne,Arial,sans-serif;color:#161616;line-height:1.5">
<main style="max-width:560px;margin:0 auto;background:#ffffff;padding:24px;border-top:4px solid #000091">
${paragraphs.map((p) => `<p>${escape(p)}</p>`).join('\n')}
${quote ? `<p>Son message :</p>\n<blockquote style="margin:0 0 16px;padding:8px 16px;border-left:4px solid #000091;background:#f5f5fe">${escape(quote).replace(/\n/g, '<br>')}</blockquote>` : ''}
${contact ? `<p>${escape(contact.title)}<br>${contact.lines.map(escape).join('<br>')}</p>` : ''}
<p><a href="${escape(action.url)}" style="display:inline-block;padding:8px 16px;background:#000091;color:#ffffff;text-decoration:none">${escape(action.label)}</a></p>
<p>${escape(SIGNATURE)}</p>
<footer style="margin-top:24px;font-size:14px;color:#3a3a3a">${footer.map((f) => `<p>${escape(f)}</p>`).join('')}</footer>
</main>
</body>
</html>
`;
}

/** French text and HTML of an e-mail, from its content. */
export function renderEmail(content: EmailContent, settings: MailSettings): RenderedEmail {
  const parts = partsOf(content, settings);
  return { subject: parts.subject, text: toText(parts), html: toHtml(parts), ...(parts.replyTo ? { replyTo: parts.replyTo } : {}) };
}
