import { css } from 'lit';

export const styles = css`
  [part='need'] {
    border-bottom: 1px solid var(--_border);
    padding: 0.5em 0;
    overflow-wrap: anywhere;
  }
  [part='need'] select {
    width: auto;
    max-width: 100%;
  }
  .meta {
    color: var(--_muted);
    font-size: 0.875em;
  }
`;
