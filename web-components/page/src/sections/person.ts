import { html, nothing } from 'lit';
import { ApiError } from '../../../src/core/api.ts';
import { api } from '../session.ts';
import { BASE } from '../navigation.ts';
import { Section, day } from './section.ts';
import './requests.ts';
import './invitations.ts';
import './journal.ts';

type Person = { id: string; identity: { firstName: string; lastName: string; birthDate: string } };
type MyLink = { personId: string; status: string; reason: string; startedAt: string; endedAt?: string; endReason?: string; person?: Person['identity'] };

export const TABS = [
  { id: '', label: 'Fiche et accompagnants' },
  { id: 'actions', label: 'Ce qui a été entrepris' },
  { id: 'journal', label: 'Journal des accès' },
] as const;

const ENDED: Record<string, string> = {
  automatic: 'sans activité depuis deux ans',
  removed: 'retiré par un membre',
  manual: 'vous y avez mis fin',
  import: 'absent du dernier fichier d’import de votre structure',
};

/**
 * A person's page: a heading with their name, a breadcrumb, the parts of the file each at
 * its own address (`/personnes/:id`, `/actions`, `/journal`, `/imprimer`), and the join
 * requests waiting for an answer where the notification e-mail lands. For a person I do not
 * (or no longer) follow, one clear view: my request waiting, my follow-up ended (and how to
 * take it up again), or nothing to show.
 */
class PersonSection extends Section {
  static override properties = {
    personId: { attribute: 'person-id' },
    tab: {},
    me: {},
    person: { state: true },
    link: { state: true },
    missing: { state: true },
    error: { state: true },
    busy: { state: true },
  };
  declare personId: string;
  declare tab: string;
  declare me: string;
  declare person: Person | undefined;
  declare link: MyLink | undefined;
  declare missing: boolean;
  declare error: string | undefined;
  declare busy: boolean;

  constructor() {
    super();
    this.tab = '';
    this.missing = false;
    this.busy = false;
  }

  private readonly onEnded = (event: Event) => {
    const name = this.name;
    if ((event as CustomEvent<{ personId: string }>).detail.personId !== this.personId) return;
    this.go(`${BASE}/`, `Votre suivi${name ? ` de ${name}` : ''} a pris fin. Il reste dans l’historique de son groupe de suivi.`);
  };
  private readonly onAnswered = () => void this.querySelector<HTMLElement & { load(): Promise<void> }>('gps-referent-list')?.load();

  override connectedCallback() {
    super.connectedCallback();
    document.addEventListener('gps-follow-up-ended', this.onEnded);
    this.addEventListener('gps-page-request-answered', this.onAnswered);
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    document.removeEventListener('gps-follow-up-ended', this.onEnded);
  }

  override willUpdate(changed: Map<string, unknown>) {
    if (changed.has('personId')) void this.load();
  }

  private get name() {
    return this.person ? `${this.person.identity.firstName} ${this.person.identity.lastName}` : this.link?.person ? `${this.link.person.firstName} ${this.link.person.lastName}` : undefined;
  }

