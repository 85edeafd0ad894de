import { NtShortcutsPanel } from './nt-shortcuts-panel.ts';

customElements.define('nt-shortcuts-panel', NtShortcutsPanel);

declare global {
  interface HTMLElementTagNameMap {
    'nt-shortcuts-panel': NtShortcutsPanel;
  }
}
