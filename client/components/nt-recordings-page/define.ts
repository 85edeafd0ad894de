import { NtRecordingsPage } from './nt-recordings-page.ts';

customElements.define('nt-recordings-page', NtRecordingsPage);

declare global {
  interface HTMLElementTagNameMap {
    'nt-recordings-page': NtRecordingsPage;
  }
}
