import { css } from 'lit';

export const styles = css`
  [part='item'] {
    margin-bottom: 0.5em;
  }
  [part='item'] button {
    width: 100%;
    text-align: left;
  }
  .meta {
    display: block;
    font-size: 0.875em;
  }
  .news {
    display: block;
    font-size: 0.875em;
    font-weight: 700;
    color: var(--_primary);
  }
`;
