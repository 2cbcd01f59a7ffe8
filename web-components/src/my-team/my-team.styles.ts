import { css } from 'lit';

export const styles = css`
  [part~='member'] {
    border: 1px solid var(--_border);
    border-left-width: 4px;
    border-radius: var(--_radius);
    padding: calc(var(--_space) * 0.75);
    margin-bottom: calc(var(--_space) / 2);
    background: var(--_surface);
    overflow-wrap: anywhere;
  }
  [part~='referent'] {
    border-left-color: var(--_primary);
  }
  h3 {
    font-size: 1em;
  }
  .meta {
    color: var(--_muted);
  }
`;