  private async load() {
    this.person = undefined;
    this.link = undefined;
    this.missing = false;
    this.error = undefined;
    try {
      this.person = await api<Person>('GET', `/persons/${this.personId}`);
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 404)) {
        this.error = this.errorOf(error);
        return;
      }
      // Not a member: my request waiting, or my follow-up ended, or nothing at all.
      const lists = await Promise.all(
        (['pending', 'ended'] as const).map((status) => api<{ items: MyLink[] }>('GET', `/follow-ups?status=${status}&limit=100`).catch(() => ({ items: [] }))),
      );
      this.link = lists.flatMap((list) => list.items).find((link) => link.personId === this.personId);
      this.missing = true;
    }
    await this.updateComplete;
    const name = this.name;
    const tab = TABS.find((t) => t.id === this.tab);
    document.title = `${name ? `${name} — ${tab && tab.id ? tab.label : this.tab === 'imprimer' ? 'Version imprimable' : 'Fiche'}` : 'Fiche de la personne'} — GPS`;
  }

  private async rejoin(event: SubmitEvent) {
    event.preventDefault();
    const reason = String(new FormData(event.target as HTMLFormElement).get('reason') ?? '').trim();
    if (!reason) {
      this.error = 'Dites en quelques mots pourquoi vous accompagnez de nouveau la personne.';
      await this.focusAfterRender('#reprise-motif');
      return;
    }
    this.busy = true;
    this.error = undefined;
    try {
      const link = await api<{ status: string }>('POST', `/persons/${this.personId}/members`, { reason });
      if (link.status === 'active') {
        this.go(`${BASE}/personnes/${this.personId}`, `Vous suivez de nouveau ${this.name ?? 'cette personne'}.`);
        await this.load();
      } else {
        await this.load();
        await this.focusAfterRender('h1');
      }
    } catch (error) {
      this.error = this.errorOf(error);
      await this.focusAfterRender('[role="alert"]');
    } finally {
      this.busy = false;
    }
  }

  private breadcrumb(current: string, parent?: { href: string; label: string }) {
    return html`<nav role="navigation" class="fr-breadcrumb" aria-label="vous êtes ici :">
      <ol class="fr-breadcrumb__list">
        <li><a class="fr-breadcrumb__link" href="${BASE}/">Mes suivis</a></li>
        ${parent ? html`<li><a class="fr-breadcrumb__link" href=${parent.href}>${parent.label}</a></li>` : nothing}
        <li><a class="fr-breadcrumb__link" aria-current="page">${current}</a></li>
      </ol>
    </nav>`;
  }

  private notMine() {
    const link = this.link;
    if (link?.status === 'pending') {
      return this.page(
        this.breadcrumb('Demande envoyée', { href: `${BASE}/?liste=demandes`, label: 'Demandes envoyées' }),
        'Votre demande attend une réponse',
        nothing,
        html`<div class="fr-callout">
          <p class="fr-callout__text">
            Vous avez demandé le ${day(link.startedAt)} à rejoindre le groupe de suivi de cette personne (motif : ${link.reason}). Un membre du groupe
            l’acceptera ou la refusera ; vous verrez la fiche dès que votre demande sera acceptée, et la personne apparaîtra dans vos suivis en cours.
          </p>
        </div>
        <p><a class="fr-link" href="${BASE}/?liste=demandes">Revenir à mes demandes envoyées</a></p>`,
      );
    }
    if (link?.status === 'ended' && link.person) {
      const name = `${link.person.firstName} ${link.person.lastName}`;
      return this.page(
        this.breadcrumb(name, { href: `${BASE}/?liste=historique`, label: 'Historique' }),
        `${name} : votre suivi a pris fin`,
        nothing,
        html`<p>
          Vous avez suivi ${name} (date de naissance : ${day(link.person.birthDate)}) du ${day(link.startedAt)}${link.endedAt ? ` au ${day(link.endedAt)}` : ''}${link.endReason ? ` (${ENDED[link.endReason] ?? link.endReason})` : ''}.
          Vous ne voyez plus sa fiche ; votre passage reste dans l’historique de son groupe de suivi.
        </p>
        ${this.alert(this.error)}
        <form class="fr-p-3w fr-background-alt--grey" @submit=${this.rejoin} novalidate>
          <h2 class="fr-h5">Reprendre le suivi</h2>
          <div class="fr-input-group">
            <label class="fr-label" for="reprise-motif">Motif de votre accompagnement <span class="fr-hint-text" id="reprise-aide">Visible par les autres membres et par la personne : n’y notez aucun détail de santé, de justice ou de vie privée.</span></label>
            <input class="fr-input" id="reprise-motif" name="reason" maxlength="500" aria-describedby="reprise-aide" />
          </div>
          <button class="fr-btn" type="submit" ?disabled=${this.busy}>Reprendre le suivi</button>
        </form>`,
      );
    }
    return this.page(
      this.breadcrumb('Personne introuvable'),
      'Cette personne ne fait pas partie de vos suivis',
      nothing,
      html`<p>GPS ne montre une personne qu’aux membres de son groupe de suivi. Si vous l’accompagnez, retrouvez-la par son identité exacte et rejoignez son groupe.</p>
      <p><a class="fr-btn" href="${BASE}/rechercher">Rechercher une personne</a></p>`,
    );
  }

  /** One template for every state, so the heading the shell focused stays the same element. */
  private page(crumb: unknown, title: string, subtitle: unknown, body: unknown) {
    return html`${crumb}<h1 tabindex="-1">${title}${subtitle}</h1>${body}`;
  }

  /**
   * The parts of the file: links, each to its own address, the current one `aria-current`. Not
   * the DSFR's `fr-tabs`: those are ARIA tabs (tablist, tab, tabpanel, arrow keys) switching
   * panels in place, with their look bound to `aria-selected`, which a link may not carry;
   * here each part is a page that Back and reload keep. The DSFR's button group draws them.
   */
  private tabs() {
    const base = `${BASE}/personnes/${this.personId}`;
    return html`<nav class="gps-tabs gps-no-print" aria-label="Parties du dossier">
      <ul class="fr-btns-group fr-btns-group--inline-sm">
        ${TABS.map(
          (tab) => html`<li>
            <a class="fr-btn ${this.tab === tab.id ? '' : 'fr-btn--secondary'}" href="${base}${tab.id ? `/${tab.id}` : ''}" aria-current=${this.tab === tab.id ? 'page' : 'false'}>${tab.label}</a>
          </li>`,
        )}
        <li><a class="fr-btn fr-btn--tertiary" href="${base}/imprimer" aria-current=${this.tab === 'imprimer' ? 'page' : 'false'}>Version imprimable</a></li>
      </ul>
    </nav>`;
  }

  private shownPart() {
    const id = this.personId;
    switch (this.tab) {
      case 'actions':
        return html`<gps-action-log person-id=${id}></gps-action-log>`;
      case 'journal':
        return html`<h2 class="fr-h4">Qui a consulté ou modifié ce dossier</h2><gps-page-journal person-id=${id}></gps-page-journal>`;
      case 'imprimer':
        return html`<p class="gps-no-print">
            Cette version réunit la fiche, les professionnels qui accompagnent la personne et ce qui a été entrepris, sur A4, sans rien d’interactif.
            <button class="fr-btn fr-btn--sm fr-ml-2w" type="button" @click=${() => window.print()}>Imprimer</button>
          </p>
          <div class="gps-print">
            <gps-person-card person-id=${id}></gps-person-card>
            <gps-referent-list person-id=${id}></gps-referent-list>
            <gps-action-log person-id=${id}></gps-action-log>
          </div>`;
      default:
        return html`<div class="gps-grid">
          <div class="gps-stack"><gps-person-card person-id=${id}></gps-person-card><gps-situation-editor person-id=${id} class="gps-no-print"></gps-situation-editor></div>
          <div class="gps-stack">
            <gps-invite-button person-id=${id} class="gps-no-print"></gps-invite-button>
            <gps-page-invitations person-id=${id} me=${this.me} class="gps-no-print"></gps-page-invitations>
            <gps-referent-list person-id=${id}></gps-referent-list>
          </div>
        </div>`;
    }
  }

  override render() {
    if (this.error && !this.missing) return this.page(nothing, 'Fiche de la personne', nothing, this.alert(this.error));
    if (this.missing) return this.notMine();
    const person = this.person;
    if (!person) return this.page(nothing, 'Fiche de la personne', nothing, html`<p role="status">Chargement…</p>`);
    const name = `${person.identity.firstName} ${person.identity.lastName}`;
    const tab = TABS.find((t) => t.id === this.tab);
    const here = this.tab === 'imprimer' ? 'Version imprimable' : tab?.id ? tab.label : undefined;
    return this.page(
      here ? this.breadcrumb(here, { href: `${BASE}/personnes/${person.id}`, label: name }) : this.breadcrumb(name),
      name,
      html`<span class="fr-hint-text">Date de naissance : ${day(person.identity.birthDate)}</span>`,
      html`<gps-page-request-list person-id=${person.id} class="gps-no-print"></gps-page-request-list>
        ${this.tabs()} ${this.shownPart()}`,
    );
  }
}

Section.define('gps-page-person', PersonSection);
