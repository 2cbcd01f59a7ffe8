import { css } from 'lit';

export const styles = css`
  :host {
    display: inline-block;
  }
  dialog {
    width: min(32rem, calc(100vw - 2rem));
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
