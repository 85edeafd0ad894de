import { NtEarnings } from './nt-earnings.ts';

customElements.define('nt-earnings', NtEarnings);

declare global {
  interface HTMLElementTagNameMap {
    'nt-earnings': NtEarnings;
  }
}
