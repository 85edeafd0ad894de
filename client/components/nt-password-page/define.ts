import { NtPasswordPage } from './nt-password-page.ts';

customElements.define('nt-password-page', NtPasswordPage);

declare global {
  interface HTMLElementTagNameMap {
    'nt-password-page': NtPasswordPage;
  }
}
