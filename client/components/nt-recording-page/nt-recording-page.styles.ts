import { css } from 'lit';
import { base } from '../shared-styles.ts';

export const recordingStyles = [
  base,
  css`
    .head {
      display: flex;
      align-items: center;
      gap: 0.75rem;
    }
    .head h1 {
      margin: 0;
    }
    .meta {
      margin: 0.3rem 0 1rem;
    }
    .progress progress {
      width: 100%;
      height: 0.8rem;
      margin-bottom: 0.5rem;
    }
    .layout {
      display: grid;
      grid-template-columns: minmax(0, 1.1fr) minmax(0, 1fr);
      gap: 1.25rem;
      align-items: start;
    }
    @media (max-width: 900px) {
      .layout {
        grid-template-columns: minmax(0, 1fr);
      }
    }
    .transcript {
      background: var(--nt-surface);
      border: 1px solid var(--nt-border);
      border-radius: var(--nt-radius);
      padding: 0 1rem 1rem;
      max-height: calc(100vh - 12rem);
      overflow: auto;
    }
    .turns {
      list-style: none;
      padding: 0;
      margin: 0;
    }
    .turns li {
      margin-bottom: 0.6rem;
      content-visibility: auto;
      contain-intrinsic-size: auto 3rem;
    }
    .turns li[aria-current='true'] {
      background: var(--nt-warn-bg);
      border-radius: var(--nt-radius);
      box-shadow: 0 0 0 0.3rem var(--nt-warn-bg);
    }
    .stamp {
      font-family: var(--nt-mono);
      font-size: 0.8rem;
      padding: 0.05rem 0.35rem;
      margin-right: 0.35rem;
    }
  `,
];
