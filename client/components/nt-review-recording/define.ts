import { NtReviewRecording } from './nt-review-recording.ts';

customElements.define('nt-review-recording', NtReviewRecording);

declare global {
  interface HTMLElementTagNameMap {
    'nt-review-recording': NtReviewRecording;
  }
}
