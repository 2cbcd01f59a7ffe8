import { html, nothing } from 'lit';
import { personApi } from '../person-session.ts';
import { Section, day, time } from './section.ts';

type Professional = { type: 'professional'; firstName: string; lastName: string; organization: { name: string; kind?: string } };
export type Actor = Professional | { type: 'person' } | { type: 'system' } | { type: 'import' } | { type: 'unknown' };
/** One line of the person's journal, as `GET /my-file/journal` sends it. */
export type MyJournalEntry = { id: string; at: string; kind: string; actor: Actor; target?: Actor; portal?: string };

const nameOf = (actor: Actor | undefined) => (actor?.type === 'professional' ? `${actor.firstName} ${actor.lastName}` : 'un professionnel');
const same = (a: Actor | undefined, b: Actor | undefined) => a?.type === 'professional' && b?.type === 'professional' && nameOf(a) === nameOf(b) && a.organization.name === b.organization.name;

/** Reading the file: the card, the team, the actions, read together on each visit. */
const READS = new Set(['card_read', 'members_read', 'actions_read']);

/**
 * What a professional (or GPS) did, as the person reads it, after the name: short, in the
 * present of the person (« votre dossier »), no word of the trade. `{target}` is the other
 * professional concerned.
 */
const DONE: Record<string, string> = {
  person_created: 'a créé votre dossier',
  card_read: 'a consulté votre dossier',
  members_read: 'a consulté votre dossier',
  actions_read: 'a consulté votre dossier',
  looked_up: 'a cherché votre dossier et l’a trouvé',
  contact_revealed: 'a affiché les coordonnées de {target}',
  contact_requested: 'a demandé à {target} de prendre contact',
  joined: 'a commencé à vous accompagner',
  join_requested: 'a demandé à vous accompagner',
  join_accepted: 'a accepté que {target} vous accompagne',
  join_declined: 'a refusé que {target} vous accompagne',
  follow_up_ended: 'a arrêté de vous accompagner',
  member_removed: 'a retiré {target} de votre équipe',
  follow_up_updated: 'a modifié les informations de son accompagnement',
  person_updated: 'a mis à jour votre situation',
  action_added: 'a noté une action dans votre dossier',
  invitation_sent: 'a invité un collègue à vous accompagner',
  invitation_accepted: 'a accepté une invitation et vous accompagne maintenant',
  invitation_revoked: 'a annulé une invitation',
  invitation_declined: 'a refusé l’invitation à vous accompagner',
  exported: 'a téléchargé votre dossier',
};

/** What the person did themself, in their space. */
const YOU: Record<string, string> = {
  need_written: 'vous avez écrit un besoin',
  need_updated: 'vous avez modifié un besoin',
  member_flagged_unknown: 'vous avez dit ne pas connaître {target}',
  exported: 'vous avez téléchargé vos données',
  card_read: 'vous avez consulté votre dossier',
};

/** What GPS does by itself. */
const SYSTEM: Record<string, string> = {
  follow_up_ended: 'GPS a arrêté le suivi de {target}, car plus rien n’avait été fait depuis deux ans',
  erasure_scheduled: 'GPS a prévu d’effacer votre dossier, car plus personne ne vous accompagne',
  erasure_cancelled: 'GPS a annulé l’effacement de votre dossier, car un professionnel vous accompagne de nouveau',
};

function doing(entry: MyJournalEntry): string {
  const target = nameOf(entry.target);
  const fill = (text: string) => text.replace('{target}', target);
  const { actor, kind } = entry;
  if (actor.type === 'person') return fill(YOU[kind] ?? 'vous avez utilisé votre espace');
  if (actor.type === 'system') return fill(SYSTEM[kind] ?? `GPS ${DONE[kind] ?? 'a modifié votre dossier'}`);
  // `unknown`: a professional account that no longer exists.
  const subject = actor.type === 'professional' ? `${nameOf(actor)}, ${actor.organization.name},` : actor.type === 'import' ? 'un fichier envoyé à GPS' : 'un ancien professionnel';
  if (kind === 'referent_changed') {
    // Stepping down names the professional themself; taking the role may name the one replaced.
    if (same(entry.target, actor)) return `${subject} ne coordonne plus votre accompagnement (référent)`;
    return `${subject} coordonne maintenant votre accompagnement (référent)${entry.target?.type === 'professional' ? `, à la place de ${target}` : ''}`;
  }
  return `${subject} ${fill(DONE[kind] ?? 'a modifié votre dossier')}`;
}

