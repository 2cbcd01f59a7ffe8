import { invitationToken, linkIn } from '#domain/invitation.ts';
import type { EmailContent } from '#domain/outbox.ts';

export type RenderedEmail = { subject: string; text: string; html: string };
export type MailSettings = {
  /** The GPS page the links point to, without a trailing slash. */
  pageUrl: string;
  invitationSecret: string;
};

type Actor = { firstName: string; lastName: string; organization: { name: string } };

const escape = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const who = (actor: Actor) => `${actor.firstName} ${actor.lastName} (${actor.organization.name})`;

const longDate = (at: string) =>
  new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Paris' }).format(new Date(at));

/** The parts every e-mail is made of; text and HTML are rendered from the same parts. */
type Parts = { subject: string; paragraphs: string[]; quote?: string; action: { label: string; url: string }; footer: string[] };

function partsOf(content: EmailContent, { pageUrl, invitationSecret }: MailSettings): Parts {
  const preferences = `Vous recevez ce message parce que vous suivez ce ou cette bénéficiaire dans GPS. Pour ne plus recevoir ce type de message : ${pageUrl}/profil`;
  switch (content.template) {
    case 'invitation':
      return {
        subject: `${content.inviter.firstName} ${content.inviter.lastName} vous invite à rejoindre un groupe de suivi sur GPS`,
        paragraphs: [
          'Bonjour,',
          `${who(content.inviter)} vous invite à rejoindre le groupe de suivi d’une personne que vous accompagnez, sur GPS, le Guide de partage et de suivi du Réseau pour l’emploi.`,
          'GPS réunit sur une page la situation de la personne et les coordonnées de chaque professionnel·le qui la suit, pour que vous puissiez vous appeler.',
          `Connectez-vous avec votre compte professionnel pour voir de qui il s’agit et accepter l’invitation. Le lien est personnel, ne sert qu’une fois et expire le ${longDate(content.expiresAt)}.`,
        ],
        // A message with a link is refused when the invitation is made; one queued before that rule is left out, never sent.
        ...(content.message && !linkIn(content.message) ? { quote: content.message } : {}),
        action: { label: 'Voir l’invitation', url: `${pageUrl}/invitation#${invitationToken(invitationSecret, content.invitationId)}` },
        footer: ['Si vous ne connaissez pas cette personne ou ne vous attendiez pas à ce message, ignorez-le : sans votre action, rien ne se passe.'],
      };
    case 'member_joined':
      return {
        subject: 'Un·e professionnel·le a rejoint un groupe de suivi',
        paragraphs: ['Bonjour,', `${who(content.member)} a rejoint le groupe de suivi d’un·e bénéficiaire que vous accompagnez.`],
        action: { label: 'Voir le groupe de suivi', url: `${pageUrl}/personnes/${content.personId}` },
        footer: [preferences],
      };
    case 'join_requested':
      return {
        subject: 'Une demande pour rejoindre un groupe de suivi attend votre réponse',
        paragraphs: [
          'Bonjour,',
          `${who(content.requester)} demande à rejoindre le groupe de suivi d’un·e bénéficiaire que vous accompagnez.`,
          'Tout membre du groupe peut accepter ou refuser la demande.',
        ],
        action: { label: 'Répondre à la demande', url: `${pageUrl}/personnes/${content.personId}` },
        footer: [preferences],
      };
    case 'referent_replaced':
      return {
        subject: 'Vous n’êtes plus référent·e de parcours d’un·e bénéficiaire',
        paragraphs: [
          'Bonjour,',
          `${who(content.referent)} est désormais référent·e de parcours d’un·e bénéficiaire dont vous étiez le ou la référent·e.`,
          'Vous restez membre de son groupe de suivi.',
        ],
        action: { label: 'Voir le groupe de suivi', url: `${pageUrl}/personnes/${content.personId}` },
        footer: [preferences],
      };
    case 'member_removed':
      return {
        subject: 'Un membre a mis fin à votre suivi d’un·e bénéficiaire dans GPS',
        paragraphs: [
          'Bonjour,',
          `${who(content.remover)} a mis fin à votre suivi d’un·e bénéficiaire dans GPS : vous ne voyez plus son dossier. Son motif figure dans l’onglet « Historique » de vos suivis.`,
          'S’il s’agit d’une erreur, vous pouvez demander à rejoindre à nouveau le groupe de suivi : un membre répondra à votre demande.',
        ],
        action: { label: 'Voir mes suivis', url: `${pageUrl}/` },
        footer: ['Vous recevez ce message parce que vous suiviez ce ou cette bénéficiaire dans GPS.'],
      };
  }
}

const SIGNATURE = 'L’équipe GPS — Guide de partage et de suivi';

function toText({ paragraphs, quote, action, footer }: Parts): string {
  return [
    ...paragraphs,
    ...(quote ? [`Son message :\n${quote.split('\n').map((line) => `> ${line}`).join('\n')}`] : []),
    `${action.label} : ${action.url}`,
    SIGNATURE,
    '--',
    ...footer,
  ].join('\n\n');
}

function toHtml({ subject, paragraphs, quote, action, footer }: Parts): string {
  return `<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escape(subject)}</title></head>
<body style="margin:0;padding:24px;background:#f6f6f6;font-family:Marianne,Arial,sans-serif;color:#161616;line-height:1.5">
<main style="max-width:560px;margin:0 auto;background:#ffffff;padding:24px;border-top:4px solid #000091">
${paragraphs.map((p) => `<p>${escape(p)}</p>`).join('\n')}
${quote ? `<p>Son message :</p>\n<blockquote style="margin:0 0 16px;padding:8px 16px;border-left:4px solid #000091;background:#f5f5fe">${escape(quote).replace(/\n/g, '<br>')}</blockquote>` : ''}
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
  return { subject: parts.subject, text: toText(parts), html: toHtml(parts) };
}
