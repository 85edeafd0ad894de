import { css } from 'lit';
import { base } from '../shared-styles.ts';

export const appStyles = [
  base,
  css`
    .bar {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem 1rem;
      padding: 0.5rem 1.25rem;
      background: var(--nt-surface);
      border-bottom: 1px solid var(--nt-border);
      position: sticky;
      top: 0;
      z-index: 10;
    }
    .brand {
      font-weight: 700;
      font-size: 1.1rem;
      text-decoration: none;
      color: var(--nt-text);
    }
    nav {
      display: flex;
      gap: 0.25rem;
      flex: 1;
    }
    nav a {
      padding: 0.3rem 0.6rem;
      border-radius: var(--nt-radius);
      text-decoration: none;
    }
    nav a[aria-current='page'] {
      background: var(--nt-bg);
      font-weight: 600;
    }
    .who {
      display: flex;
      gap: 0.5rem;
      align-items: baseline;
      min-width: 0;
    }
    .email {
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
      max-width: 18rem;
    }
    /* A phone: the bar wraps onto a second row (links first, so Sign out stays on screen) and
       scrolls away with the page instead of taking a third of the screen. */
    @media (max-width: 640px) {
      .bar {
        position: static;
        padding: 0.5rem 0.75rem;
      }
      nav {
        order: 3;
        flex-basis: 100%;
        flex-wrap: wrap;
      }
      .email {
        max-width: 11rem;
      }
      main {
        padding: 0.75rem 0.75rem 2rem;
      }
    }
    .role {
      font-size: 0.8rem;
      padding: 0.05rem 0.5rem;
      border-radius: 999px;
      border: 1px solid var(--nt-border);
      color: var(--nt-muted);
    }
    main {
      max-width: 1280px;
      margin: 0 auto;
      padding: 1rem 1.25rem 3rem;
    }
    main:focus {
      outline: none;
    }
    .skip {
      position: absolute;
      left: -999px;
    }
    .skip:focus {
      left: 0.5rem;
      top: 0.5rem;
      z-index: 20;
      background: var(--nt-surface);
      padding: 0.4rem;
    }
  `,
];
