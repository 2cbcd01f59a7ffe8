import { html, type TemplateResult } from 'lit';
import { msg } from '@lit/localize';
import type { Problem } from './api.ts';
import { GpsElement, internalState } from './gps-element.ts';

/**
 * The person's own file, as `GET /my-file` answers it to the person signed in (a person
 * token: FranceConnect on the GPS page, or a person-facing portal's own). The person sees
 * every member whole, confidential structures included: it is their data.
 */
export type TeamMember = {
  proId: string;
  firstName: string;
  lastName: string;
  jobTitle?: string;
  organization: { siret: string; name: string; kind: string; departement?: string };
  role?: string;
  reason: string;
  isReferent: boolean;
  startedAt: string;
  endedAt?: string;
  endReason?: 'manual' | 'automatic' | 'declined' | 'removed';
  /** Absent when the professional's account no longer exists. */
  email?: string;
  phone?: string;
  /** When the person said they do not know this professional. */
  flaggedUnknownAt?: string;
};

export type NeedStatus = 'todo' | 'in_progress' | 'done';
export type Need = { id: string; text: string; category: string; status: NeedStatus; createdAt: string; updatedAt: string };

export type MyAction = {
  id: string;
  date: string;
  category: string;
  text: string;
  createdAt: string;
  author: { firstName: string; lastName: string; organizationName: string };
};

export type MyFile = {
  personId: string;
  identity: { firstName: string; lastName: string; birthDate: string };
  team: TeamMember[];
  formerTeam: TeamMember[];
  actions: MyAction[];
  needs: Need[];
};

/** A person with no file gets this 404 on every `/my-file` call. */
export const isNoFile = (problem: Problem | undefined) => problem?.status === 404;

/** The référent first, then the others as GPS sends them. */
export const referentFirst = (team: readonly TeamMember[]) => [...team].sort((a, b) => Number(b.isReferent) - Number(a.isReferent));

/**
 * A widget of the person's own space: reads `/my-file` when it appears (and when `api-base`
 * changes), and says plainly when no file matches the person signed in.
 */
export abstract class MyFileWidget extends GpsElement {
  static override properties = { ...GpsElement.properties, ...internalState('file', 'problem', 'busy') };

  protected declare file: MyFile | undefined;
  protected declare problem: Problem | undefined;
  protected declare busy: boolean;

  override willUpdate(changed: Map<string, unknown>) {
    if (!this.hasUpdated || changed.has('apiBase')) void this.load();
  }

  /** Reads the file again (after a change elsewhere on the portal, for instance). */
  async load() {
    this.problem = undefined;
    try {
      this.file = (await this.api<MyFile>('GET', '/my-file')).data;
    } catch (error) {
      this.problem = this.failure(error).problem;
    }
  }

  /** Runs a change: busy meanwhile, its failure shown with everything typed kept. */
  protected async change(task: () => Promise<void>): Promise<boolean> {
    this.busy = true;
    this.problem = undefined;
    try {
      await task();
      return true;
    } catch (error) {
      this.problem = this.failure(error).problem;
      return false;
    } finally {
      this.busy = false;
    }
  }

  protected focusLater(selector: string) {
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(selector)?.focus());
  }

  /** What to show instead of the file: loading, no file, or the error. */
  protected renderState(): TemplateResult | undefined {
    if (this.file) return undefined;
    if (isNoFile(this.problem))
      return html`<p part="state" class="state">${msg('Nous n’avons pas trouvé de dossier à votre nom. Si un professionnel vous accompagne, demandez-lui de vérifier votre nom et votre date de naissance dans GPS.', { id: 'my.noFile' })}</p>`;
    if (this.problem) return html`<p part="state" class="state error" role="alert">${this.problem.detail}</p>`;
    return html`<p part="state" class="state" role="status" aria-busy="true">${msg('Chargement…', { id: 'my.loading' })}</p>`;
  }
}
