import { NtAdminFigures } from './nt-admin-figures.ts';

customElements.define('nt-admin-figures', NtAdminFigures);

declare global {
  interface HTMLElementTagNameMap {
    'nt-admin-figures': NtAdminFigures;
  }
}
