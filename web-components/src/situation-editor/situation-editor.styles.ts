import { css } from 'lit';

export const styles = css`
  fieldset {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    min-width: 0;
  }
  .check input {
    width: auto;
  }
  .check label {
    display: inline;
    font-weight: 400;
  }
  .note {
    margin: 0.25em 0 0.5em 1.5em;
  }
  .note label {
    font-weight: 400;
    font-size: 0.875em;
  }
  .commune {
    display: grid;
    grid-template-columns: minmax(0, 1fr) minmax(0, 2fr);
    gap: calc(var(--_space) / 2);
    align-items: end;
  }
  [part='conflict'] {
    border: 2px solid var(--_error);
    border-radius: var(--_radius);
    padding: var(--_space);
    margin-bottom: var(--_space);
  }
  [part='conflict'] h4 {
    margin: 0 0 0.25em;
  }
  [part='conflict'] dt {
    font-weight: 600;
  }
  [part='conflict'] dd {
    margin: 0 0 0.5em;
  }
  .text {
    white-space: pre-wrap;
  }
`;
