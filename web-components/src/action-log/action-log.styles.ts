import { css } from 'lit';

export const styles = css`
  [part='entry'] {
    border-bottom: 1px solid var(--_border);
    padding: 0.5em 0;
  }
  .meta {
    color: var(--_muted);
    font-size: 0.875em;
  }
`;
