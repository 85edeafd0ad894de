/** Styles every component adopts: shadow DOM does not see styles.css, only its custom properties. */
import { css } from 'lit';

export const base = css`
  :host {
    display: block;
    color: var(--nt-text);
    font-family: var(--nt-font);
    /* A long unbroken word (an id, a URL) wraps instead of widening a phone's page. */
    overflow-wrap: break-word;
  }
  /* Messages may quote a machine's words (a codec error): those break anywhere, even in a table or grid. */
  .error,
  .notice,
  .warn {
    overflow-wrap: anywhere;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  h1 {
    font-size: 1.45rem;
    margin: 0 0 0.75rem;
  }
  h2 {
    font-size: 1.15rem;
    margin: 1.25rem 0 0.5rem;
  }
  h3 {
    font-size: 1rem;
    margin: 1rem 0 0.4rem;
  }
  a {
    color: var(--nt-accent);
  }
  :focus-visible {
    outline: 3px solid var(--nt-focus);
    outline-offset: 2px;
  }
  button,
  .button {
    font: inherit;
    display: inline-flex;
    align-items: center;
    gap: 0.35rem;
    padding: 0.4rem 0.85rem;
    border-radius: var(--nt-radius);
    border: 1px solid var(--nt-border);
    background: var(--nt-surface);
    color: var(--nt-text);
    cursor: pointer;
    text-decoration: none;
    line-height: 1.3;
  }
  button:hover:not(:disabled),
  .button:hover {
    border-color: var(--nt-accent);
  }
  button.primary,
  .button.primary {
    background: var(--nt-accent);
    border-color: var(--nt-accent);
    color: var(--nt-accent-text);
  }
  button.danger {
    background: var(--nt-danger);
    border-color: var(--nt-danger);
    color: #fff;
  }
  button:disabled {
    opacity: 0.55;
    cursor: not-allowed;
  }
  button.link {
    border: none;
    background: none;
    padding: 0.1rem 0.25rem;
    color: var(--nt-accent);
    text-decoration: underline;
  }
  input,
  select,
  textarea {
    font: inherit;
    color: var(--nt-text);
    background: var(--nt-surface);
    border: 1px solid var(--nt-border);
    border-radius: var(--nt-radius);
    padding: 0.35rem 0.5rem;
  }
  label {
    display: block;
    font-weight: 600;
    font-size: 0.9rem;
    margin-bottom: 0.2rem;
  }
  label.inline {
    display: inline-flex;
    align-items: center;
    gap: 0.4rem;
    font-weight: normal;
  }
  .field {
    margin-bottom: 0.75rem;
  }
  .field input,
  .field select,
  .field textarea {
    width: 100%;
  }
  /* A wide table scrolls inside its own box; the page itself never scrolls sideways. */
  .scroll-x {
    overflow-x: auto;
    max-width: 100%;
    /* its visually hidden labels are placed inside it, not against the page */
    position: relative;
  }
  .row {
    display: flex;
    gap: 0.6rem;
    align-items: center;
    flex-wrap: wrap;
  }
  .card > h2:first-child {
    margin-top: 0;
  }
  .card {
    background: var(--nt-surface);
    border: 1px solid var(--nt-border);
    border-radius: var(--nt-radius);
    padding: 1rem 1.1rem;
    margin-bottom: 1rem;
  }
  .error {
    background: var(--nt-danger-bg);
    color: var(--nt-danger);
    border: 1px solid currentColor;
    border-radius: var(--nt-radius);
    padding: 0.55rem 0.8rem;
    margin: 0.5rem 0;
  }
  .notice {
    background: var(--nt-ok-bg);
    color: var(--nt-ok);
    border-radius: var(--nt-radius);
    padding: 0.5rem 0.8rem;
    margin: 0.5rem 0;
  }
  .warn {
    background: var(--nt-warn-bg);
    color: var(--nt-warn);
    border-radius: var(--nt-radius);
    padding: 0.5rem 0.8rem;
    margin: 0.5rem 0;
  }
  .muted {
    color: var(--nt-muted);
  }
  table {
    border-collapse: collapse;
    width: 100%;
    background: var(--nt-surface);
  }
  th,
  td {
    text-align: left;
    padding: 0.45rem 0.6rem;
    border-bottom: 1px solid var(--nt-border);
    vertical-align: top;
  }
  th {
    font-size: 0.85rem;
    color: var(--nt-muted);
    font-weight: 600;
  }
  .num {
    text-align: right;
    font-variant-numeric: tabular-nums;
  }
  .badge {
    display: inline-block;
    padding: 0.05rem 0.5rem;
    border-radius: 999px;
    font-size: 0.8rem;
    border: 1px solid var(--nt-border);
    white-space: nowrap;
  }
  .badge.completed,
  .badge.approved {
    background: var(--nt-ok-bg);
    color: var(--nt-ok);
    border-color: transparent;
  }
  .badge.failed {
    background: var(--nt-danger-bg);
    color: var(--nt-danger);
    border-color: transparent;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
  dialog {
    border: 1px solid var(--nt-border);
    border-radius: var(--nt-radius);
    background: var(--nt-surface);
    color: var(--nt-text);
    padding: 1.2rem 1.3rem;
    max-width: min(32rem, 92vw);
  }
  dialog::backdrop {
    background: rgba(0, 0, 0, 0.4);
  }
  progress {
    accent-color: var(--nt-accent);
  }
`;