/** « 3 novembre », or « 3 novembre 2025 » another year than this one. */
export function dayOf(at: string): string {
  const year = new Intl.DateTimeFormat('fr-FR', { year: 'numeric', timeZone: 'Europe/Paris' }).format(new Date());
  const text = day(at);
  return text.endsWith(` ${year}`) ? text.slice(0, -year.length - 1) : text;
}

export type JournalLine = { id: string; text: string; portal?: string };

/**
 * The journal as sentences, newest first: « Le 3 novembre à 14 h 05, Camille Martin, France
 * Travail Lyon Part-Dieu, a consulté votre dossier. » The reads of one professional in a row,
 * the same day, make one sentence with how many times and between which hours.
 */
export function journalLines(entries: readonly MyJournalEntry[]): JournalLine[] {
  const lines: JournalLine[] = [];
  for (let index = 0; index < entries.length; index += 1) {
    const first = entries[index]!;
    let last = first;
    let visits = 1;
    if (READS.has(first.kind) && first.actor.type === 'professional') {
      while (index + 1 < entries.length) {
        const next = entries[index + 1]!;
        if (!READS.has(next.kind) || !same(next.actor, first.actor) || day(next.at) !== day(first.at)) break;
        // The reads of one opening of the file come within seconds; two minutes apart is another visit.
        if (Date.parse(last.at) - Date.parse(next.at) > 120_000) visits += 1;
        last = next;
        index += 1;
      }
    }
    const when = visits > 1 ? `Le ${dayOf(first.at)}, entre ${time(last.at)} et ${time(first.at)}` : `Le ${dayOf(first.at)} à ${time(first.at)}`;
    const text = `${when}, ${doing(first)}${visits > 1 ? ` ${visits} fois` : ''}.`;
    // A portal GPS has no name for is shown by none: an identifier (`urn:…`, an address) says nothing to the person.
    const portal = first.portal && !/^(urn:|https?:\/\/)/.test(first.portal) ? first.portal : undefined;
    lines.push({ id: first.id, text, ...(portal ? { portal } : {}) });
  }
  return lines;
}

/**
 * « Qui a consulté mon dossier » : every read and change of the file, in sentences, the
 * newest first, fifty at a time.
 */
class MyJournal extends Section {
  static override properties = { entries: { state: true }, cursor: { state: true }, error: { state: true }, busy: { state: true } };
  declare entries: MyJournalEntry[] | undefined;
  declare cursor: string | undefined;
  declare error: string | undefined;
  declare busy: boolean;

  override connectedCallback() {
    super.connectedCallback();
    void this.load();
  }

  private async load(more = false) {
    this.busy = true;
    this.error = undefined;
    try {
      const query = new URLSearchParams({ limit: '50', ...(more && this.cursor ? { cursor: this.cursor } : {}) });
      const page = await personApi<{ items: MyJournalEntry[]; cursor?: string }>('GET', `/my-file/journal?${query}`);
      const shown = more ? (this.entries?.length ?? 0) : 0;
      this.entries = [...(more ? (this.entries ?? []) : []), ...page.items];
      this.cursor = page.cursor;
      // « Voir plus » leaves the focus on the first new line, not at the top.
      if (more) await this.focusAfterRender(`.gps-journal li:nth-child(${shown + 1})`);
    } catch (error) {
      this.error = this.errorOf(error);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    if (this.error && !this.entries) return this.alert(this.error);
    if (!this.entries) return html`<p role="status">Chargement…</p>`;
    if (this.entries.length === 0) return html`<p>Personne n’a encore consulté votre dossier.</p>`;
    return html`
      <ul class="gps-journal">
        ${journalLines(this.entries).map((line) => html`<li>${line.text}${line.portal ? html` <span class="fr-hint-text gps-inline">(outil utilisé : ${line.portal})</span>` : nothing}</li>`)}
      </ul>
      ${this.alert(this.error)}
      ${this.cursor ? html`<button class="fr-btn fr-btn--secondary" type="button" ?disabled=${this.busy} @click=${() => this.load(true)}>Voir plus</button>` : nothing}
    `;
  }
}

Section.define('gps-page-my-journal', MyJournal);
