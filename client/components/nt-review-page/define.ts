import { NtReviewPage } from './nt-review-page.ts';

customElements.define('nt-review-page', NtReviewPage);

declare global {
  interface HTMLElementTagNameMap {
    'nt-review-page': NtReviewPage;
  }
}
