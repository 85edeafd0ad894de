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
      flex-wrap: wrap;
      align-items: center;
      gap: 0.4rem;
      margin-bottom: 0.35rem;
    }
    .stamp {
      font-family: var(--nt-mono);
      font-size: 0.85rem;
      padding: 0.15rem 0.45rem;
    }
    .time {
      width: 5.6rem;
      font-family: var(--nt-mono);
      font-size: 0.85rem;
      font-variant-numeric: tabular-nums;
    }
    .speaker {
      width: 14rem;
      max-width: 100%;
      font-weight: 600;
    }
    .key {
      color: var(--nt-muted);
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
    /* A draft's words and the glossary's near-misses: the text is drawn again by a backdrop under
       the textarea (transparent letters; coloured word backgrounds, underlines), the textarea on top
       with a transparent background. All must lay the text out identically: same font, padding,
       border and wrapping. */
    .text-wrap {
      position: relative;
      background: var(--nt-surface);
      border-radius: var(--nt-radius);
    }
    .text-wrap textarea {
      position: relative;
      z-index: 1;
      background: transparent;
      display: block;
    }
    .backdrop {
      position: absolute;
      inset: 0;
      overflow: hidden;
      padding: 0.35rem 0.5rem;
      border: 1px solid transparent;
      font: inherit;
      line-height: 1.5;
      white-space: pre-wrap;
      overflow-wrap: break-word;
      color: transparent;
      pointer-events: none;
    }
    .backdrop .w.low {
      background: color-mix(in srgb, var(--nt-warn) 28%, transparent);
      border-bottom: 2px dotted var(--nt-warn);
    }
    .backdrop .w.playing {
      background: color-mix(in srgb, var(--nt-accent) 35%, transparent);
    }
    .marks {
      margin: 0.2rem 0 0;
      font-size: 0.8rem;
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
