import { html, nothing } from 'lit';
import { barrierLabel, flagLabel, needCategoryLabel, needStatusLabel, categoryLabel } from '../../../src/core/labels.ts';
import { formatPhone } from '../../../src/core/localization.ts';
import { BASE } from '../navigation.ts';
import { personApi } from '../person-session.ts';
import { journalLines, type Actor, type MyJournalEntry } from './my-journal.ts';
import { Section, day, time } from './section.ts';

type Named = { firstName: string; lastName: string; jobTitle?: string; organization: { name: string; kind: string } };
type Link = {
  proId: string;
  professional: { firstName: string; lastName: string; jobTitle?: string };
  organization: { name: string };
  role?: string;
  reason: string;
  status: string;
  isReferent: boolean;
  startedAt: string;
  endedAt?: string;
  endReason?: string;
  flaggedUnknownAt?: string;
};
type Event = { id: string; at: string; kind: string; actorId: string; targetProId?: string; personId?: string; issuer?: string };
/** `GET /my-file/export`: the same as an administrator's RGPD export (`PersonalDataExport`, functions/api/views.ts). */
type Export = {
  exportedAt: string;
  person: {
    id: string;
    identity: { firstName: string; lastName: string; birthDate: string; franceTravailId?: string };
    contact: { phone?: string; email?: string; city?: string; postcode?: string };
    situation: { flags: Record<string, boolean>; barriers: Record<string, { note?: string }> };
    summary?: string;
    needs?: { id: string; text: string; category: string; status: string; createdAt: string }[];
    createdAt: string;
  };
  profileHistory: { at: string; actorId: string; kind: string }[];
  identityGuards?: { note: string };
  followUps: Link[];
  joinRequests: Link[];
  actions: { id: string; date: string; category: string; text: string; author: { firstName: string; lastName: string; organizationName: string } }[];
  invitations: { id: string; email: string; status: string; createdAt: string; inviter: { firstName: string; lastName: string } }[];
  audit: Event[];
  professionals: Record<string, Named>;
  [more: string]: unknown;
};

/** The export's parts this page writes out; anything else GPS adds is shown as it comes. */
const KNOWN = new Set(['exportedAt', 'person', 'profileHistory', 'identityGuards', 'followUps', 'joinRequests', 'actions', 'invitations', 'audit', 'professionals']);
const SYSTEM_ID = '00000000000000000000000000';
/** The issuer GPS's file imports record (IMPORT_PROVENANCE in functions/domain/federation.ts). */
const IMPORT_ISSUER = 'urn:gps:import';
const INVITATION: Record<string, string> = { pending: 'en attente', accepted: 'acceptée', expired: 'expirée', revoked: 'annulée' };
const REQUEST: Record<string, string> = { pending: 'en attente de réponse', declined: 'refusée' };

/**
 * Who acted, from the export's ids, as `/my-file/journal` says it: a professional it names, the
 * person themself, GPS or a file sent to GPS (its system actor, by the event's issuer), or an
 * account that no longer exists.
 */
function actorOf(data: Export, id: string | undefined, issuer?: string): Actor | undefined {
  if (!id) return undefined;
  const pro = data.professionals[id];
  if (pro) return { type: 'professional', firstName: pro.firstName, lastName: pro.lastName, organization: pro.organization };
  if (id === data.person.id) return { type: 'person' };
  if (id === SYSTEM_ID) return { type: issuer === IMPORT_ISSUER ? 'import' : 'system' };
  return { type: 'unknown' };
}

const download = (name: string, data: unknown) => {
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
};

/**
 * « Mes données » : everything GPS holds about the person, as the administrators' RGPD
 * export has it: a file to download (JSON, for another program) and the same content as a
 * page to read and print (`printable`).
 */
class MyData extends Section {
  static override properties = { printable: { type: Boolean }, data: { state: true }, error: { state: true }, busy: { state: true }, said: { state: true } };
  declare printable: boolean;
  declare data: Export | undefined;
  declare error: string | undefined;
  declare busy: boolean;
  declare said: string | undefined;

  constructor() {
    super();
    this.printable = false;
    this.busy = false;
  }

  override willUpdate(changed: Map<string, unknown>) {
    if (changed.has('printable') && this.printable && !this.data) void this.read();
  }

  private async read() {
    this.error = undefined;
    try {
      this.data = await personApi<Export>('GET', '/my-file/export');
    } catch (error) {
      this.error = this.errorOf(error);
    }
    return this.data;
  }

  private async save() {
    this.busy = true;
    this.said = undefined;
    const data = await this.read();
    this.busy = false;
    if (!data) return this.focusAfterRender('[role="alert"]');
    download(`mes-donnees-gps-${data.exportedAt.slice(0, 10)}.json`, data);
    this.said = 'Le fichier est téléchargé. Vous le trouverez dans vos téléchargements.';
    await this.focusAfterRender('#donnees-message');
  }

