import { NtAccountPage } from './nt-account-page.ts';

customElements.define('nt-account-page', NtAccountPage);

declare global {
  interface HTMLElementTagNameMap {
    'nt-account-page': NtAccountPage;
  }
}
