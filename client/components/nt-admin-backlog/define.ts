import { NtAdminBacklog } from './nt-admin-backlog.ts';

customElements.define('nt-admin-backlog', NtAdminBacklog);

declare global {
  interface HTMLElementTagNameMap {
    'nt-admin-backlog': NtAdminBacklog;
  }
}
