import { html } from 'lit';
import { api } from '../session.ts';
import { Section, day, time } from './section.ts';

type JournalEntry = { id: string; kind: string; at: string; actorId: string; portal: string; targetProId?: string };
/** A confidential structure's member comes without a name (see the members widget). */
type Member = { proId: string; professional?: { firstName: string; lastName: string } };

/** What each event says, after the actor's name; `{target}` is the other professional concerned. */
const KIND: Record<string, string> = {
  person_created: 'a créé le dossier',
  card_read: 'a consulté la fiche',
  members_read: 'a consulté la liste des membres',
  actions_read: 'a consulté ce qui a été entrepris',
  looked_up: 'a recherché la personne',
  contact_revealed: 'a affiché les coordonnées de {target}',
  joined: 'a rejoint le groupe',
  join_requested: 'a demandé à rejoindre le groupe',
  join_accepted: 'a accepté la demande de {target}',
  join_declined: 'a refusé la demande de {target}',
  follow_up_ended: 'a mis fin à son suivi',
  member_removed: 'a mis fin au suivi de {target}',
  follow_up_updated: 'a modifié son suivi',
  referent_changed: 'est devenu référent de parcours',
  person_updated: 'a mis à jour la situation',
  action_added: 'a noté une action',
  invitation_sent: 'a invité un collègue',
  invitation_accepted: 'a accepté une invitation',
  invitation_revoked: 'a annulé une invitation',
  invitation_declined: 'a refusé une invitation à rejoindre le groupe',
  exported: 'a exporté le dossier',
  contact_requested: 'a demandé à {target} de le contacter',
  erasure_scheduled: 'a prévu l’effacement du dossier : plus personne ne suit la personne depuis la durée de conservation',
  erasure_cancelled: 'a annulé l’effacement prévu du dossier : la personne est de nouveau suivie',
  need_written: 'a écrit un besoin dans son espace',
  need_updated: 'a modifié un besoin dans son espace',
  member_flagged_unknown: 'a dit, dans son espace, ne pas connaître {target}',
};

/** Reading the file: the card, the members, the actions, read together on each visit. */
const VISIT = new Set(['card_read', 'members_read', 'actions_read']);

type Line = { first: JournalEntry; last: JournalEntry; count: number; text: string; visit: boolean };

/**
 * « Journal des accès » : who read or changed the file and when (date and time), whose
 * contact details were shown; the reads of one visit, and the visits of one person in a row
 * the same day, make one line.
 */
class Journal extends Section {
  static override properties = { personId: { attribute: 'person-id' }, lines: { state: true }, error: { state: true } };
  declare personId: string;
  declare lines: Line[] | undefined;
  declare error: string | undefined;

  override connectedCallback() {
    super.connectedCallback();
    void this.load();
  }

  private async load() {
    try {
      const [events, members] = await Promise.all([
        api<{ items: JournalEntry[] }>('GET', `/persons/${this.personId}/audit?limit=100`),
        api<Member[]>('GET', `/persons/${this.personId}/members`),
      ]);
      const names = new Map(members.map((m) => [m.proId, m.professional ? `${m.professional.firstName} ${m.professional.lastName}` : 'un accompagnement confidentiel']));
      const name = (id: string | undefined) => (id ? (names.get(id) ?? 'un ancien membre') : 'un membre');
      const lines: Line[] = [];
      for (const event of events.items) {
        const visit = VISIT.has(event.kind);
        const text = visit ? 'a consulté le dossier' : (KIND[event.kind] ?? event.kind).replace('{target}', name(event.targetProId));
        const previous = lines.at(-1);
        // Newest first: a line grows back in time while the same person keeps reading the file the same day.
        if (visit && previous?.visit && previous.first.actorId === event.actorId && day(previous.first.at) === day(event.at)) {
          // The reads of one opening of the file come within seconds; more than two minutes apart is another visit.
          if (Date.parse(previous.last.at) - Date.parse(event.at) > 120_000) previous.count += 1;
          previous.last = event;
          continue;
        }
        lines.push({ first: event, last: event, count: 1, text, visit });
      }
      this.lines = lines;
      this.names = names;
    } catch (error) {
      this.error = this.errorOf(error);
    }
  }

  private names = new Map<string, string>();

  private line(line: Line) {
    const named =
      line.first.actorId === '00000000000000000000000000' ? 'GPS' : line.first.actorId === this.personId ? 'La personne' : (this.names.get(line.first.actorId) ?? 'un ancien membre');
    const actor = named.charAt(0).toUpperCase() + named.slice(1);
    const when =
      line.count > 1
        ? `${line.count} fois le ${day(line.first.at)}, de ${time(line.last.at)} à ${time(line.first.at)}`
        : `le ${day(line.first.at)} à ${time(line.first.at)}`;
    return html`<li><strong>${actor}</strong> ${line.text} ${when} <span class="fr-hint-text gps-inline">(via ${line.first.portal})</span></li>`;
  }

  override render() {
    if (this.error) return this.alert(this.error);
    if (!this.lines) return html`<p role="status">Chargement…</p>`;
    return html`<ul class="gps-journal">${this.lines.map((line) => this.line(line))}</ul>`;
  }
}

Section.define('gps-page-journal', Journal);
