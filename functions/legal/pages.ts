import { frenchLongDate } from '../mail/format.ts';
import type { LegalSettings } from './settings.ts';

/**
 * The legal pages every French public digital service gives, as GPS serves them (no sign-in,
 * no script): « Mentions légales » (LCEN, art. 6), « Données personnelles » (RGPD, art. 13
 * and 14) and the « Déclaration d’accessibilité » (loi n° 2005-102, art. 47; RGAA 4.1 model).
 * Rendered from the operator's settings (`GPS_LEGAL`): at CDK synthesis on AWS, at start locally.
 */
export const LEGAL_PATHS = ['/mentions-legales', '/donnees-personnelles', '/accessibilite'] as const;
export type LegalPath = (typeof LEGAL_PATHS)[number];

const escape = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const mail = (address: string) => `<a href="mailto:${escape(address)}">${escape(address)}</a>`;
const list = (items: readonly string[]) => `<ul>${items.map((item) => `<li>${escape(item)}</li>`).join('')}</ul>`;

const TITLES: Record<LegalPath, string> = {
  '/mentions-legales': 'Mentions légales',
  '/donnees-personnelles': 'Données personnelles',
  '/accessibilite': 'Déclaration d’accessibilité',
};

function layout(path: LegalPath, settings: LegalSettings, body: string): string {
  const title = TITLES[path];
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)} — GPS</title>
<link rel="stylesheet" href="/docs/reference.css">
</head>
<body>
<a class="gps-skip" href="#contenu">Aller au contenu</a>
<header class="gps-header">
<p><a href="/app/">GPS — Guide de partage et de suivi</a></p>
<nav aria-label="Pages légales"><ul class="gps-inline">${LEGAL_PATHS.map((other) => `<li><a href="${other}"${other === path ? ' aria-current="page"' : ''}>${escape(TITLES[other])}</a></li>`).join('')}</ul></nav>
</header>
<main id="contenu" class="gps-main gps-legal" tabindex="-1">
<h1>${escape(title)}</h1>
${settings.placeholders ? '<p class="gps-notice" role="note"><strong>Informations d’exemple.</strong> L’opérateur qui déploie GPS remplace ces coordonnées par les siennes (configuration <code>GPS_LEGAL</code>).</p>' : ''}
${body}
</main>
</body>
</html>
`;
}

function legalNotice({ publisher, host }: LegalSettings): string {
  return `
<h2>Éditeur</h2>
<p>GPS (Guide de partage et de suivi) est un service numérique public du Réseau pour l’emploi, édité par :</p>
<address>${escape(publisher.name)}<br>${escape(publisher.address)}<br>E-mail : ${mail(publisher.email)}${publisher.phone ? `<br>Téléphone : ${escape(publisher.phone)}` : ''}</address>
<h2>Direction de la publication</h2>
<p>${escape(publisher.publicationDirector)}.</p>
<h2>Hébergement</h2>
<address>${escape(host.name)}<br>${escape(host.address)}</address>
<p>${escape(host.location)}.</p>
<h2>Code source et réutilisation</h2>
<p>Le code de GPS est publié sous licence libre AGPL-3.0-or-later. Sauf mention contraire, les textes de ce site peuvent être réutilisés en citant leur source.</p>
<h2>Voir aussi</h2>
<p><a href="/donnees-personnelles">Données personnelles</a> et <a href="/accessibilite">déclaration d’accessibilité</a>.</p>`;
}

function privacy({ dataProtection }: LegalSettings): string {
  return `
<h2>Responsable du traitement</h2>
<p>${escape(dataProtection.controller)}.</p>
<h2>Déléguée ou délégué à la protection des données</h2>
<p>Pour toute question sur vos données ou pour exercer vos droits : ${mail(dataProtection.dpoEmail)}, ou par courrier : ${escape(dataProtection.dpoAddress)}.</p>
<h2>Pourquoi GPS traite ces données</h2>
<p>Pour coordonner l’accompagnement d’une personne vers l’emploi : savoir qui l’accompagne, ce qui a été entrepris, et se joindre entre professionnels. Base légale : l’exécution d’une mission d’intérêt public (article 6.1.e du RGPD).</p>
<h2>Quelles données</h2>
${list([
  'De la personne accompagnée : identité (nom, prénom, date de naissance, identifiant France Travail le cas échéant), coordonnées, situation (statuts, freins à l’emploi), résumé et actions entreprises. Les détails de santé et de justice n’ont pas leur place dans les champs libres.',
  'Des professionnels : nom, e-mail et téléphone professionnels, fonction, structure.',
  'Le journal : qui a consulté la fiche, affiché des coordonnées, rejoint ou quitté le suivi, et quand.',
])}
<h2>Qui y accède</h2>
<p>Seuls les membres actifs du groupe de suivi de la personne voient sa fiche ; chaque consultation et chaque affichage de coordonnées sont inscrits au journal. La personne peut lire tout son dossier, y compris ce journal. Aucune donnée n’est vendue ni utilisée à des fins commerciales.</p>
<h2>Combien de temps</h2>
${list([
  'Un suivi sans activité depuis deux ans prend fin automatiquement ; il reste dans l’historique.',
  'Une personne sans suivi en cours depuis 24 mois (durée fixée par l’opérateur) est effacée, après un préavis aux derniers membres de son groupe ; toute activité pendant le préavis l’annule.',
  'Les liens d’invitation expirent après 14 jours.',
])}
<h2>Cookies</h2>
<p>GPS ne dépose qu’un cookie de session, nécessaire à la connexion : aucun cookie de mesure d’audience ni de publicité, donc aucun consentement à recueillir.</p>
<h2>Vos droits</h2>
<p>Vous disposez d’un droit d’accès, de rectification, de limitation et d’opposition, et, dans les cas prévus par le RGPD, d’effacement. Écrivez à ${mail(dataProtection.dpoEmail)}. Si vous estimez, après nous avoir contactés, que vos droits ne sont pas respectés, vous pouvez adresser une réclamation à la CNIL (<a href="https://www.cnil.fr/fr/plaintes">cnil.fr/fr/plaintes</a>, 3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07).</p>`;
}

function accessibilityStatement({ accessibility: a }: LegalSettings): string {
  return `
