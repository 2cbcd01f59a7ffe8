import { css } from 'lit';

/**
 * The look every widget shares. It lives on `.gps-widget`, the wrapper inside the shadow root
 * that every widget renders into (see `GpsElement`), never on `:host`: a page's rules on the
 * element itself (`* { color: red }`, `all: revert`…) win over `:host`, and what the host
 * inherits would flow into the widget. The wrapper starts from `all: initial` and takes from
 * the page only what is documented: the custom properties below (set on any ancestor), the
 * font family, and `visibility` (so that hiding the element hides it). The host's own box
 * (display, margins, position…) is the portal's business; the layout inside does not depend
 * on it.
 */
export const base = css`
  :host {
    display: block;
  }
  :host([hidden]) {
    display: none;
  }
  .gps-widget {
    all: initial;
    --_primary: var(--gps-color-primary, #000091);
    --_on-primary: var(--gps-color-on-primary, #ffffff);
    --_text: var(--gps-color-text, #161616);
    --_muted: var(--gps-color-muted, #595959);
    --_border: var(--gps-color-border, #dddddd);
    --_surface: var(--gps-color-surface, #ffffff);
    --_highlight: var(--gps-color-highlight, #f5f5fe);
    --_error: var(--gps-color-error, #ce0500);
    --_success: var(--gps-color-success, #18753c);
    /* In em, not rem: the page's root font size (62.5 %, or a hostile 40px) is not ours. */
    --_radius: var(--gps-radius, 0.25em);
    --_space: var(--gps-spacing, 1em);
    display: block;
    box-sizing: border-box;
    visibility: inherit;
    color: var(--_text);
    font-family: inherit;
    font-size: var(--gps-font-size, medium);
    line-height: 1.5;
    text-align: start;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  h2,
  h3 {
    margin: 0 0 calc(var(--_space) / 2);
    font-size: 1.125em;
    line-height: 1.3;
  }
  p {
    margin: 0 0 calc(var(--_space) / 2);
  }
  button,
  input,
  select,
  textarea {
    font: inherit;
    color: inherit;
  }
  button {
    cursor: pointer;
    border-radius: var(--_radius);
    padding: 0.375em 1em;
    border: 1px solid var(--_primary);
    background: var(--_primary);
    color: var(--_on-primary);
  }
  button.secondary {
    background: var(--_surface);
    color: var(--_primary);
  }
  button:disabled {
    cursor: not-allowed;
    opacity: 0.7;
  }
  button:focus-visible,
  input:focus-visible,
  select:focus-visible,
  textarea:focus-visible,
  a:focus-visible {
    outline: 2px solid var(--_primary);
    outline-offset: 2px;
  }
  a {
    color: var(--_primary);
  }
  label {
    display: block;
    font-weight: 600;
    margin-bottom: 0.25em;
  }
  input,
  select,
  textarea {
    width: 100%;
    padding: 0.375em 0.5em;
    border: 1px solid var(--_muted);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  [part='list'] {
    list-style: none;
    padding: 0;
    margin: 0 0 var(--_space);
  }
  .field {
    margin-bottom: var(--_space);
  }
  .hint {
    display: block;
    color: var(--_muted);
    font-weight: 400;
    font-size: 0.875em;
  }
  .state {
    padding: var(--_space);
    border: 1px dashed var(--_border);
    border-radius: var(--_radius);
    color: var(--_muted);
  }
  .state.error,
  .error-text {
    color: var(--_error);
  }
  .warning-text {
    color: var(--gps-color-warning, #8d4200);
  }
  .success-text {
    color: var(--_success);
  }
  .badge {
    display: inline-block;
    padding: 0 0.5em;
    border-radius: var(--_radius);
    background: var(--_highlight);
    color: var(--_primary);
    font-size: 0.875em;
    font-weight: 600;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) / 2);
  }
  /* Printed, a widget keeps what it shows and drops what one clicks. */
  @media print {
    button,
    form,
    dialog,
    [role='status']:empty {
      display: none !important;
    }
    a {
      color: inherit;
      text-decoration: none;
    }
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
