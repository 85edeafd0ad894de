import { css } from 'lit';
import { base } from '../shared-styles.ts';

export const waveformStyles = [
  base,
  css`
    .wave-box {
      position: relative;
      background: var(--nt-surface);
      border: 1px solid var(--nt-border);
      border-radius: var(--nt-radius);
      padding: 0.25rem 0.25rem 0;
      min-height: 120px;
    }
    .placeholder {
      position: absolute;
      inset: 0;
      display: grid;
      place-items: center;
      margin: 0;
    }
    .controls {
      margin-top: 0.5rem;
    }
    .play {
      min-width: 5rem;
      justify-content: center;
    }
    .clock {
      margin-left: auto;
      font-family: var(--nt-mono);
      font-variant-numeric: tabular-nums;
    }
  `,
];
