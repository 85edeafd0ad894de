import { css } from 'lit';
import { base } from '../shared-styles.ts';

export const reviewRecordingStyles = [
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
    .layout {
      display: grid;
      grid-template-columns: minmax(0, 1fr) 22rem;
      gap: 1.25rem;
      align-items: start;
    }
    aside {
      position: sticky;
      top: 4rem;
    }
    @media (max-width: 1000px) {
      .layout {
        grid-template-columns: minmax(0, 1fr);
      }
      /* One column: the speaker names come before the transcript, not after thousands of pixels of it. */
      aside {
        position: static;
        order: -1;
      }
    }
    .text {
      background: var(--nt-surface);
      border: 1px solid var(--nt-border);
      border-radius: var(--nt-radius);
      padding: 0.5rem 1.1rem 1rem;
    }
    .seg {
      /* Off-screen segments skip layout and paint: a 2-hour recording stays responsive. */
      content-visibility: auto;
      contain-intrinsic-size: auto 900px;
    }
    .seam {
      display: flex;
      align-items: center;
      gap: 0.6rem;
      margin: 1rem 0 0.5rem;
      font-size: 0.8rem;
      color: var(--nt-muted);
    }
    .seam::before,
    .seam::after {
      content: '';
      flex: 1;
      border-top: 1px solid var(--nt-border);
    }
    .seam-label {
      text-transform: uppercase;
      letter-spacing: 0.04em;
    }
    .turn {
      margin: 0 0 0.55rem;
      line-height: 1.55;
    }
    .time {
      font-family: var(--nt-mono);
      font-size: 0.8rem;
      color: var(--nt-muted);
    }
  `,
];
