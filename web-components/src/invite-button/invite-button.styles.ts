import { css } from 'lit';

export const styles = css`
  :host {
    display: inline-block;
  }
  /* Inline-block inside too: a page that makes the host inline keeps the button in its line. */
  .gps-widget {
    display: inline-block;
  }
  dialog {
    width: min(32em, calc(100vw - 2em));
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: calc(var(--_space) * 1.5);
    color: var(--_text);
    background: var(--_surface);
  }
  dialog::backdrop {
    background: rgb(22 22 22 / 0.64);
  }
  [part='close'] {
    float: right;
  }
`;
