import { NtApp } from './nt-app.ts';

customElements.define('nt-app', NtApp);

declare global {
  interface HTMLElementTagNameMap {
    'nt-app': NtApp;
  }
}
