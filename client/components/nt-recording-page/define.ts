import { NtRecordingPage } from './nt-recording-page.ts';

customElements.define('nt-recording-page', NtRecordingPage);

declare global {
  interface HTMLElementTagNameMap {
    'nt-recording-page': NtRecordingPage;
  }
}
