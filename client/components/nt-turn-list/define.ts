import type { Turn } from '../../types.ts';
import { NtTurnList, type TurnChange } from './nt-turn-list.ts';

customElements.define('nt-turn-list', NtTurnList);

declare global {
  interface HTMLElementTagNameMap {
    'nt-turn-list': NtTurnList;
  }
  interface GlobalEventHandlersEventMap {
    'nt-turns-input': CustomEvent<{ turns: Turn[]; index: number; change: TurnChange }>;
    'nt-turn-seek': CustomEvent<{ start: number }>;
    'nt-turn-focus': CustomEvent<{ index: number }>;
  }
}
