import { NtAdminUsers } from './nt-admin-users.ts';

customElements.define('nt-admin-users', NtAdminUsers);

declare global {
  interface HTMLElementTagNameMap {
    'nt-admin-users': NtAdminUsers;
  }
}
