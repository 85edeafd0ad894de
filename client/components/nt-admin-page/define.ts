import { NtAdminPage } from './nt-admin-page.ts';

customElements.define('nt-admin-page', NtAdminPage);

declare global {
  interface HTMLElementTagNameMap {
    'nt-admin-page': NtAdminPage;
  }
}
