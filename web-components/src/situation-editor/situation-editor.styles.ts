import { css } from 'lit';

export const styles = css`
  fieldset {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .check input {
    width: auto;
  }
  .check label {
    display: inline;
    font-weight: 400;
  }
`;
