import { css } from 'lit';

export const styles = css`
  [part='card'] {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--_space);
    background: var(--_surface);
  }
  [part='flags'] {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
    list-style: none;
    padding: 0;
    margin: 0 0 var(--_space);
  }
  dl {
    margin: 0 0 var(--_space);
  }
  dt {
    font-weight: 600;
  }
  dd {
    margin: 0 0 0.5em;
  }
  [part='needs'] {
    list-style: none;
    padding: 0;
    margin: 0;
  }
  [part='needs'] li {
    margin-bottom: 0.5em;
  }
  .meta {
    display: block;
    color: var(--_muted);
    font-size: 0.875em;
  }
  .identity {
    color: var(--_muted);
  }
`;