<p>L’opérateur de GPS s’engage à rendre son service accessible, conformément à l’article 47 de la loi n° 2005-102 du 11 février 2005. Cette déclaration s’applique à GPS : la page GPS (<code>/app/</code>), les widgets que les portails partenaires intègrent, ces pages et la référence de l’API.</p>
${a.schemaUrl ? `<p>Schéma pluriannuel et plan d’action : <a href="${escape(a.schemaUrl)}">${escape(a.schemaUrl)}</a>.</p>` : ''}
<h2>État de conformité</h2>
<p>GPS est <strong>${escape(a.status)}</strong> avec le référentiel général d’amélioration de l’accessibilité (RGAA), version 4.1${a.audit ? '' : ', faute d’audit de conformité réalisé à ce jour'}.</p>
<h2>Résultats des tests</h2>
${
  a.audit
    ? `<p>L’audit de conformité réalisé le ${escape(frenchLongDate(a.audit.date))} par ${escape(a.audit.by)} révèle que ${escape(String(a.audit.rate).replace('.', ','))} % des critères du RGAA 4.1 sont respectés.</p>`
    : '<p>Aucun audit de conformité n’a encore été réalisé. Chaque vue de la page et chaque widget sont testés automatiquement (axe-core, WCAG 2.1 niveaux A et AA) à 375 et 1 280 pixels de large, et au clavier seul, à chaque modification du code.</p>'
}
<h2>Contenus non accessibles</h2>
<h3>Non-conformités</h3>
${a.nonConformities.length ? list(a.nonConformities) : '<p>Aucune non-conformité connue.</p>'}
<h3>Dérogations pour charge disproportionnée</h3>
${a.derogations.length ? list(a.derogations) : '<p>Aucune.</p>'}
<h3>Contenus non soumis à l’obligation d’accessibilité</h3>
<p>Les pages des portails partenaires qui intègrent les widgets GPS relèvent de la déclaration d’accessibilité de chaque portail. La connexion passe par ProConnect, service tiers qui publie sa propre déclaration.</p>
<h2>Établissement de cette déclaration</h2>
<p>Cette déclaration a été établie le ${escape(frenchLongDate(a.statementDate))}.</p>
${list([
  'Technologies utilisées : HTML, CSS, JavaScript (composants web), WAI-ARIA.',
  'Environnement de test : Chromium, en 375 et 1 280 pixels de large ; navigation au clavier seul.',
  'Outils d’évaluation : axe-core, au niveau WCAG 2.1 AA.',
  'Pages vérifiées : connexion, mes suivis, recherche et création d’une personne, fiche d’une personne et ses onglets, demandes à traiter, invitation, profil, statistiques, pages légales.',
])}
<h2>Retour d’information et contact</h2>
<p>Si vous n’arrivez pas à accéder à un contenu ou à un service, contactez-nous pour être orienté vers une alternative accessible ou obtenir le contenu sous une autre forme :</p>
<ul><li>E-mail : ${mail(a.contactEmail)}</li><li>Adresse : ${escape(a.contactAddress)}</li></ul>
<h2>Voies de recours</h2>
<p>Si vous constatez un défaut d’accessibilité vous empêchant d’accéder à un contenu ou une fonctionnalité du site, que vous nous le signalez et que vous ne parvenez pas à obtenir une réponse de notre part, vous êtes en droit de faire parvenir vos doléances ou une demande de saisine au Défenseur des droits :</p>
${list([
  'écrire un message au Défenseur des droits (formulaire en ligne sur defenseurdesdroits.fr) ;',
  'contacter le délégué du Défenseur des droits dans votre région ;',
  'appeler le 09 69 39 00 00 ;',
  'envoyer un courrier par la poste (gratuit, ne pas mettre de timbre) : Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07.',
])}`;
}

const BODIES: Record<LegalPath, (settings: LegalSettings) => string> = {
  '/mentions-legales': legalNotice,
  '/donnees-personnelles': privacy,
  '/accessibilite': accessibilityStatement,
};

/** Each legal page's HTML, by path. */
export const legalPages = (settings: LegalSettings): Record<LegalPath, string> =>
  Object.fromEntries(LEGAL_PATHS.map((path) => [path, layout(path, settings, BODIES[path](settings))])) as Record<LegalPath, string>;
