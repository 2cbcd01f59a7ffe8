import { css } from 'lit';

export const styles = css`
  [part~='member'] {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: calc(var(--_space) * 0.75);
    margin-bottom: calc(var(--_space) / 2);
    background: var(--_surface);
  }
  [part~='referent'] {
    border-left: 4px solid var(--_primary);
  }
  [part~='past'] {
    color: var(--_muted);
  }
  .name {
    font-weight: 700;
  }
  .meta {
    margin: 0.25em 0;
    color: var(--_muted);
    font-size: 0.9375em;
  }
  [part='contact'] {
    margin: 0.5em 0 0;
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
`;
