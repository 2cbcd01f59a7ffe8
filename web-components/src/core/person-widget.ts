import { html, type TemplateResult } from 'lit';
import { msg } from '@lit/localize';
import type { Problem } from './api.ts';
import { GpsElement, internalState } from './gps-element.ts';

/**
 * A widget about one person (`person-id`): reads its data when the person changes, and
 * shows the same loading, "not one of mine" and error states as every other one.
 */
export abstract class PersonWidget<T> extends GpsElement {
  static override properties = {
    ...GpsElement.properties,
    personId: { attribute: 'person-id' },
    ...internalState('data', 'problem', 'busy'),
  };

  declare personId: string | undefined;
  protected declare data: T | undefined;
  protected declare problem: Problem | undefined;
  protected declare busy: boolean;

  constructor() {
    super();
    this.busy = false;
  }

  /** What the widget shows, read from GPS. */
  protected abstract read(): Promise<T>;

  override updated(changed: Map<string, unknown>) {
    if (changed.has('personId') || changed.has('apiBase')) void this.load();
  }

  /** Reads the person's data again (after a change elsewhere on the page, for instance). */
  async load() {
    if (!this.personId) return;
    this.problem = undefined;
    try {
      this.data = await this.read();
    } catch (error) {
      this.problem = this.failure(error).problem;
    }
  }

  protected personPath(suffix = ''): string {
    return `/persons/${encodeURIComponent(this.personId ?? '')}${suffix}`;
  }

  /** Runs a change: busy meanwhile, and a failure shown with the data kept. */
  protected async change(task: () => Promise<void>): Promise<void> {
    this.busy = true;
    this.problem = undefined;
    try {
      await task();
    } catch (error) {
      this.problem = this.failure(error).problem;
    } finally {
      this.busy = false;
    }
  }

  /** The state to show instead of the data, if any: none chosen, not found, error, loading. */
  protected renderState(loading: string): TemplateResult | undefined {
    if (!this.personId) return html`<p part="state" class="state">${msg('Aucune personne choisie.', { id: 'card.none' })}</p>`;
    if (this.problem && this.data === undefined) {
      return this.problem.status === 404
        ? html`<p part="state" class="state">${msg('Cette personne ne fait pas partie des personnes que vous accompagnez.', { id: 'card.notFound' })}</p>`
        : html`<p part="state" class="state error" role="alert">${this.problem.detail}</p>`;
    }
    if (this.data === undefined) return html`<p part="state" class="state" role="status" aria-busy="true">${loading}</p>`;
    return undefined;
  }
}
