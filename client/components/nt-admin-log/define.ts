import { NtAdminLog } from './nt-admin-log.ts';

customElements.define('nt-admin-log', NtAdminLog);

declare global {
  interface HTMLElementTagNameMap {
    'nt-admin-log': NtAdminLog;
  }
}
