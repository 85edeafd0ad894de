import { NtConflictView } from './nt-conflict-view.ts';

customElements.define('nt-conflict-view', NtConflictView);

declare global {
  interface HTMLElementTagNameMap {
    'nt-conflict-view': NtConflictView;
  }
  interface GlobalEventHandlersEventMap {
    'nt-conflict-resolve': CustomEvent<{ choice: 'mine' | 'theirs' }>;
  }
}
