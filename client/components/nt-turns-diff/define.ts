import { NtTurnsDiff } from './nt-turns-diff.ts';

customElements.define('nt-turns-diff', NtTurnsDiff);

declare global {
  interface HTMLElementTagNameMap {
    'nt-turns-diff': NtTurnsDiff;
  }
}
