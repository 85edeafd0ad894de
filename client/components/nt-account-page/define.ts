import { NtAccountPage } from './nt-account-page.ts';

customElements.define('nt-account-page', NtAccountPage);

declare global {
  interface HTMLElementTagNameMap {
    'nt-account-page': NtAccountPage;
  }
  interface GlobalEventHandlersEventMap {
    'nt-user-changed': CustomEvent<import('../../types.ts').User>;
  }
}
