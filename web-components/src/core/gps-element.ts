import { LitElement } from 'lit';
import { updateWhenLocaleChanges } from '@lit/localize';
import { ApiError, call, type Answer, type CallOptions } from './api.ts';
import type { GpsEvents } from './events.ts';
import { followDocumentLanguage, languageOf, setLocale, getLocale } from './localization.ts';

followDocumentLanguage();

// Outside the class, so the manifest lists each widget's documented events, not a generic one.
const gpsEvent = <T>(name: string, detail: T) => new CustomEvent<T>(name, { detail, bubbles: true, composed: true });

/**
 * What every GPS widget shares: the API base, the language, how it reports errors, and the
 * wrapper its look lives on.
 *
 * @cssproperty --gps-font-size - Text size (default `medium`: the reader's browser setting, 16 px unless changed).
 */
export class GpsElement extends LitElement {
  static override properties = {
    apiBase: { attribute: 'api-base' },
  };

  declare apiBase: string | undefined;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  /**
   * Renders into a wrapper inside the shadow root, not into the root itself: the look lives
   * on the wrapper (`.gps-widget` in core/styles.ts), out of reach of the page's rules on the
   * element, which win over `:host` and whose inherited values would flow in.
   */
  protected override createRenderRoot(): HTMLElement {
    const shadow = super.createRenderRoot() as ShadowRoot;
    const wrapper = document.createElement('div');
    wrapper.className = 'gps-widget';
    shadow.append(wrapper);
    // Lit would render before the shadow root's first child (a <style> where stylesheets cannot be adopted).
    this.renderOptions.renderBefore = null;
    return wrapper;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const lang = languageOf(this);
    if (getLocale() !== lang) void setLocale(lang);
  }

  protected get language(): 'fr' | 'en' {
    return getLocale() === 'en' ? 'en' : 'fr';
  }

  protected api<T>(method: string, path: string, options: Omit<CallOptions, 'apiBase'> = {}): Promise<Answer<T>> {
    return call<T>(method, path, { ...options, apiBase: this.apiBase });
  }

  /** Every widget event: prefixed `gps-`, crossing shadow roots up to the page. */
  protected emit<K extends keyof GpsEvents>(name: K, detail: GpsEvents[K]): void {
    this.dispatchEvent(gpsEvent(name, detail));
  }

  /** Turns a failure into the message to show, and tells the page with `gps-error`. */
  protected failure(error: unknown): ApiError {
    const problem = error instanceof ApiError ? error : new ApiError({ status: 0, detail: String((error as Error)?.message ?? error) });
    this.emit('gps-error', { status: problem.status, detail: problem.problem.detail, problem: problem.problem });
    return problem;
  }
}

/** Reactive state of a widget: re-renders it, but is neither an attribute nor public API. */
export const internalState = (...names: string[]) => Object.fromEntries(names.map((name) => [name, { state: true }]));

/** Defines a tag once: a portal that loads the script twice must not break. */
export function define(tag: string, element: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, element);
}
