import { NtAdminOrgs } from './nt-admin-orgs.ts';

customElements.define('nt-admin-orgs', NtAdminOrgs);

declare global {
  interface HTMLElementTagNameMap {
    'nt-admin-orgs': NtAdminOrgs;
  }
}
