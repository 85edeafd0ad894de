import { NtWorkPage } from './nt-work-page.ts';

customElements.define('nt-work-page', NtWorkPage);

declare global {
  interface HTMLElementTagNameMap {
    'nt-work-page': NtWorkPage;
  }
}
