import { css } from 'lit';
import { base } from '../shared-styles.ts';

export const uploadStyles = [
  base,
  css`
    .drop {
      border: 2px dashed var(--nt-border);
      border-radius: var(--nt-radius);
      padding: 1rem;
      margin-bottom: 1rem;
      text-align: center;
    }
    .drop.over {
      border-color: var(--nt-accent);
      background: var(--nt-bg);
    }
    .drop p {
      margin: 0 0 0.5rem;
    }
    /* The file input never sticks out of the drop zone, however narrow the screen. */
    .drop input[type='file'] {
      max-width: 100%;
    }
    .languages {
      border: 1px solid var(--nt-border);
      border-radius: var(--nt-radius);
      margin: 0 0 1rem;
      padding: 0.5rem 0.75rem;
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem 1rem;
    }
    .languages legend {
      padding: 0 0.25rem;
    }
    .languages .lang {
      display: inline-flex;
      align-items: center;
      gap: 0.3rem;
      font-weight: normal;
      margin: 0;
    }
    .upload .row {
      flex-wrap: wrap;
    }
    .upload .hint {
      margin: 0.35rem 0 0;
      font-size: 0.85rem;
    }
    .drop .hint {
      margin: 0.5rem 0 0;
      font-size: 0.85rem;
    }
    .chosen {
      list-style: none;
      padding: 0;
      margin: 0.75rem 0 0;
      text-align: left;
    }
    .grid {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr));
      gap: 0 1rem;
    }
    .grid .wide {
      grid-column: 1 / -1;
    }
    .grid select {
      width: 100%;
    }
    .uploads {
      list-style: none;
      padding: 0;
      margin: 0 0 1rem;
    }
    .upload {
      background: var(--nt-surface);
      border: 1px solid var(--nt-border);
      border-radius: var(--nt-radius);
      padding: 0.6rem 0.8rem;
      margin-bottom: 0.5rem;
    }
    .upload progress {
      width: 100%;
      height: 0.8rem;
      margin-top: 0.35rem;
    }
    .upload .state {
      margin-left: auto;
    }
    .upload.done .state {
      color: var(--nt-ok);
    }
    .upload.retrying .state,
    .upload.failed .state {
      color: var(--nt-danger);
    }
  `,
];
