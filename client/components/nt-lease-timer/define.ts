import { NtLeaseTimer } from './nt-lease-timer.ts';

customElements.define('nt-lease-timer', NtLeaseTimer);

declare global {
  interface HTMLElementTagNameMap {
    'nt-lease-timer': NtLeaseTimer;
  }
}
