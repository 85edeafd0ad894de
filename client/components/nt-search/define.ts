import { NtSearch } from './nt-search.ts';

customElements.define('nt-search', NtSearch);

declare global {
  interface HTMLElementTagNameMap {
    'nt-search': NtSearch;
  }
}