  private choices() {
    return html`
      <p>Vous pouvez voir tout ce que GPS garde sur vous. C’est un droit : tout le monde peut le demander.</p>
      <p>Vous avez deux façons de le faire :</p>
      ${this.alert(this.error)} ${this.success(this.said, 'donnees-message')}
      <div class="gps-choices">
        <div class="fr-p-3w fr-background-alt--grey">
          <h2 class="fr-h5">Lire mes données sur une page</h2>
          <p>Une page à lire à l’écran ou à imprimer.</p>
          <a class="fr-btn" href="${BASE}/mon-espace/donnees/imprimer">Voir mes données</a>
        </div>
        <div class="fr-p-3w fr-background-alt--grey">
          <h2 class="fr-h5">Télécharger le fichier de mes données</h2>
          <p>Un fichier au format JSON : il sert à lire vos données avec un autre logiciel.</p>
          <button class="fr-btn fr-btn--secondary" type="button" ?disabled=${this.busy} @click=${this.save}>Télécharger le fichier</button>
        </div>
      </div>
    `;
  }

  private link(data: Export, link: Link, past: boolean) {
    const role = link.role ?? link.professional.jobTitle;
    return html`<li>
      <strong>${link.professional.firstName} ${link.professional.lastName}</strong>, ${link.organization.name}${role ? ` (${role})` : ''}${link.isReferent ? ' : coordonne votre accompagnement (référent)' : ''}.
      ${past && link.endedAt ? html`Du ${day(link.startedAt)} au ${day(link.endedAt)}.` : html`Depuis le ${day(link.startedAt)}.`}
      Motif : ${link.reason}.
      ${link.flaggedUnknownAt ? html`Vous avez dit ne pas connaître ce professionnel le ${day(link.flaggedUnknownAt)}.` : nothing}
    </li>`;
  }

