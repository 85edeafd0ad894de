import { css } from 'lit';
import { base } from '../shared-styles.ts';

export const editorStyles = [
  base,
  css`
    .head {
      display: flex;
      align-items: baseline;
      gap: 1rem;
      flex-wrap: wrap;
    }
    .head h1 {
      margin: 0 auto 0.5rem 0;
    }
    .span {
      font-weight: normal;
      font-size: 1rem;
    }
    .save {
      font-size: 0.9rem;
      color: var(--nt-muted);
    }
    .save.saved {
      color: var(--nt-ok);
    }
    .save.offline,
    .save.conflict,
    .save.lease-lost,
    .save.error {
      color: var(--nt-danger);
      font-weight: 600;
    }
    .comments {
      border: 2px solid var(--nt-warn);
      background: var(--nt-warn-bg);
      border-radius: var(--nt-radius);
      padding: 0.5rem 1rem;
      margin-bottom: 0.75rem;
    }
    .comments h2 {
      margin: 0.2rem 0;
      color: var(--nt-warn);
    }
    .legend {
      font-size: 0.85rem;
      margin: 0.4rem 0 0.75rem;
    }
    .speaker-keys h3 {
      font-size: 0.9rem;
      margin: 0.75rem 0 0.25rem;
    }
    .speaker-keys ul {
      list-style: none;
      margin: 0;
      padding: 0;
      display: flex;
      flex-wrap: wrap;
      gap: 0.2rem 0.9rem;
      font-size: 0.9rem;
    }
    .speaker-keys kbd,
    .undo {
      margin-top: 0.5rem;
    }
    .speaker-keys kbd {
      font-family: var(--nt-mono);
      font-size: 0.85em;
      border: 1px solid var(--nt-border);
      border-radius: 3px;
      padding: 0 0.25rem;
      margin-top: 0;
    }
    .layout {
      display: grid;
      grid-template-columns: minmax(0, 1fr) 20rem;
      gap: 1rem;
      align-items: start;
    }
    @media (max-width: 1000px) {
      .layout {
        grid-template-columns: minmax(0, 1fr);
      }
    }
    aside .card {
      padding: 0.75rem 0.9rem;
    }
    .tools {
      display: flex;
      flex-direction: column;
      gap: 0.6rem;
      align-items: flex-start;
    }
    .tags {
      display: flex;
      flex-wrap: wrap;
      gap: 0.3rem;
    }
    .tag {
      font-family: var(--nt-mono);
      font-size: 0.8rem;
      padding: 0.15rem 0.4rem;
    }
    progress {
      width: 100%;
      height: 0.8rem;
      margin-bottom: 0.6rem;
    }
    dialog textarea {
      width: 100%;
      margin-bottom: 0.75rem;
    }
  `,
];
