import type { Turn } from '../../types.ts';
import { NtTurnList } from './nt-turn-list.ts';

customElements.define('nt-turn-list', NtTurnList);

declare global {
  interface HTMLElementTagNameMap {
    'nt-turn-list': NtTurnList;
  }
  interface GlobalEventHandlersEventMap {
    'nt-turns-input': CustomEvent<{ turns: Turn[]; index: number }>;
    'nt-turn-seek': CustomEvent<{ start: number }>;
    'nt-turn-focus': CustomEvent<{ index: number }>;
  }
}