  private page(data: Export) {
    const { person } = data;
    const flags = Object.entries(person.situation.flags).filter(([, on]) => on);
    const barriers = Object.entries(person.situation.barriers);
    const current = data.followUps.filter((link) => link.status === 'active');
    const past = data.followUps.filter((link) => link.status !== 'active');
    // Newest first, as in « Qui a consulté mon dossier ».
    const newestFirst = <T extends { at: string }>(events: readonly T[]) => [...events].sort((a, b) => b.at.localeCompare(a.at));
    const journal: MyJournalEntry[] = newestFirst(data.audit).map((event) => ({
      id: event.id,
      at: event.at,
      kind: event.kind,
      actor: actorOf(data, event.actorId, event.issuer)!,
      ...(event.targetProId ? { target: actorOf(data, event.targetProId)! } : {}),
    }));
    const history = newestFirst(data.profileHistory).map((event, index) => ({ id: String(index), at: event.at, kind: event.kind, actor: actorOf(data, event.actorId)! }));
    const others = Object.entries(data).filter(([key]) => !KNOWN.has(key));
    return html`
      <p class="gps-no-print">
        Cette page montre tout ce que GPS garde sur vous.
        <button class="fr-btn fr-btn--sm fr-ml-md-2w" type="button" @click=${() => window.print()}>Imprimer</button>
      </p>
      <div class="gps-print">
        <p>Données au ${day(data.exportedAt)} à ${time(data.exportedAt)}.</p>
        <section aria-labelledby="d-identite">
          <h2 class="fr-h4" id="d-identite">Mon identité</h2>
          <ul>
            <li>Nom : ${person.identity.lastName}</li>
            <li>Prénom : ${person.identity.firstName}</li>
            <li>Date de naissance : ${day(person.identity.birthDate)}</li>
            ${person.identity.franceTravailId ? html`<li>Identifiant France Travail : ${person.identity.franceTravailId}</li>` : nothing}
            <li>Dossier créé le ${day(person.createdAt)}</li>
          </ul>
        </section>
        <section aria-labelledby="d-contact">
          <h2 class="fr-h4" id="d-contact">Mes coordonnées</h2>
          ${person.contact.phone || person.contact.email || person.contact.city || person.contact.postcode
            ? html`<ul>
                ${person.contact.phone ? html`<li>Téléphone : ${formatPhone(person.contact.phone)}</li>` : nothing}
                ${person.contact.email ? html`<li>E-mail : ${person.contact.email}</li>` : nothing}
                ${person.contact.city || person.contact.postcode ? html`<li>Commune : ${person.contact.postcode ?? ''} ${person.contact.city ?? ''}</li>` : nothing}
              </ul>`
            : html`<p>Aucune coordonnée n’est notée.</p>`}
        </section>
        <section aria-labelledby="d-situation">
          <h2 class="fr-h4" id="d-situation">Ma situation, écrite par les professionnels</h2>
          <p>Ma situation : ${flags.length ? flags.map(([flag]) => flagLabel(flag)).join(', ') : 'rien n’est noté'}.</p>
          <p>Ce qui peut me freiner pour trouver un emploi :</p>
          ${barriers.length ? html`<ul>${barriers.map(([kind, { note }]) => html`<li>${barrierLabel(kind)}${note ? ` : ${note}` : ''}</li>`)}</ul>` : html`<p>Rien n’est noté.</p>`}
          ${person.summary ? html`<p>En quelques lignes : ${person.summary}</p>` : nothing}
        </section>
        <section aria-labelledby="d-besoins">
          <h2 class="fr-h4" id="d-besoins">Mes besoins</h2>
          ${person.needs?.length
            ? html`<ul>${person.needs.map((need) => html`<li>${need.text} (${needCategoryLabel(need.category)}, ${needStatusLabel(need.status).toLowerCase()}, écrit le ${day(need.createdAt)})</li>`)}</ul>`
            : html`<p>Vous n’avez écrit aucun besoin.</p>`}
        </section>
        <section aria-labelledby="d-equipe">
          <h2 class="fr-h4" id="d-equipe">Mon équipe</h2>
          ${current.length ? html`<ul>${current.map((link) => this.link(data, link, false))}</ul>` : html`<p>Aucun professionnel ne vous accompagne en ce moment.</p>`}
          <h3 class="fr-h6">Les professionnels qui vous accompagnaient avant</h3>
          ${past.length ? html`<ul>${past.map((link) => this.link(data, link, true))}</ul>` : html`<p>Aucun.</p>`}
          <h3 class="fr-h6">Les demandes pour vous accompagner</h3>
          ${data.joinRequests.length
            ? html`<ul>
                ${data.joinRequests.map(
                  (link) => html`<li>${link.professional.firstName} ${link.professional.lastName}, ${link.organization.name}, le ${day(link.startedAt)} : ${REQUEST[link.status] ?? link.status}.</li>`,
                )}
              </ul>`
            : html`<p>Aucune.</p>`}
          <h3 class="fr-h6">Les invitations envoyées à des collègues</h3>
          ${data.invitations.length
            ? html`<ul>
                ${data.invitations.map(
                  (invitation) =>
                    html`<li>${invitation.inviter.firstName} ${invitation.inviter.lastName} a invité ${invitation.email} le ${day(invitation.createdAt)} : ${INVITATION[invitation.status] ?? invitation.status}.</li>`,
                )}
              </ul>`
            : html`<p>Aucune.</p>`}
        </section>
        <section aria-labelledby="d-actions">
          <h2 class="fr-h4" id="d-actions">Ce qui a été fait</h2>
          ${data.actions.length
            ? html`<ul>
                ${data.actions.map(
                  (action) =>
                    html`<li>Le ${day(action.date)} (${categoryLabel(action.category)}) : ${action.text}. Noté par ${action.author.firstName} ${action.author.lastName}, ${action.author.organizationName}.</li>`,
                )}
              </ul>`
            : html`<p>Rien n’est noté.</p>`}
        </section>
        <section aria-labelledby="d-historique">
          <h2 class="fr-h4" id="d-historique">Qui a créé ou modifié ma fiche</h2>
          ${history.length ? html`<ul>${journalLines(history).map((line) => html`<li>${line.text}</li>`)}</ul>` : html`<p>Personne.</p>`}
        </section>
        <section aria-labelledby="d-journal">
          <h2 class="fr-h4" id="d-journal">Qui a consulté ou modifié mon dossier</h2>
          ${journal.length ? html`<ul>${journalLines(journal).map((line) => html`<li>${line.text}</li>`)}</ul>` : html`<p>Personne.</p>`}
        </section>
        ${data.identityGuards
          ? html`<section aria-labelledby="d-empreintes">
              <h2 class="fr-h4" id="d-empreintes">Comment GPS vous retrouve</h2>
              <p>Pour retrouver votre dossier, GPS garde une empreinte de vos nom, prénom et date de naissance. Une empreinte est un code. Ce code ne permet pas de retrouver votre nom.</p>
            </section>`
          : nothing}
        ${others.map(
          ([key, value]) => html`<section aria-labelledby="d-${key}">
            <h2 class="fr-h4" id="d-${key}">Autres données : ${key}</h2>
            <pre class="gps-raw">${JSON.stringify(value, null, 2)}</pre>
          </section>`,
        )}
      </div>
    `;
  }

  override render() {
    if (!this.printable) return this.choices();
    if (this.error) return this.alert(this.error);
    if (!this.data) return html`<p role="status">Chargement…</p>`;
    return this.page(this.data);
  }
}

Section.define('gps-page-my-data', MyData);
