import { css } from 'lit';

export const styles = css`
  [part='form'] {
    margin-bottom: var(--_space);
  }
  [part='result'] {
    padding: var(--_space);
    border-left: 4px solid var(--_primary);
    background: var(--_highlight);
  }
`;
