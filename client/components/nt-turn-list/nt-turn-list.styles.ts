import { css } from 'lit';
import { base } from '../shared-styles.ts';

export const turnListStyles = [
  base,
  css`
    .turns {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .turn {
      border: 1px solid var(--nt-border);
      border-left: 4px solid var(--nt-border);
      border-radius: var(--nt-radius);
      background: var(--nt-surface);
      padding: 0.5rem 0.6rem;
      margin-bottom: 0.5rem;
    }
    .turn.current {
      border-left-color: var(--nt-accent);
    }
    .head {
      display: flex;
      align-items: center;
      gap: 0.5rem;
      margin-bottom: 0.35rem;
    }
    .stamp {
      font-family: var(--nt-mono);
      font-size: 0.85rem;
      padding: 0.15rem 0.45rem;
    }
    .speaker {
      width: 14rem;
      font-weight: 600;
    }
    .remove {
      margin-left: auto;
      font-size: 0.85rem;
      color: var(--nt-muted);
    }
    textarea {
      width: 100%;
      resize: vertical;
      min-height: 4.2rem;
      line-height: 1.5;
    }
    /* The glossary's underlines: the text again, invisible, behind a transparent textarea. */
    .textbox {
      position: relative;
      background: var(--nt-surface);
      border-radius: var(--nt-radius);
    }
    .textbox textarea {
      position: relative;
      background: transparent;
      display: block;
    }
    .backdrop {
      position: absolute;
      inset: 0;
      overflow: hidden;
      padding: 0.35rem 0.5rem;
      border: 1px solid transparent;
      line-height: 1.5;
      white-space: pre-wrap;
      overflow-wrap: break-word;
      color: transparent;
      pointer-events: none;
    }
    mark.near {
      background: none;
      color: transparent;
      text-decoration: underline wavy var(--nt-warn);
      text-decoration-skip-ink: none;
      text-underline-offset: 3px;
    }
    .glossary-hints p {
      margin: 0.25rem 0 0;
      font-size: 0.85rem;
      display: flex;
      flex-wrap: wrap;
      gap: 0.4rem;
      align-items: center;
    }
    .fix {
      font-size: 0.85rem;
      padding: 0.1rem 0.45rem;
    }
    .outside {
      margin: 0 0 0.35rem;
      font-size: 0.85rem;
      color: var(--nt-warn);
    }
    .empty {
      padding: 1rem;
      border: 1px dashed var(--nt-border);
      border-radius: var(--nt-radius);
    }
    kbd {
      font-family: var(--nt-mono);
      font-size: 0.85em;
      border: 1px solid var(--nt-border);
      border-radius: 3px;
      padding: 0 0.25rem;
    }
  `,
];
